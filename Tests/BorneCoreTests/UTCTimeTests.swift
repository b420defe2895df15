import BorneCore
import Foundation
import XCTest

/// BorneCore's one UTC time: what the stores, the batches (once UTCMillis),
/// the bundle manifests (once BorneBundle's UTCTime) and the office (once
/// OfficeTime) each relied on, in one place.
final class UTCTimeTests: XCTestCase {
    func testMillisecondsTextRoundTrip() {
        XCTAssertEqual(UTCTime.parseMilliseconds("1970-01-01T00:00:00.000Z"), 0)
        XCTAssertEqual(UTCTime.parseMilliseconds("2020-07-14T10:00:00.123Z"), 1_594_720_800_123)
        XCTAssertEqual(UTCTime.parseMilliseconds("2020-07-14T10:00:00Z"), 1_594_720_800_000)
        XCTAssertEqual(UTCTime.string(ms: 1_594_720_800_123), "2020-07-14T10:00:00.123Z")
        XCTAssertEqual(UTCTime.string(ms: -1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(UTCTime.string(ms: UTCTime.parseMilliseconds("2024-02-29T23:59:59.999Z")!), "2024-02-29T23:59:59.999Z")
        for bad in ["2023-02-29T00:00:00.000Z", "2020-07-14 10:00:00.123Z", "2020-07-14T10:00:00.123", "2020-13-01T00:00:00Z",
                    "2020-07-14T24:00:00Z", "2020-07-14T10:00:60Z", "2020-07-14T10:00:00.12Z", "2020-07-14T10:00:00.1234Z", ""] {
            XCTAssertNil(UTCTime.parseMilliseconds(bad), bad)
        }
        var rng = Mix(seed: 3)
        for _ in 0..<2000 {
            let ms = Int64(rng.next() % 8_000_000_000_000) - 1_000_000_000_000
            XCTAssertEqual(UTCTime.parseMilliseconds(UTCTime.string(ms: ms)), ms)
        }
        XCTAssertEqual(UTCTime.string(Date(timeIntervalSince1970: 1_594_720_800.1239)), "2020-07-14T10:00:00.123Z")
        XCTAssertEqual(UTCTime.string(Date(timeIntervalSince1970: -0.5)), "1969-12-31T23:59:59.500Z")
        XCTAssertEqual(UTCTime.milliseconds(Date(timeIntervalSince1970: -0.0005)), -1)
        XCTAssertEqual(UTCTime.date(ms: 1_594_720_800_123).timeIntervalSince1970, 1_594_720_800.123, accuracy: 1e-6)
    }

    /// The C library's gmtime_r as the peer: the same calendar for 1900–2200.
    func testAgreesWithGmtime() {
        var rng = Mix(seed: 11)
        for _ in 0..<5000 {
            let ms = Int64(rng.next() % 9_467_280_000_000) - 2_208_988_800_000
            var secs = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
            var t = tm()
            gmtime_r(&secs, &t)
            let c = UTCTime.civil(ms: ms)
            XCTAssertEqual([c.date.year, c.date.month, c.date.day, c.hour, c.minute, c.second],
                           [Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday), Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec)], "\(ms)")
            XCTAssertEqual(c.millisecond, Int(ms - Int64(secs) * 1000))
            XCTAssertEqual(UTCTime.milliseconds(c.date, hour: c.hour, minute: c.minute, second: c.second, millisecond: c.millisecond), ms)
        }
    }

    func testWholeSecondsForManifests() {
        XCTAssertEqual(UTCTime.format(Date(timeIntervalSince1970: 1_795_716_000.999)), "2026-11-26T18:00:00Z")
        XCTAssertEqual(UTCTime.parse("2026-11-26T18:00:00Z"), Date(timeIntervalSince1970: 1_795_716_000))
        XCTAssertNotNil(UTCTime.parse("2028-02-29T23:59:59Z"))
        for bad in ["2027-02-29T00:00:00Z", "1969-12-31T23:59:59Z", "2026-11-26T18:00:00.000Z", "2026-11-26 18:00:00Z",
                    "2026-11-26T18:00:00", "2026-11-31T00:00:00Z", "+026-11-26T18:00:00Z", ""] {
            XCTAssertNil(UTCTime.parse(bad), bad)
        }
        XCTAssertEqual(UTCTime.truncated(Date(timeIntervalSince1970: 10.7)), Date(timeIntervalSince1970: 10))
        XCTAssertEqual(UTCTime.fileStamp(Date(timeIntervalSince1970: 1_594_720_800.9)), "20200714T100000Z")
    }

    func testLenientReaderOfOtherPrograms() {
        let ms: Int64 = 1_594_720_800_123
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00.123Z"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00.123z"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14 10:00:00.123Z"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T12:00:00.123+02:00"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T08:30:00.123-01:30"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00.1234567Z"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00.1Z"), ms - 23)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14"), ms - 36_000_123)
        for bad in ["2020-07-14T10:00", "2020-02-30", "2020-07-14T10:00:00", "2020-07-14T10:00:00.Z", "2020-07-14T10:00:00+02",
                    "2020-07-14T10:00:00Zx", "2020-7-14"] {
            XCTAssertNil(UTCTime.parseISO(bad), bad)
        }
    }

    /// The content loader reads a bundle's `created` with `UTCTime.parse`
    /// first (no ICU) and Foundation's ISO 8601 parser after: wherever the
    /// first answers, it gives Foundation's instant.
    func testParseGivesFoundationsISO8601InstantWhereverItAnswers() {
        var rng = Mix(seed: 14)
        var samples = ["2026-11-26T18:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "9999-12-31T23:59:59Z",
                       "2027-03-28T01:00:00Z", "2027-10-31T00:59:59Z"]
        for _ in 0..<2_000 {
            let ms = Int64(rng.next() % 253_402_300_800_000)
            samples.append(UTCTime.format(UTCTime.date(ms: ms)))
        }
        var answered = 0
        for s in samples {
            guard let mine = UTCTime.parse(s) else { continue }
            answered += 1
            XCTAssertEqual(mine, try? Date(s, strategy: .iso8601), s)
        }
        XCTAssertEqual(answered, samples.count)
    }
}

/// A fixed sequence of numbers, the same on every run (Knuth's MMIX
/// linear congruential generator, high bits).
private struct Mix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 16
    }
}
