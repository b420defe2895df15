import BorneTestSupport
import XCTest
import BorneQR
@testable import BorneUI

final class QRTests: XCTestCase {
    static let address = "https://www.carlades.fr"

    // MARK: - Encoding (libqrencode)

    func testAddressIsEncodedAsAVersion2Code() throws {
        // 23 bytes in byte mode at level M: version 1 holds 14, version 2 holds 26.
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        XCTAssertEqual(m.size, 25)
        XCTAssertEqual(m.modules.count, 625)
    }

    func testThreeFinderPatternsWithLightSeparators() throws {
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        let n = m.size
        for (ox, oy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for y in 0..<7 {
                for x in 0..<7 {
                    let ring = max(abs(x - 3), abs(y - 3)) // 3 outer (dark), 2 (light), 0–1 core (dark)
                    XCTAssertEqual(m[ox + x, oy + y], ring != 2, "finder at (\(ox), \(oy)), module (\(x), \(y))")
                }
            }
            // The separator: a light border around each finder, inside the symbol.
            for i in -1...7 {
                for (x, y) in [(ox + i, oy - 1), (ox + i, oy + 7), (ox - 1, oy + i), (ox + 7, oy + i)]
                    where x >= 0 && y >= 0 && x < n && y < n {
                    XCTAssertFalse(m[x, y], "separator module (\(x), \(y))")
                }
            }
        }
        // No finder in the fourth corner.
        XCTAssertFalse((0..<7).allSatisfy { m[n - 1 - $0, n - 1] })
        // Timing patterns between the finders alternate, starting dark.
        for i in 8..<(n - 8) {
            XCTAssertEqual(m[i, 6], i % 2 == 0)
            XCTAssertEqual(m[6, i], i % 2 == 0)
        }
    }

    func testTextThatCannotBeEncodedGivesNil() {
        XCTAssertNil(QR.matrix(for: ""))
        XCTAssertNil(QR.matrix(for: "https://a\u{0}b"))
        XCTAssertNil(QR.matrix(for: String(repeating: "é", count: 2000))) // 4000 bytes > 2331 at M
        XCTAssertEqual(QR.matrix(for: "https://www.carlades.fr/randonnees?id=42&lang=fr")?.size, 33) // v4
    }

    func testProviderIsTheEncoder() {
        XCTAssertEqual(QR.provider(Self.address), QR.matrix(for: Self.address))
    }

    // MARK: - Drawing

    func testViewSizeIsTheMatrixPlusQuietZoneInHalfBlockRows() throws {
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        XCTAssertEqual(QRCodeView.size(for: m), Size(width: 29, height: 15))
        XCTAssertEqual(QRCodeView(matrix: QRMatrix(size: 2, modules: [true, false, false, true])).size, Size(width: 6, height: 3))
    }

    func testRendersHalfBlocksWithTheQRStyleEverywhere() throws {
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        var canvas = Canvas(width: 29, height: 15)
        QRCodeView(matrix: m).render(in: canvas.bounds, into: &canvas)
        let rows = canvas.plainText.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(rows.count, 15)
        XCTAssertEqual(rows[0], "") // quiet zone: modules −2 and −1
        // Row 1 holds module rows 0 and 1: the finders' top edges.
        XCTAssertEqual(rows[1].prefix(9), "  █▀▀▀▀▀█")
        XCTAssertTrue(canvas.cells.allSatisfy { ["█", "▀", "▄", " "].contains($0.text) && $0.style == Style(.qr) })
        XCTAssertEqual(Self.modules(from: canvas, at: canvas.bounds), Self.padded(m))
    }

    func testIsCentredAndDrawsNothingElse() throws {
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        var canvas = Canvas(width: 40, height: 20, fill: Cell("x"))
        QRCodeView(matrix: m).render(in: Rect(x: 2, y: 1, width: 35, height: 19), into: &canvas)
        let drawn = Rect(x: 2 + 3, y: 1 + 2, width: 29, height: 15)
        for y in 0..<20 {
            for x in 0..<40 {
                XCTAssertEqual(canvas[x, y].text == "x", !drawn.contains(x: x, y: y), "(\(x), \(y))")
            }
        }
        XCTAssertEqual(Self.modules(from: canvas, at: drawn), Self.padded(m))
    }

    func testDoesNotDrawACroppedCode() throws {
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        for (w, h) in [(28, 15), (29, 14), (0, 0)] {
            var canvas = Canvas(width: 40, height: 20, fill: Cell("x"))
            QRCodeView(matrix: m).render(in: Rect(x: 0, y: 0, width: w, height: h), into: &canvas)
            XCTAssertTrue(canvas.cells.allSatisfy { $0.text == "x" }, "\(w)x\(h)")
        }
    }

    // MARK: - Decoding round trip (zbarimg)

    func testEncodedMatrixDecodesToTheSameText() throws {
        let zbarimg = try Self.zbarimg()
        let m = try XCTUnwrap(QR.matrix(for: Self.address))
        XCTAssertEqual(try Self.decode(Self.padded(m), zbarimg: zbarimg), Self.address)
    }

    /// What a phone sees: the canvas as drawn (light background, glyph ink
    /// dark), with only the view's own 2-module quiet zone, on a black
    /// screen — the worst case around the code.
    func testRenderedCanvasDecodesToTheSameText() throws {
        let zbarimg = try Self.zbarimg()
        let text = "https://www.carlades.fr/randonnees/puy-griou?lang=de"
        let m = try XCTUnwrap(QR.matrix(for: text))
        var canvas = Canvas(width: 60, height: 30)
        QRCodeView(matrix: m).render(in: canvas.bounds, into: &canvas)
        let size = QRCodeView.size(for: m)
        let drawn = Rect(x: (60 - size.width) / 2, y: (30 - size.height) / 2, width: size.width, height: size.height)
        var image = Self.modules(from: canvas, at: drawn)
        image = Self.surround(image, by: 3, dark: true)
        XCTAssertEqual(try Self.decode(image, zbarimg: zbarimg, margin: 0), text)
    }

    // MARK: - Helpers

    typealias Bitmap = [[Bool]] // rows of modules, true = dark

    /// The matrix with the view's quiet zone, as the view should draw it.
    static func padded(_ m: QRMatrix) -> Bitmap {
        let q = QRCodeView.quietZone
        let side = m.size + 2 * q
        var rows = (0..<side).map { y in (0..<side).map { x in m[x - q, y - q] } }
        if side % 2 == 1 { rows.append(Array(repeating: false, count: side)) } // the last cell row's lower half
        return rows
    }

    /// Reads the modules back from half-block cells (`.qr`: glyph ink = dark).
    static func modules(from canvas: Canvas, at rect: Rect) -> Bitmap {
        var rows: Bitmap = []
        for y in rect.y..<rect.maxY {
            let texts = (rect.x..<rect.maxX).map { canvas[$0, y].text }
            rows.append(texts.map { $0 == "█" || $0 == "▀" })
            rows.append(texts.map { $0 == "█" || $0 == "▄" })
        }
        return rows
    }

    static func surround(_ b: Bitmap, by n: Int, dark: Bool) -> Bitmap {
        let w = (b.first?.count ?? 0) + 2 * n
        let edge = Array(repeating: Array(repeating: dark, count: w), count: n)
        let side = Array(repeating: dark, count: n)
        return edge + b.map { side + $0 + side } + edge
    }

    /// Writes `bitmap` as a binary PGM (8 pixels per module, `margin`
    /// light modules around it) and returns what zbarimg reads in it.
    static func decode(_ bitmap: Bitmap, zbarimg: String, margin: Int = 4) throws -> String {
        let b = surround(bitmap, by: margin, dark: false)
        let scale = 8
        let h = b.count * scale, w = (b.first?.count ?? 0) * scale
        var data = Data("P5\n\(w) \(h)\n255\n".utf8)
        for row in b {
            let line = row.flatMap { Array(repeating: $0 ? UInt8(0) : UInt8(255), count: scale) }
            for _ in 0..<scale { data.append(contentsOf: line) }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("borne-qr-\(UUID().uuidString).pgm")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try run(zbarimg, ["--raw", "-q", file.path], withErrors: false)
        XCTAssertEqual(status, 0, "zbarimg found no code: \(output)")
        return output.trimmingCharacters(in: .newlines)
    }

    /// zbarimg's path. Installed with apt-get when missing and running as
    /// root (as in CI containers); otherwise the round-trip tests are skipped.
    static func zbarimg() throws -> String {
        switch zbarimgLookup {
        case let .success(path): return path
        case let .failure(why): throw MissingPrerequisite(why.message)
        }
    }

    struct Unavailable: Error { var message: String }

    private static let zbarimgLookup: Result<String, Unavailable> = {
        if let p = which("zbarimg") { return .success(p) }
        guard getuid() == 0 else {
            return .failure(Unavailable(message: "zbarimg is not installed (Debian package zbar-tools) and the tests do not run as root, so they cannot install it: decode round-trip skipped"))
        }
        let env = ["DEBIAN_FRONTEND=noninteractive"]
        var log = ""
        if let r = try? run("/usr/bin/env", env + ["apt-get", "install", "-y", "-qq", "zbar-tools"]) { log = r.output }
        if which("zbarimg") == nil, let r = try? run("/usr/bin/env", env + ["sh", "-c", "apt-get update -qq && apt-get install -y -qq zbar-tools"]) {
            log += r.output
        }
        if let p = which("zbarimg") { return .success(p) }
        return .failure(Unavailable(message: "zbarimg is missing and `apt-get install zbar-tools` failed (offline?): decode round-trip skipped. \(log.suffix(300))"))
    }()

    static func which(_ tool: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool; `output` is its standard output, plus its standard error
    /// when `withErrors` (zbarimg prints D-Bus noise there on headless boxes).
    static func run(_ executable: String, _ arguments: [String], withErrors: Bool = true) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = withErrors ? pipe : FileHandle.nullDevice
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}
