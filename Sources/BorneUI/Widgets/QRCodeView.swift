/// A QR code's modules, row-major, `true` = dark. Made by BorneQR (the edge
/// that links libqrencode); BorneUI only draws it.
public struct QRMatrix: Equatable, Sendable {
    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    /// `size * size` modules, row by row.
    public let modules: [Bool]

    public init(size: Int, modules: [Bool]) {
        precondition(size >= 0 && modules.count == size * size, "QRMatrix: \(modules.count) modules for size \(size)")
        self.size = size
        self.modules = modules
    }

    /// The module at column `x`, row `y`; outside the matrix is light (the quiet zone).
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}

/// Encodes text as a QR code; nil when it cannot (too long, empty...). The
/// app is given one (BorneQR's `QR.provider`) so BorneUI needs no C library.
public typealias QRProvider = @Sendable (String) -> QRMatrix?

/// Draws a QR code with half blocks, two module rows per cell row, inside a
/// quiet zone of `quietZone` light modules.
///
/// Style `.qr` is dark foreground on a light background, on every cell, so
/// the light modules *and* the quiet zone are the light background (whatever
/// colour the screen around it has) and a dark module is the glyph's ink:
/// top and bottom dark "█", top only "▀", bottom only "▄", neither " ".
///
/// A QR code that does not fit whole is not drawn at all: a cropped one
/// cannot be scanned. Centred in `rect` otherwise.
public struct QRCodeView {
    public var matrix: QRMatrix
    /// 1: a module is one column by half a row (half blocks); 2: two columns
    /// by one row (full blocks), twice as large for scanning from further away.
    /// Both keep modules about square on a 1:2 terminal cell.
    public var scale: Int

    /// Light modules around the code. The standard asks for 4; 2 is what
    /// phone readers need in practice, and a terminal row is precious.
    public static let quietZone = 2

    public init(matrix: QRMatrix, scale: Int = 1) {
        self.matrix = matrix
        self.scale = scale == 2 ? 2 : 1
    }

    /// The cells needed: one column per module, one row per two modules
    /// (scale 2: two columns and one row per module).
    public static func size(for matrix: QRMatrix, scale: Int = 1) -> Size {
        let side = matrix.size + 2 * quietZone
        return scale == 2 ? Size(width: 2 * side, height: side) : Size(width: side, height: (side + 1) / 2)
    }

    public var size: Size { Self.size(for: matrix, scale: scale) }

    public func render(in rect: Rect, into canvas: inout Canvas) {
        let need = size
        guard rect.width >= need.width, rect.height >= need.height else { return }
        let x0 = rect.x + (rect.width - need.width) / 2
        let y0 = rect.y + (rect.height - need.height) / 2
        let q = Self.quietZone
        let style = Style(.qr)
        if scale == 2 {
            for row in 0..<need.height {
                for col in 0..<need.width {
                    canvas.set(x0 + col, y0 + row, Cell(matrix[col / 2 - q, row - q] ? "█" : " ", style))
                }
            }
            return
        }
        for row in 0..<need.height {
            for col in 0..<need.width {
                let top = matrix[col - q, 2 * row - q]
                let bottom = matrix[col - q, 2 * row + 1 - q]
                let glyph = top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " ")
                canvas.set(x0 + col, y0 + row, Cell(glyph, style))
            }
        }
    }
}
