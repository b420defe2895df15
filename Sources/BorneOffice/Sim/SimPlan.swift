import BorneCore
import Foundation

/// One tap of a planned session, as the kiosk would record it.
public struct PlannedTap: Equatable, Sendable {
    /// Milliseconds after the session's first tap.
    public var offsetMs: Int64
    public var screen: String
    public var section: String?
    public var target: String?
    public var x: Int
    public var y: Int
    /// Language on screen when the tap was made.
    public var language: String
    /// Released on the target it was pressed on (else the row has flag `noAction`).
    public var activated: Bool
}

public struct PlannedSession: Equatable, Sendable {
    /// UTC ms of the first tap (the session's start).
    public var startMs: Int64
    /// Local date of the start.
    public var day: LocalDate
    public var taps: [PlannedTap]

    public var lastTapMs: Int64 { startMs + (taps.last?.offsetMs ?? 0) }
}

/// One kiosk's year, fully decided before anything is written: the exact
/// figures come from choosing them first (days, sessions per day, opening
/// taps per session), and only then from emitting rows.
public struct KioskPlan: Equatable, Sendable {
    public var profile: KioskProfile
    public var year: Int
    public var sessions: [PlannedSession]

    /// The figures as the report computes them from the rows.
    public var sessionCount: Int { sessions.count }
    public var dayCount: Int { Set(sessions.map(\.day)).count }
    public var openingTaps: [String: Int] {
        var out: [String: Int] = [:]
        for s in sessions {
            for t in s.taps where t.activated {
                if let target = t.target, let sec = OfficeStore.openedSection(target) { out[sec, default: 0] += 1 }
            }
        }
        return out
    }
    public var tapCount: Int { sessions.reduce(0) { $0 + $1.taps.count } }
}

public enum SimPlanner {
    /// Idle time after which the kiosk ends a session (`idle_seconds`).
    static let idleMs: Int64 = 60_000
    /// Idle time after which the attract screen shows (`attract_seconds`):
    /// the next session then starts with a `wake` tap.
    static let attractMs: Int64 = 180_000
    /// Sessions one day can hold comfortably (a few minutes each, a minute apart).
    static let maxSessionsPerDay = 200

    /// Plans `profile` (already scaled) over `year`.
    public static func plan(_ profile: KioskProfile, year: Int, seed: UInt64) -> KioskPlan {
        var rng = SimRandom(seed: seed, label: "plan/" + profile.id)
        let first = LocalDate(year: year, month: 1, day: 1)
        let yearDays = (0..<(LocalDate.isLeap(year) ? 366 : 365)).map { first.adding(days: $0) }
        let weights = yearDays.map(profile.dayWeight)

        // 1. Exactly `days` days, drawn without replacement by weight
        //    (Efraimidis–Spirakis: the largest log(u)/w keys).
        let dayCount = min(profile.days, yearDays.count, profile.sessions)
        let keyed = yearDays.indices.map { i -> (Double, Int) in
            (log(max(rng.unit(), 1e-300)) / weights[i], i)
        }
        let chosen = keyed.sorted { $0.0 > $1.0 }.prefix(dayCount).map(\.1).sorted()

        // 2. One session on each, the others where the season is busiest.
        //    A day holds at most `maxSessionsPerDay` (they must fit in it),
        //    more only when the profile asks for more than that on every day.
        var perDay = [Int](repeating: 1, count: chosen.count)
        let extra = WeightedTable(chosen.map { pow(weights[$0], 1.5) })
        let cap = max(maxSessionsPerDay, (profile.sessions + chosen.count - 1) / max(1, chosen.count))
        for _ in 0..<max(0, profile.sessions - chosen.count) {
            var d = extra.pick(&rng)
            var tries = 0
            while perDay[d] >= cap, tries < 50 { d = extra.pick(&rng); tries += 1 }
            if perDay[d] >= cap { d = perDay.indices.min { perDay[$0] < perDay[$1] }! }
            perDay[d] += 1
        }

        // 3. Opening taps per session, summing exactly to the profile's, then
        //    the sections dealt out at random.
        let n = perDay.reduce(0, +)
        let sectionsBag = shuffledSections(profile, &rng)
        let perSession = openingCounts(total: sectionsBag.count, sessions: n, &rng)

        // 4. Visitor paths, then times: each day's sessions in hour order,
        //    never overlapping, all inside their local day.
        var visitor = SimVisitor(kiosk: profile.id, foreignShare: profile.foreignShare,
                                 rng: SimRandom(seed: seed, label: "visitor/" + profile.id))
        let hours = WeightedTable(profile.hourWeights)
        var sessions: [PlannedSession] = []
        sessions.reserveCapacity(n)
        var dealt = 0, index = 0
        var previousEnd: Int64 = .min
        for (d, dayIndex) in chosen.enumerated() {
            let day = yearDays[dayIndex]
            let dayStart = UTCTime.milliseconds(KioskTime.instant(day, minute: 0))
            let dayEnd = UTCTime.milliseconds(KioskTime.instant(day.adding(days: 1), minute: 0)) - 120_000
            var today: [PlannedSession] = []
            for _ in 0..<perDay[d] {
                let openings = Array(sectionsBag[dealt..<dealt + perSession[index]])
                dealt += perSession[index]; index += 1
                let minute = hours.pick(&rng) * 60 + rng.int(0...59)
                let start = UTCTime.milliseconds(KioskTime.instant(day, minute: minute)) + Int64(rng.int(0...59_999))
                today.append(PlannedSession(startMs: start, day: day, taps: visitor.session(openings: openings)))
            }
            today.sort { $0.startMs < $1.startMs }
            schedule(&today, after: max(previousEnd, dayStart), dayEnd: dayEnd)
            for i in today.indices {
                if i == 0, previousEnd == .min { continue }
                let gap = today[i].startMs - (i == 0 ? previousEnd : today[i - 1].lastTapMs)
                if gap >= attractMs { continue }
                // The screen had not gone to its attract loop: no wake tap,
                // the session starts with the visitor's first real tap.
                dropWake(&today[i])
            }
            previousEnd = today.last?.lastTapMs ?? previousEnd
            sessions += today
        }
        return KioskPlan(profile: profile, year: year, sessions: sessions)
    }

    /// Every opening tap of the year as a section id, shuffled.
    static func shuffledSections(_ p: KioskProfile, _ rng: inout SimRandom) -> [String] {
        var bag: [String] = []
        for s in SectionID.allCases { bag += Array(repeating: s.rawValue, count: p.openingTaps[s] ?? 0) }
        rng.shuffle(&bag)
        return bag
    }

    /// How many opening taps each session makes: most make 1 to 3, some
    /// none (a look at the home screen), a few many; the sum is `total`.
    static func openingCounts(total: Int, sessions n: Int, _ rng: inout SimRandom) -> [Int] {
        guard n > 0 else { return [] }
        let mean = Double(total) / Double(n)
        let zeroShare = min(0.12, max(0.02, 0.3 - mean * 0.08))
        let lambda = max(0, mean / (1 - zeroShare) - 1)
        var k = (0..<n).map { _ in rng.chance(zeroShare) ? 0 : min(12, 1 + rng.poisson(lambda)) }
        var sum = k.reduce(0, +)
        while sum < total {
            let i = Int(rng.next() % UInt64(n))
            if k[i] < 12 || k.allSatisfy({ $0 >= 12 }) { k[i] += 1; sum += 1 }
        }
        while sum > total {
            let i = Int(rng.next() % UInt64(n))
            if k[i] > 0 { k[i] -= 1; sum -= 1 }
        }
        return k
    }

    /// Moves sessions (sorted by start) so that each starts more than the
    /// idle timeout after the previous one's last tap, and all end by `dayEnd`.
    static func schedule(_ s: inout [PlannedSession], after floor: Int64, dayEnd: Int64) {
        let gap = idleMs + 1_000
        var prev = floor == .min ? Int64.min : floor
        for i in s.indices {
            if prev != .min, s[i].startMs < prev + gap { s[i].startMs = prev + gap }
            prev = s[i].lastTapMs
        }
        var limit = dayEnd
        for i in s.indices.reversed() {
            if s[i].lastTapMs > limit { s[i].startMs -= s[i].lastTapMs - limit }
            limit = s[i].startMs - gap
        }
        precondition(s.first.map { floor == .min || $0.startMs >= floor } ?? true,
                     "simulator: \(s.count) sessions do not fit in their day")
    }

    static func dropWake(_ s: inout PlannedSession) {
        guard s.taps.count > 1, s.taps[0].target == "wake" else { return }
        let shift = s.taps[1].offsetMs
        s.taps.removeFirst()
        s.startMs += shift
        for i in s.taps.indices { s.taps[i].offsetMs -= shift }
    }
}
