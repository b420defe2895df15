import Foundation
import XCTest
import BorneCore
import BorneContent

/// Loading content with a track index: hikes' tracks from the index when it
/// describes their GPX files' exact bytes, parsed otherwise; the catalog is
/// the same either way.
final class TrackIndexLoadTests: RepoContentCopyTestCase {
    var gpxCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("gpx").path)) ?? [])
            .filter { $0.hasSuffix(".gpx") }.count
    }

    func testTheIndexServesEveryTrackAndTheCatalogIsTheSame() throws {
        let parsed = try ContentLoader.load(directory: dir)
        XCTAssertNil(parsed.tracks.source)
        XCTAssertGreaterThan(parsed.tracks.parsed, 0)
        XCTAssertEqual(parsed.tracks.built.entries.count, parsed.tracks.parsed)
        XCTAssertLessThanOrEqual(parsed.tracks.parsed, gpxCount, "a GPX file used by two hikes is parsed once")
        try ContentLoader.writeTrackIndex(parsed.tracks.built, to: dir.appendingPathComponent(ContentLoader.trackIndexName))

        let indexed = try ContentLoader.load(directory: dir)
        XCTAssertEqual(indexed.tracks.parsed, 0, "no GPX parsed")
        XCTAssertEqual(indexed.tracks.source?.lastPathComponent, ".tracks")
        XCTAssertEqual(indexed.tracks.stale + indexed.tracks.missing + indexed.tracks.refused, [])
        XCTAssertEqual(indexed.catalog, parsed.catalog)
        XCTAssertEqual(indexed.problems, parsed.problems)
    }

    /// A GPX file changed after the index was written: its entry is stale,
    /// the file is parsed and the hike shows the new track.
    func testAStaleEntryIsParsedAgain() throws {
        let first = try ContentLoader.load(directory: dir)
        try ContentLoader.writeTrackIndex(first.tracks.built, to: dir.appendingPathComponent(ContentLoader.trackIndexName))
        let path = try XCTUnwrap(first.tracks.built.entries.keys.sorted().first)
        let url = dir.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        // Move every latitude by replacing the first digit after `lat="4`.
        try Data(text.replacingOccurrences(of: "lat=\"4", with: "lat=\"3").utf8).write(to: url)

        let again = try ContentLoader.load(directory: dir)
        XCTAssertEqual(again.tracks.stale, [path])
        XCTAssertEqual(again.tracks.parsed, 1)
        let hike = try XCTUnwrap(again.catalog.items.first { $0.hike?.gpxPath == path }?.hike?.track)
        XCTAssertLessThan(try XCTUnwrap(hike.bounds).maxLat, 40, "the new file's track, not the index's")
        XCTAssertEqual(again.tracks.built.entries[path]?.track, hike)
    }

    /// A damaged index is refused with its reason, every track parsed, the
    /// catalog unchanged.
    func testADamagedIndexIsRefusedAndTracksAreParsed() throws {
        let first = try ContentLoader.load(directory: dir)
        var bytes = first.tracks.built.encoded()
        bytes[bytes.count / 2] ^= 0xFF
        let index = dir.appendingPathComponent(ContentLoader.trackIndexName)
        try Data(bytes).write(to: index)
        let again = try ContentLoader.load(directory: dir)
        XCTAssertNil(again.tracks.source)
        XCTAssertEqual(again.tracks.refused,
                       ["track index \(index.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.tracks.parsed, first.tracks.parsed)
        XCTAssertEqual(again.catalog, first.catalog)
    }

    /// Content without its own index (the demo content/) uses the index
    /// kept elsewhere (the kiosk's data directory), entry by entry.
    func testTheFallbackServesContentWithoutAnIndex() throws {
        let first = try ContentLoader.load(directory: dir)
        let fallback = tmp.appendingPathComponent("data/cache/tracks")
        try ContentLoader.writeTrackIndex(first.tracks.built, to: fallback)
        let again = try ContentLoader.load(directory: dir, trackIndexFallback: fallback)
        XCTAssertEqual(again.tracks.source, fallback)
        XCTAssertEqual(again.tracks.parsed, 0)
        XCTAssertEqual(again.catalog, first.catalog)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".tracks").path),
                       "the content directory is never written")
    }
}
