import Foundation
import XCTest
import BorneOffice

/// Place names as the office writes them (issue 12): the report's kiosk
/// columns say what each kiosk's header says, its config's `name`.
final class PlaceNameTests: XCTestCase {
    func testReportKioskNamesAreTheConfigNames() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (id, name) in KioskCatalog.known {
            let url = root.appendingPathComponent("kiosk-config/\(id).json")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], id)
            XCTAssertEqual(json["name"] as? String, name, "\(id): the report names the kiosk as its config does")
        }
        let configs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("kiosk-config").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        XCTAssertEqual(Set(configs), Set(KioskCatalog.known.map(\.id)), "every kiosk has its report column")
    }
}
