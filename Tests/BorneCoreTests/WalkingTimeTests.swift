import XCTest
@testable import BorneCore

/// DIN 33466: max(horizontal, vertical) + min/2, at 4 km/h, 300 m/h up, 500 m/h down.
final class WalkingTimeTests: XCTestCase {
    func testFlatWalkIsFourKilometresAnHour() {
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 8, ascentM: 0, descentM: 0), 120)
    }

    func testClimbAndDescentAddHalfTheSmallerTime() {
        // 12 km = 3 h; 600 m up = 2 h, 600 m down = 1.2 h: 3.2 h + 3 h / 2 = 4.7 h = 282 min → 285.
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 12, ascentM: 600, descentM: 600), 285)
        // Steep and short: vertical dominates. 2 km = 0.5 h; 900 m up = 3 h: 3 h + 0.25 h = 195 min.
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 2, ascentM: 900, descentM: 0), 195)
    }

    func testRoundsUpToFiveMinutesAndIgnoresNegativeInput() {
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 1, ascentM: 0, descentM: 0), 15)
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 1.01, ascentM: 0, descentM: 0), 20)
        XCTAssertEqual(WalkingTime.minutes(distanceKm: 0, ascentM: 0, descentM: 0), 0)
        XCTAssertEqual(WalkingTime.minutes(distanceKm: -3, ascentM: -100, descentM: 0), 0)
    }

    func testTrackEstimateUsesItsDistanceAndClimb() throws {
        let points = (0...100).map { TrackPoint(lat: 45 + Double($0) * 0.001, lon: 2.7, ele: 1000 + Double($0) * 3) }
        let t = Track(name: nil, segments: [points])
        XCTAssertEqual(t.estimatedWalkingMinutes,
                       WalkingTime.minutes(distanceKm: t.stats.distanceM / 1000, ascentM: t.stats.ascentM, descentM: t.stats.descentM))
        XCTAssertEqual(t.stats.ascentM, 300, accuracy: 1e-6)
        XCTAssertNil(Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7)]]).estimatedWalkingMinutes)
    }
}
