import BorneContent
import BorneCore
import Foundation
import XCTest
@testable import borne

/// The kiosk's content load keeps the tracks of content installed without
/// an index (the demo content/ of `make run`) in DATA/cache/tracks: parsed
/// once, then read from there; the content directory is never written.
final class KioskContentLoadTests: XCTestCase {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")
    var data: URL!

    override func setUpWithError() throws {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("borne-kiosk-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let data { try? FileManager.default.removeItem(at: data) }
    }

    func testTracksAreParsedOnceThenReadFromTheDataDirectory() throws {
        let cache = KioskContentLoad.fallback(dataDir: data)
        let first = try KioskContentLoad.load(directory: Self.content, dataDir: data)
        XCTAssertGreaterThan(first.tracks.parsed, 0)
        XCTAssertEqual(try TrackIndex.decode(Array(Data(contentsOf: cache))), first.tracks.built)

        let second = try KioskContentLoad.load(directory: Self.content, dataDir: data)
        XCTAssertEqual(second.tracks.parsed, 0, "no GPX parsed on the second start")
        XCTAssertEqual(second.tracks.source?.path, cache.path)
        XCTAssertEqual(second, first)
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: Self.content.appendingPathComponent(ContentLoader.trackIndexName).path))
    }

    /// A damaged index in the data directory is refused and written again.
    func testADamagedIndexIsRebuilt() throws {
        let cache = KioskContentLoad.fallback(dataDir: data)
        let first = try KioskContentLoad.load(directory: Self.content, dataDir: data)
        try Data("BORNE-TRACKS-1\n and then garbage".utf8).write(to: cache)
        let second = try KioskContentLoad.load(directory: Self.content, dataDir: data)
        XCTAssertEqual(second.tracks.refused.count, 1)
        XCTAssertEqual(second.tracks.parsed, first.tracks.parsed)
        XCTAssertEqual(try TrackIndex.decode(Array(Data(contentsOf: cache))), first.tracks.built, "written again")
        XCTAssertEqual(try KioskContentLoad.load(directory: Self.content, dataDir: data).tracks.parsed, 0)
    }
}
