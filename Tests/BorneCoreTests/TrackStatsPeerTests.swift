import Foundation
import XCTest
@testable import BorneCore

/// Runs gpxpy (the PyPI package, pinned) on every GPX of the repository and
/// checks our figures against it within the 2 %: distance (after
/// the Earth-radius difference, see `TrackStatsTests`), D+ and D−, and the
/// altitude extremes. The package is installed with pip into a private
/// folder when missing; the test is skipped, saying why, when python3 or
/// PyPI is unavailable.
final class TrackStatsPeerTests: XCTestCase {
    static let pinnedPeer = "gpxpy==1.6.2"
    static let tolerance = 0.02
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// Every GPX with track points: gpxpy's samples and the demo content's tracks.
    func files() throws -> [URL] {
        let fixtures = Self.here.appendingPathComponent("Fixtures/gpx")
        let content = Self.here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content/gpx")
        var out: [URL] = []
        for dir in [fixtures, content] {
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".gpx") {
                out.append(dir.appendingPathComponent(name))
            }
        }
        return out
    }

    func testFiguresAgreeWithGpxpyWithinTwoPercent() throws {
        let env = try ensurePeer()
        let files = try files()
        XCTAssertGreaterThanOrEqual(files.count, 20)
        let script = Self.here.appendingPathComponent("peer/peer_gpx.py").path
        let result = try run(["python3", script] + files.map(\.path), environment: env)
        XCTAssertEqual(result.status, 0, result.err)
        var compared = 0
        for line in result.out.split(separator: "\n") {
            let ref = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let path = try XCTUnwrap(ref["file"] as? String)
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard ref["error"] == nil, let points = ref["track_points"] as? Int, points > 0 else { continue } // routes only: gpxpy counts tracks
            let track = try GPX.parse(String(contentsOfFile: path, encoding: .utf8))
            let s = track.stats
            let length = (ref["length_2d"] as? Double ?? 0) * Geodesy.earthRadiusM / 6_378_137
            assertWithin(s.distanceM, length, "\(name): distance")
            if s.hasElevation {
                assertWithin(s.ascentM, ref["uphill"] as? Double ?? 0, "\(name): D+")
                assertWithin(s.descentM, ref["downhill"] as? Double ?? 0, "\(name): D−")
                XCTAssertEqual(s.minEleM ?? .nan, ref["min_ele"] as? Double ?? .nan, accuracy: 1e-6, name)
                XCTAssertEqual(s.maxEleM ?? .nan, ref["max_ele"] as? Double ?? .nan, accuracy: 1e-6, name)
            }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 15, "too few files compared: \(result.out)")
    }

    /// Within 2 %, or 0.5 m for figures near zero.
    private func assertWithin(_ ours: Double, _ theirs: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours, theirs, accuracy: max(0.5, abs(theirs) * Self.tolerance), "\(what): ours \(ours), gpxpy \(theirs)", file: file, line: line)
    }

    // MARK: - Running the peer

    private func ensurePeer() throws -> [String: String] {
        try PythonPeer.environment(check: ["python3", "-c", "import gpxpy, sys; sys.exit(0 if gpxpy.__version__ == '1.6.2' else 1)"], package: Self.pinnedPeer, label: "gpxpy")
    }

    private func run(_ args: [String], environment: [String: String] = [:]) throws -> PythonPeer.Output {
        try PythonPeer.run(args, environment: environment)
    }
}
