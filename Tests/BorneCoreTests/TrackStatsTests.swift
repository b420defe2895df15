import XCTest
@testable import BorneCore

final class TrackStatsTests: XCTestCase {

    private func line(_ eles: [Double?], lat0: Double = 45.0, step: Double = 0.001) -> [TrackPoint] {
        eles.enumerated().map { TrackPoint(lat: lat0 + Double($0.offset) * step, lon: 2.7, ele: $0.element) }
    }

    private func assertClose(_ a: [Double], _ b: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6, "\(a)", file: file, line: line) }
    }

    // MARK: - Distance

    func testDistanceIsHaversineOnTheMeanEarthRadius() {
        // One degree of a meridian: R·π/180.
        let t = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7), TrackPoint(lat: 46, lon: 2.7)]])
        XCTAssertEqual(t.stats.distanceM, 6_371_008.8 * .pi / 180, accuracy: 0.01)
        // A degree of longitude at 45° N is cos(45°) shorter (to 0.01 % for this short arc).
        let e = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7), TrackPoint(lat: 45, lon: 2.71)]])
        XCTAssertEqual(e.stats.distanceM, 6_371_008.8 * .pi / 180 * 0.01 * cos(.pi / 4), accuracy: 0.1)
    }

    func testDistanceIsNotCountedAcrossASegmentGap() {
        let a = [TrackPoint(lat: 45, lon: 2.7), TrackPoint(lat: 45.01, lon: 2.7)]
        let b = [TrackPoint(lat: 46, lon: 2.7), TrackPoint(lat: 46.01, lon: 2.7)]
        let one = Track(name: nil, segments: [a]).stats.distanceM
        XCTAssertEqual(Track(name: nil, segments: [a, b]).stats.distanceM, 2 * one, accuracy: 0.01)
    }

    func testSinglePointTrackHasNoLengthButHasBoundsAndProfile() {
        let t = Track(name: "x", segments: [[], [TrackPoint(lat: 45.1, lon: 2.6, ele: 1200)], []])
        XCTAssertEqual(t.segments.count, 1)
        XCTAssertEqual(t.stats.distanceM, 0)
        XCTAssertEqual(t.stats.ascentM, 0)
        XCTAssertEqual(t.bounds, TrackBounds(minLat: 45.1, maxLat: 45.1, minLon: 2.6, maxLon: 2.6))
        XCTAssertEqual(t.profile(samples: 3).map(\.eleM), [1200, 1200, 1200])
        XCTAssertEqual(t.profile(samples: 3).map(\.distanceM), [0, 0, 0])
    }

    func testEmptyTrack() {
        let t = Track(name: nil, segments: [])
        XCTAssertEqual(t.stats, TrackStats())
        XCTAssertNil(t.bounds)
        XCTAssertNil(t.start)
        XCTAssertEqual(t.profile(samples: 10), [])
    }

    func testBoundsCoverEverySegment() {
        let t = Track(name: nil, segments: [[TrackPoint(lat: 45.2, lon: 2.5), TrackPoint(lat: 45.0, lon: 2.9)],
                                            [TrackPoint(lat: 45.3, lon: 2.4)]])
        XCTAssertEqual(t.bounds, TrackBounds(minLat: 45.0, maxLat: 45.3, minLon: 2.4, maxLon: 2.9))
    }

    // MARK: - Climb

    func testSteadyClimbIsCountedInFull() {
        let t = Track(name: nil, segments: [line((0...100).map { 1000 + Double($0) })])
        XCTAssertEqual(t.stats.ascentM, 100, accuracy: 1e-9)
        XCTAssertEqual(t.stats.descentM, 0)
        XCTAssertEqual(t.stats.minEleM, 1000)
        XCTAssertEqual(t.stats.maxEleM, 1100)
    }

    func testSmoothingAndSummingFollowGpxpy() {
        // gpxpy: inner values become 0.3·prev + 0.4·self + 0.3·next, then every step counts.
        // [0, 10, 0, 10, 0] → [0, 4, 6, 4, 0]: up 4 + 2, down 2 + 4.
        let t = Track(name: nil, segments: [line([0, 10, 0, 10, 0].map { 1000 + $0 })])
        XCTAssertEqual(t.stats.ascentM, 6, accuracy: 1e-9)
        XCTAssertEqual(t.stats.descentM, 6, accuracy: 1e-9)
        XCTAssertEqual(TrackStats.smoothed([1, 2]), [1, 2], "two points: nothing to smooth")
    }

    func testNoiseOnTheFlatIsDampedNotRemoved() {
        // ±2 m of jitter around 1000 m for 200 fixes: raw steps sum to 233 m,
        // gpxpy's smoothing keeps about a fifth of it (48 m). A known cost of
        // matching gpxpy (docs/CONTENT.md, "GPX figures").
        let noisy = (0..<200).map { 1000 + [0, 2, -1, 1.5, -2, 0.5][$0 % 6] }
        let raw = TrackStats.climb(noisy).up
        let t = Track(name: nil, segments: [line(noisy)])
        XCTAssertEqual(raw, 233, accuracy: 1e-6)
        XCTAssertEqual(t.stats.ascentM, 47.95, accuracy: 1e-6)
        XCTAssertEqual(t.stats.descentM, 45.95, accuracy: 1e-6)
    }

    func testASingleFixSpikeIsAttenuatedAsGpxpyDoes() {
        let e: [Double] = [740, 741, 806.7, 742, 743, 744]
        let t = Track(name: nil, segments: [line(e)])
        // Smoothed: 740, 760.41, 767.58, 761.71, 743.0, 744.
        XCTAssertEqual(t.stats.ascentM, 20.41 + 7.17 + 1, accuracy: 1e-6)
        XCTAssertEqual(t.stats.descentM, 5.87 + 18.71, accuracy: 1e-6)
        XCTAssertEqual(t.stats.maxEleM, 806.7) // extremes stay raw: what the file says
    }

    func testClimbIsNotCountedAcrossASegmentGap() {
        let t = Track(name: nil, segments: [line([1000, 1000]), line([1300, 1300], lat0: 45.1)])
        XCTAssertEqual(t.stats.ascentM, 0)
        XCTAssertEqual(t.stats.minEleM, 1000)
        XCTAssertEqual(t.stats.maxEleM, 1300)
    }

    func testPointsWithoutElevationAreSkippedForClimb() {
        let t = Track(name: nil, segments: [line([1000, nil, nil, 1050, nil])])
        XCTAssertEqual(t.stats.ascentM, 50)
        XCTAssertTrue(t.stats.hasElevation)
    }

    func testAllZeroElevationsMeanNoElevation() throws {
        let t = try GPXFixture.track("gpxpy_cerknicko-jezero-with-elevations-zero.gpx")
        XCTAssertFalse(t.stats.hasElevation)
        XCTAssertTrue(t.segments.joined().allSatisfy { $0.ele == nil })
        XCTAssertEqual(t.profile(samples: 10), [])
        // Same geometry as the file without any <ele>.
        let bare = try GPXFixture.track("gpxpy_cerknicko-jezero-without-elevations.gpx")
        XCTAssertEqual(t.segments, bare.segments)
        XCTAssertEqual(t.stats, bare.stats)
    }

    func testAZeroAmongRealElevationsIsKept() {
        let t = Track(name: nil, segments: [line([0, 3, 12])])
        XCTAssertEqual(t.stats.minEleM, 0)
        XCTAssertEqual(t.stats.ascentM, 12)
    }

    // MARK: - Profile

    func testProfileSpansTheWholeDistanceWithLinearInterpolation() throws {
        let t = try GPXFixture.track("gpxpy_first_and_last_elevation.gpx") // ele on first and last point only
        let p = t.profile(samples: 5)
        XCTAssertEqual(p.count, 5)
        XCTAssertEqual(p.first?.distanceM, 0)
        XCTAssertEqual(p.last!.distanceM, t.stats.distanceM, accuracy: 1e-6)
        XCTAssertTrue(p.allSatisfy { $0.eleM == 140 })

        let ramp = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7, ele: 1000), TrackPoint(lat: 45.01, lon: 2.7, ele: 1100)]])
        assertClose(ramp.profile(samples: 5).map(\.eleM), [1000, 1025, 1050, 1075, 1100])
        XCTAssertEqual(ramp.profile(samples: 1).map(\.eleM), [1000])
        XCTAssertEqual(ramp.profile(samples: 0), [])
    }

    func testProfileHoldsTheNearestElevationBeforeTheFirstAndAfterTheLast() {
        let t = Track(name: nil, segments: [line([nil, 1000, 1100, nil])])
        assertClose(t.profile(samples: 4).map(\.eleM), [1000, 1000, 1100, 1100])
    }

    func testProfileJumpsAtASegmentGap() {
        let t = Track(name: nil, segments: [line([1000, 1000]), line([1200, 1200], lat0: 45.5)])
        let p = t.profile(samples: 5) // the gap is at the middle sample
        XCTAssertEqual(p[0].eleM, 1000)
        XCTAssertEqual(p[1].eleM, 1000)
        XCTAssertEqual(p[3].eleM, 1200)
        XCTAssertEqual(p[4].eleM, 1200)
    }

    // MARK: - Cross-check against gpxpy

    /// Reference figures from gpxpy 1.6.2 (`pip install gpxpy==1.6.2`, run by
    /// hand on these fixtures): `GPX.length_2d()`, `GPX.get_uphill_downhill()`,
    /// `GPX.get_elevation_extremes()`. `TrackStatsPeerTests` runs gpxpy itself
    /// on every GPX of the repository when PyPI is reachable.
    ///
    /// Distance: gpxpy uses the WGS84 *equatorial* radius (6 378 137 m, and a
    /// flat-earth formula for steps under 0.2°); we use haversine on the mean
    /// radius (6 371 008.8 m). So ours = gpxpy × 6371008.8 / 6378137
    /// (−0.112 %); the flat-earth steps add under 0.01 %.
    ///
    /// Climb: the same smoothing and sum as gpxpy, so the 2 % holds
    /// with room to spare; the check is 0.1 % (the order of float additions).
    func testDistanceClimbAndExtremesAgreeWithGpxpy() throws {
        struct Ref {
            var file: String
            var length2d: Double, uphill: Double, downhill: Double, minEle: Double, maxEle: Double
        }
        let refs = [
            Ref(file: "gpxpy_Mojstrovka.gpx", length2d: 2700.6, uphill: 446.5, downhill: 417.7,
                minEle: 1614.678, maxEle: 2057.36952),
            Ref(file: "gpxpy_cerknicko-jezero.gpx", length2d: 4580.1, uphill: 223.5, downhill: 89.4,
                minEle: 506.752075, maxEle: 579.331543),
            Ref(file: "gpxpy_korita-zbevnica.gpx", length2d: 14913.7, uphill: 703.8, downhill: 710.1,
                minEle: 722.087402, maxEle: 1050.858154),
            Ref(file: "gpxpy_around-visnjan-with-car.gpx", length2d: 2736.3, uphill: 49.7, downhill: 50.2,
                minEle: 195.77, maxEle: 241.91),
        ]
        for r in refs {
            let s = try GPXFixture.track(r.file).stats
            let expected = r.length2d * Geodesy.earthRadiusM / 6_378_137
            XCTAssertEqual(s.distanceM, expected, accuracy: expected * 0.0002 + 0.1, r.file)
            XCTAssertEqual(s.minEleM, r.minEle, r.file)
            XCTAssertEqual(s.maxEleM, r.maxEle, r.file)
            // The references are rounded to 0.1 m.
            XCTAssertEqual(s.ascentM, r.uphill, accuracy: r.uphill * 0.001 + 0.05, "\(r.file): D+")
            XCTAssertEqual(s.descentM, r.downhill, accuracy: r.downhill * 0.001 + 0.05, "\(r.file): D−")
        }
    }
}
