import XCTest
@testable import BorneCore

/// The track index's file format: tracks read back equal to those parsed
/// (names, segments, points without elevation, the zero-elevation rule),
/// entries tied to their GPX bytes, and every damage refused as a whole.
final class TrackIndexTests: XCTestCase {
    func sample() throws -> (TrackIndex, [String: [UInt8]]) {
        var index = TrackIndex()
        var files: [String: [UInt8]] = [:]
        for name in ["gpxpy_Mojstrovka.gpx", "gpxpy_cerknicko-jezero-without-elevations.gpx",
                     "gpxpy_cerknicko-jezero-with-elevations-zero.gpx", "gpxpy_around-visnjan-with-car.gpx"] {
            let bytes = Array(try GPXFixture.text(name).utf8)
            files["gpx/" + name] = bytes
            index.entries["gpx/" + name] = TrackIndex.Entry(size: bytes.count, fingerprint: TrackIndex.fingerprint(bytes),
                                                            track: try GPXFixture.track(name))
        }
        return (index, files)
    }

    func testTracksReadBackEqualToThoseParsed() throws {
        let (index, files) = try sample()
        let back = try TrackIndex.decode(index.encoded())
        XCTAssertEqual(back, index)
        for (path, bytes) in files {
            let t = bytes.withUnsafeBytes { back.track(for: path, bytes: $0) }
            XCTAssertEqual(t, index.entries[path]?.track, path)
            XCTAssertEqual(t?.stats, index.entries[path]?.track.stats, path)
        }
        XCTAssertEqual(try TrackIndex.decode(TrackIndex().encoded()), TrackIndex())
    }

    /// An entry describes one exact file: another size or other bytes of
    /// the same size are not served from it.
    func testAnEntryServesOnlyTheBytesItWasMadeFrom() throws {
        let (index, files) = try sample()
        var bytes = files["gpx/gpxpy_Mojstrovka.gpx"]!
        bytes[bytes.count / 2] ^= 0x01
        XCTAssertNil(bytes.withUnsafeBytes { index.track(for: "gpx/gpxpy_Mojstrovka.gpx", bytes: $0) })
        bytes.append(0x20)
        XCTAssertNil(bytes.withUnsafeBytes { index.track(for: "gpx/gpxpy_Mojstrovka.gpx", bytes: $0) })
        XCTAssertNil(files["gpx/gpxpy_Mojstrovka.gpx"]!.withUnsafeBytes { index.track(for: "gpx/other.gpx", bytes: $0) })
    }

    /// Any altered byte, a truncation, or another file is refused with its reason.
    func testDamageIsRefusedAsAWhole() throws {
        let (index, _) = try sample()
        let good = index.encoded()
        for at in [0, 20, good.count / 3, good.count / 2, good.count - 9, good.count - 1] {
            var bad = good
            bad[at] ^= 0x40
            XCTAssertThrowsError(try TrackIndex.decode(bad), "byte \(at)")
        }
        XCTAssertThrowsError(try TrackIndex.decode(Array(good.prefix(good.count - 100)))) { error in
            XCTAssertEqual("\(error)", "its checksum does not match its contents (truncated or altered)")
        }
        XCTAssertThrowsError(try TrackIndex.decode(Array("<gpx></gpx>".utf8))) { error in
            XCTAssertEqual("\(error)", "not a track index (no BORNE-TRACKS-1 header)")
        }
        // A consistent checksum around a body that ends early: still refused.
        var short = Array(good.prefix(good.count - 8 - 30))
        short += withUnsafeBytes(of: TrackIndex.fingerprint(short).littleEndian) { Array($0) }
        XCTAssertThrowsError(try TrackIndex.decode(short)) { error in
            XCTAssertEqual("\(error)", "it ends in the middle of an entry")
        }
    }
}
