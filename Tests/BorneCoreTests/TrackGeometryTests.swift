import BorneCore
import Foundation
import XCTest

/// Projection, simplification and the relief's perspective, on real samples.
final class TrackGeometryTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gpx")

    func track(_ name: String) throws -> Track {
        try GPX.parse(String(contentsOf: Self.dir.appendingPathComponent(name), encoding: .utf8))
    }

    func testLocalMetresMatchTheHaversineDistance() throws {
        let t = try track("gpxpy_korita-zbevnica.gpx")
        let seg = try XCTUnwrap(TrackGeometry.localSegments(t).first)
        var planar = 0.0
        for (a, b) in zip(seg, seg.dropFirst()) { planar += hypot(b.x - a.x, b.y - a.y) }
        let real = t.segments[0].indices.dropFirst().reduce(0.0) { $0 + Geodesy.distanceM(t.segments[0][$1 - 1], t.segments[0][$1]) }
        XCTAssertEqual(planar, real, accuracy: real * 0.005)
    }

    func testDouglasPeuckerKeepsEndsOrderAndTolerance() throws {
        for name in ["gpxpy_korita-zbevnica.gpx", "gpxpy_route.gpx", "gpxpy_cerknicko-jezero-without-elevations.gpx", "gpxpy_track-with-empty-segment.gpx"] {
            for seg in TrackGeometry.localSegments(try track(name)) where seg.count > 2 {
                let s = TrackGeometry.simplify(seg, tolerance: 10)
                XCTAssertEqual(s.first, seg.first, name); XCTAssertEqual(s.last, seg.last, name)
                XCTAssertLessThanOrEqual(s.count, seg.count, name)
                // Every dropped point is within the tolerance of the kept line.
                for p in seg {
                    let d = zip(s, s.dropFirst()).map { a, b -> Double in
                        let dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy
                        let t = l2 > 0 ? min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0
                        return hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
                    }.min() ?? 0
                    XCTAssertLessThanOrEqual(d, 10.0001, name)
                }
            }
        }
    }

    func testSimplifyingALongTrackRemovesMostPoints() throws {
        let seg = try XCTUnwrap(TrackGeometry.localSegments(try track("gpxpy_korita-zbevnica.gpx")).first)
        XCTAssertLessThan(TrackGeometry.simplify(seg, tolerance: 20).count, seg.count / 3)
    }

    func testReliefAnglesTurnTheViewAndHigherIsUp() throws {
        let seg = [[LocalPoint(x: 0, y: 0, z: 100), LocalPoint(x: 0, y: 0, z: 500), LocalPoint(x: 1000, y: 0, z: 100)]]
        let p = ReliefProjection(angle: 0, segments: seg)
        XCTAssertLessThan(p.project(seg[0][1]).y, p.project(seg[0][0]).y, "a higher point is drawn higher")
        XCTAssertGreaterThan(p.project(seg[0][2]).x, p.project(seg[0][0]).x, "looking north, east is right")
        let south = ReliefProjection(angle: 4, segments: seg)
        XCTAssertLessThan(south.project(seg[0][2]).x, south.project(seg[0][0]).x, "looking south, east is left")
        XCTAssertEqual(ReliefProjection(angle: 9, segments: seg).angle, 1)
        XCTAssertEqual(ReliefProjection(angle: -1, segments: seg).angle, 7)
    }

    func testWinterRangeWrapsOverTheNewYear() {
        var c = KioskConfig(id: "t", name: "t", commune: "t")
        c.winter = (MonthDay("12-01")!, MonthDay("03-31")!)
        XCTAssertTrue(c.isWinter(LocalDate(year: 2027, month: 1, day: 15)))
        XCTAssertTrue(c.isWinter(LocalDate(year: 2027, month: 12, day: 1)))
        XCTAssertFalse(c.isWinter(LocalDate(year: 2027, month: 7, day: 13)))
        XCTAssertNil(MonthDay("13-01")); XCTAssertNil(MonthDay("2-1"))
    }
}
