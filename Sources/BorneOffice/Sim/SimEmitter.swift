import BorneCore
import BorneStore
import Foundation

/// The content versions a simulated kiosk shows: one bundle a month,
/// "2020.07.1", built the day before the 1st (local time).
public enum SimContent {
    public static func version(day: LocalDate) -> String {
        "\(day.year)." + (day.month < 10 ? "0" : "") + "\(day.month).1"
    }

    /// When `version` was built, UTC ms; nil for a version not of this form.
    public static func createdMs(_ version: String) -> Int64? {
        let p = version.split(separator: ".")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { return nil }
        return UTCTime.milliseconds(KioskTime.instant(LocalDate(year: y, month: m, day: 1).adding(days: -1), minute: 0))
    }
}

public enum SimError: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case notWritten(kiosk: String, expected: Int, written: Int, health: String)

    public var description: String {
        switch self {
        case .exists(let p): return "\(p) already exists: choose another --out, or remove it"
        case let .notWritten(k, e, w, h): return "\(k): \(w) of \(e) touches written (store: \(h))"
        }
    }
}

/// Writes a plan into a kiosk data directory (`DIR/<kiosk>/sessions.db`)
/// through the kiosk's own recorder, as `borne kiosk` would: session
/// start, taps, idle end; the recorder gives the sequence numbers and the
/// session ids and keeps its sequence floor.
public enum SimEmitter {
    public struct Result: Equatable, Sendable {
        public var kiosk: String
        public var databasePath: String
        public var sessions: Int
        public var touches: Int
    }

    public static func emit(_ plan: KioskPlan, dataDir: String) throws -> Result {
        var config = RecorderConfig(dataDir: dataDir, kioskID: plan.profile.id)
        guard !FileManager.default.fileExists(atPath: config.databasePath) else {
            throw SimError.exists(config.databasePath)
        }
        // A simulation needs no fsync per commit; the recorder's close
        // checkpoints the database all the same.
        config.synchronous = .off
        config.maxBatch = 5_000
        config.checkOnOpen = false
        config.log = { _ in }
        let recorder = TouchRecorder(config: config)
        var queued = 0
        for s in plan.sessions {
            // Monotonic clock: as if the kiosk booted at 23:00 the evening before.
            let boot = UTCTime.milliseconds(KioskTime.instant(s.day, minute: 0)) - 3_600_000
            func mono(_ ms: Int64) -> UInt64 { UInt64(max(0, ms - boot)) * 1_000_000 }
            let version = SimContent.version(day: s.day)
            recorder.sessionStarted(at: UTCTime.date(ms: s.startMs), monoNs: mono(s.startMs))
            for t in s.taps {
                let wall = s.startMs + t.offsetMs
                recorder.record(TouchRecord(wall: UTCTime.date(ms: wall), monoNs: mono(wall), screen: t.screen,
                                            section: t.section, target: t.target, x: t.x, y: t.y,
                                            language: t.language, contentVersion: version,
                                            flags: t.activated ? [] : .noAction))
            }
            let end = s.lastTapMs + SimPlanner.idleMs
            recorder.sessionEnded(at: UTCTime.date(ms: end), monoNs: mono(end))
            queued += s.taps.count + 2
            // The recorder's queue is bounded: let it drain now and then.
            if queued >= 20_000 { recorder.flush(timeout: 120); queued = 0 }
        }
        let done = recorder.close(timeout: 120)
        let status = recorder.status
        guard done, status.touchesWritten == plan.tapCount, status.dropped == 0 else {
            throw SimError.notWritten(kiosk: plan.profile.id, expected: plan.tapCount, written: status.touchesWritten,
                                      health: "\(status.health)")
        }
        return Result(kiosk: plan.profile.id, databasePath: config.databasePath, sessions: plan.sessions.count,
                      touches: plan.tapCount)
    }
}
