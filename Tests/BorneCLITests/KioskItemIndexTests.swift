import BorneContent
import BorneCore
import BorneTestSupport
import Foundation
import XCTest
@testable import borne

/// A copy of the repository's content (`content`) and an empty data
/// directory (`data`), inside `work` (removed after the test).
class KioskContentCopyTestCase: XCTestCase {
    var work: URL!
    var content: URL!
    var data: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("borne-kiosk-content-\(UUID().uuidString)")
        content = work.appendingPathComponent("content")
        data = work.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: BuiltBorne.repoRoot.appendingPathComponent("content"), to: content)
    }

    override func tearDownWithError() throws {
        if let work { try? FileManager.default.removeItem(at: work) }
    }
}

/// The kiosk's items of content installed without `.items` (the demo
/// content/ of `make run`): parsed once, their index written to
/// DATA/cache/items, then read from there; a damaged or stale index is
/// said in a log line and rebuilt; the screen is the same either way.
final class KioskItemIndexTests: KioskContentCopyTestCase {

    func testItemsAreParsedOnceThenReadFromTheDataDirectory() throws {
        let cache = KioskContentLoad.itemsFallback(dataDir: data)
        let first = try KioskContentLoad.load(directory: content, dataDir: data)
        XCTAssertNil(first.items.source)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.path), "index written to \(cache.path)")
        let second = try KioskContentLoad.load(directory: content, dataDir: data)
        XCTAssertEqual(second.items.source?.path, cache.path)
        XCTAssertNil(second.items.built)
        XCTAssertEqual(second, first)
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: content.appendingPathComponent(ContentLoader.itemIndexName).path), "content never written")
    }

    /// The real kiosk, its home screen and its log lines, start after start.
    func testTheKioskLogsADamagedOrStaleIndexRebuildsItAndDrawsTheSame() throws {
        let script = work.appendingPathComponent("empty.txt")
        try Data().write(to: script)
        let cache = KioskContentLoad.itemsFallback(dataDir: data).path
        func start() throws -> (screen: String, log: String) {
            let r = try BuiltBorne.run(["kiosk", "--config",
                                        BuiltBorne.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path,
                                        "--content", content.path, "--data-dir", data.path, "--size", "160x45",
                                        "--clock", "2027-07-13T10:30:00", "--script", script.path, "--dump-screen"])
            XCTAssertEqual(r.code, 0, r.err)
            return (r.out, r.err)
        }
        let first = try start()
        XCTAssertTrue(first.log.contains("item index written to \(cache) for the next start"), first.log)
        XCTAssertTrue(first.screen.contains("Où dormir"), first.screen)

        let second = try start()
        XCTAssertFalse(second.log.contains("item index"), second.log)
        XCTAssertEqual(second.screen, first.screen)

        try Data("BORNE-ITEMS-2\n and then garbage".utf8).write(to: URL(fileURLWithPath: cache))
        let damaged = try start()
        XCTAssertTrue(damaged.log.contains("item index \(cache) not used: its checksum does not match its contents "
                                           + "(truncated or altered); items parsed from \(content.path)/items"), damaged.log)
        XCTAssertTrue(damaged.log.contains("item index written to \(cache)"), damaged.log)
        XCTAssertEqual(damaged.screen, first.screen)
        XCTAssertFalse(try start().log.contains("item index"), "rebuilt")

        let manger = content.appendingPathComponent("items/manger.json")
        try (try Data(contentsOf: manger) + Data("\n".utf8)).write(to: manger)
        let stale = try start()
        XCTAssertTrue(stale.log.contains("item index \(cache) is stale (items/manger.json changed)"), stale.log)
        XCTAssertEqual(stale.screen, first.screen)
    }
}
