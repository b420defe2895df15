import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// The APIDAE samples (ApidaeFixtures/, verbatim, see PROVENANCE.txt) and
/// helpers to derive variants from them in a temporary folder.
class ApidaeTestCase: XCTestCase {
    static let fixtures = Repo.root.appendingPathComponent("Tests/BorneContentTests/ApidaeFixtures")
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-apidae-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func fixture(_ name: String) -> URL { Self.fixtures.appendingPathComponent(name) }

    func json(_ name: String) throws -> JSONValue { try JSONParser.parse(Data(contentsOf: fixture(name))) }

    /// The first object of a fixture holding a list (or the envelope's first).
    func object(_ name: String) throws -> JSONValue {
        try XCTUnwrap(ApidaeSource.objects(in: json(name))?.first, name)
    }

    /// Writes a JSON value to `tmp/name` and returns its URL.
    @discardableResult
    func write(_ value: JSONValue, _ name: String) throws -> URL {
        let url = tmp.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(ordered(value).rendered().utf8).write(to: url)
        return url
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = tmp.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func ordered(_ v: JSONValue) -> OrderedJSON {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(ordered))
        case .object(let o): return .object(o.keys.sorted().map { ($0, ordered(o[$0]!)) })
        }
    }

    /// Imports objects given as JSON values (one list file), with options.
    func importObjects(_ objects: [JSONValue], options: ApidaeImport.Options = .init()) throws -> ApidaeImportResult {
        let url = try write(.array(objects), "objects-\(UUID().uuidString).json")
        return try ApidaeImport.read([url], options: options)
    }

    func item(_ result: ApidaeImportResult, _ apidaeID: Int, file: StaticString = #filePath, line: UInt = #line) throws -> ContentItem {
        try XCTUnwrap(result.items.first { $0.id == "apidae-\(apidaeID)" }, "no item for \(apidaeID): \(result.report.lines)", file: file, line: line)
    }

    /// A committed zip of ZipFixtures/ (made from ApidaeFixtures/export by
    /// ZipFixtures/make-zips.py; the tests need no Python).
    func zipFixture(_ name: String) throws -> URL {
        let url = Repo.root.appendingPathComponent("Tests/BorneContentTests/ZipFixtures").appendingPathComponent(name)
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "missing fixture \(url.path) (ZipFixtures/make-zips.py makes it)")
        return url
    }
}

extension JSONValue {
    /// A copy with the value at a dotted path replaced (nil removes it);
    /// missing intermediate objects are created.
    func setting(_ path: String, _ value: JSONValue?) -> JSONValue {
        let keys = path.split(separator: ".").map(String.init)
        return Self.set(self, keys[...], value)
    }

    private static func set(_ v: JSONValue, _ keys: ArraySlice<String>, _ value: JSONValue?) -> JSONValue {
        guard let key = keys.first else { return value ?? .null }
        var o = v.object ?? [:]
        if keys.count == 1 {
            o[key] = value
        } else {
            o[key] = set(o[key] ?? .object([:]), keys.dropFirst(), value)
        }
        return .object(o)
    }
}
