import Foundation

/// A minimal PDF 1.4 writer for one A4 page of text and vector lines: enough
/// for a hike sheet, with no dependency. Text is Helvetica in WinAnsiEncoding
/// (French accents, €, œ); a character outside it prints as "?".
/// Coordinates are PDF points from the bottom-left corner.
public struct PDFPage {
    public static let width = 595.0
    public static let height = 842.0

    private var ops = Data()

    public init() {}

    public enum Font: String { case regular = "F1", bold = "F2" }

    /// One line of text at (x, y), baseline.
    public mutating func text(_ s: String, x: Double, y: Double, size: Double, font: Font = .regular) {
        append("BT /\(font.rawValue) \(n(size)) Tf \(n(x)) \(n(y)) Td (")
        ops.append(Self.winAnsi(s))
        append(") Tj ET\n")
    }

    /// Word-wrapped text from (x, y) downwards; returns the y below the last line.
    @discardableResult
    public mutating func paragraph(_ s: String, x: Double, y: Double, width: Double, size: Double,
                                   font: Font = .regular, leading: Double? = nil) -> Double {
        let lineHeight = leading ?? size * 1.3
        // Helvetica averages about half an em per character in French text.
        let perLine = max(10, Int(width / (size * 0.5)))
        var y = y
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= perLine { line += " " + word } else {
                    text(line, x: x, y: y, size: size, font: font); y -= lineHeight; line = String(word)
                }
            }
            text(line, x: x, y: y, size: size, font: font); y -= lineHeight
        }
        return y
    }

    public mutating func polyline(_ points: [(Double, Double)], width: Double = 1, gray: Double = 0) {
        guard let first = points.first else { return }
        append("\(n(width)) w \(n(gray)) G \(n(first.0)) \(n(first.1)) m\n")
        for p in points.dropFirst() { append("\(n(p.0)) \(n(p.1)) l\n") }
        append("S\n")
    }

    public mutating func rect(x: Double, y: Double, w: Double, h: Double, fill gray: Double) {
        append("\(n(gray)) g \(n(x)) \(n(y)) \(n(w)) \(n(h)) re f 0 g\n")
    }

    /// The whole document: one page, two fonts.
    public func document() -> Data { Self.document(pages: [self]) }

    /// A document of several A4 pages sharing the two fonts (the office's report).
    public static func document(pages: [PDFPage]) -> Data {
        var out = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        func object(_ body: Data) {
            offsets.append(out.count)
            out.append(Data("\(offsets.count) 0 obj\n".utf8))
            out.append(body)
            out.append(Data("\nendobj\n".utf8))
        }
        // Objects: 1 catalog, 2 pages, 3-4 fonts, then a page and its content for each page.
        let pageIDs = pages.indices.map { 5 + 2 * $0 }
        object(Data("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(Data("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8))
        object(Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        object(Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8))
        for (i, page) in pages.enumerated() {
            object(Data(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         + "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(pageIDs[i] + 1) 0 R >>").utf8))
            var stream = Data("<< /Length \(page.ops.count) >>\nstream\n".utf8)
            stream.append(page.ops)
            stream.append(Data("\nendstream".utf8))
            object(stream)
        }
        let xref = out.count
        var table = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(format: "%010d 00000 n \n", o) }
        table += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }

    private mutating func append(_ s: String) { ops.append(Data(s.utf8)) }

    private func n(_ v: Double) -> String { String(format: "%.2f", v) }

    /// The string in Windows-1252, with PDF string escapes.
    public static func winAnsi(_ s: String) -> Data {
        var out = Data()
        for ch in s {
            let bytes = String(ch).data(using: .windowsCP1252) ?? Data("?".utf8)
            for b in bytes {
                switch b {
                case 0x28, 0x29, 0x5C: out.append(0x5C); out.append(b)   // ( ) \
                case 0x00..<0x20: out.append(0x20)
                default: out.append(b)
                }
            }
        }
        return out
    }
}
