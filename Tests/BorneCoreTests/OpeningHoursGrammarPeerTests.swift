import Foundation
import XCTest
@testable import BorneCore

/// The grammar real OSM and APIDAE values use, against the peer
/// (opening-hours-py, pinned, see OpeningHoursPeerTests) on generated
/// expressions that combine every construct: `:` after wide ranges, years and
/// year ranges, week numbers, open ends `+`, `||` fallbacks,
/// `open`/`closed`/`unknown` with comments, `PH`/`SH`, sunrise/sunset/dawn/
/// dusk at Vic-sur-Cère, nth weekdays `Mo[1]`/`Su[-1]`, `easter`.
///
/// Two figures are asserted, and printed:
/// - acceptance: of the values the peer accepts, the share we parse (≥ 95 %);
/// - agreement: over instants where both answer, the share where the state
///   and the next change agree (≥ 99 %).
/// Constructs the peer cannot answer for, or that we knowingly read
/// otherwise, are left out of the agreement and counted apart (see
/// `divergence(_:)`); docs/OPENING_HOURS.md gives the figures.
final class OpeningHoursGrammarPeerTests: XCTestCase {
    static let vic = GeoPoint(lat: 44.9758, lon: 2.6247)

    // MARK: - Generated expressions

    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ a: [T]) -> T { a[next(a.count)] }
    }

    static let wides = ["", "", "Dec-May", "Jun-Sep", "Apr 15-Oct 15", "Nov 01-Mar 31", "2024-2025", "2025 Jul-Aug",
                        "2024 Dec 20-2025 Jan 05", "week 10-40", "week 02-52/2", "week 01,27-30", "easter -2 days-easter +1 day",
                        "easter", "Dec 24-26", "Jul,Aug", "2026", "May 01,easter +39 days"]
    static let weekdays = ["", "", "Mo-Fr", "Sa,Su", "Su,PH", "Mo[1]", "Su[-1]", "We[1,3]", "Fr-Sa", "PH", "Tu-Su",
                           "Sa[-1]", "SH", "Mo-Sa", "Th[2-3]", "Su[1] +1 day"]
    static let times = ["09:00-12:00", "09:00-12:00,14:00-18:00", "sunrise-sunset", "(sunrise+01:00)-(sunset-00:30)",
                        "dawn-dusk", "18:00+", "22:00-02:00", "10:00-18:00+", "07:30-09:30", "10:00-sunset",
                        "sunrise-12:00", "", "", "08:00-20:00"]
    static let modifiers = ["", "", "", "", "off", "closed", "unknown", "open"]
    static let comments = ["", "", "", "", "\"sur rendez-vous\"", "\"fermeture annuelle\""]
    static let separators = ["; ", "; ", "; ", " || ", ", "]

    static func rule(_ r: inout Rng) -> String {
        var parts: [String] = []
        let wide = r.pick(wides)
        if !wide.isEmpty { parts.append(r.next(3) == 0 ? wide + ":" : wide) }
        let wd = r.pick(weekdays)
        if !wd.isEmpty { parts.append(wd) }
        let t = r.pick(times)
        if !t.isEmpty { parts.append(t) }
        if parts.isEmpty { parts.append("Mo-Sa") }
        let m = r.pick(modifiers)
        if !m.isEmpty { parts.append(m) }
        let c = r.pick(comments)
        if !c.isEmpty { parts.append(c) }
        return parts.joined(separator: " ")
    }

    static var expressions: [String] {
        var r = Rng(state: 44_9758)
        var out: [String] = [
            "Dec-May: Fr-Sa 07:30-09:30", "Dec 25: off", "2024-2026 Mo-Fr 09:00-12:00", "week 01-10 Mo 10:00-12:00",
            "Mo-Sa 09:00-19:00 || \"sur rendez-vous\"", "Mo-Fr 10:00-12:00 || Sa 10:00-11:00",
            "sunrise-sunset", "dawn-dusk", "(sunrise+01:00)-(sunset-00:30)", "Mo[1] 10:00-12:00", "Su[-1] 10:00-12:00",
            "easter 10:00-12:00", "Fr 18:00+", "SH Mo-Fr 10:00-18:00; Sa,Su 14:00-18:00",
            "Apr-Oct: Mo-Su 10:00-19:00; PH off", "unknown \"appeler\"", "Jul-Aug: 10:00-12:00 open \"visites\"",
        ]
        while out.count < 320 {
            let n = 1 + r.next(3)
            var e = rule(&r)
            for _ in 1..<n { e += r.pick(separators) + rule(&r) }
            out.append(e)
        }
        return out
    }

    /// Instants over 2024–2026, local time, away from the spring-forward hour.
    static var instants: [String] {
        var r = Rng(state: 2026)
        var out = ["2024-06-21T12:00", "2024-12-21T08:30", "2025-03-30T09:00", "2025-04-20T11:00", "2025-05-29T10:00",
                   "2025-10-26T18:00", "2025-12-24T17:00", "2026-01-01T08:00", "2026-07-14T21:45", "2026-03-01T10:30"]
        while out.count < 36 {
            let day = LocalDate(year: 2024, month: 1, day: 1).adding(days: r.next(365 * 3))
            let minute = r.next(96) * 15
            if (120..<180).contains(minute) && day.month == 3 && day.isoWeekday == 7 && day.day > 24 { continue }
            out.append("\(day)T" + String(format: "%02d:%02d", minute / 60, minute % 60))
        }
        return out
    }

    /// Why an expression is left out of the agreement figure: constructs the
    /// peer cannot answer for, or that the kiosk reads otherwise on purpose.
    static func divergence(_ e: String) -> String? {
        if e.contains("SH") { return "SH: the peer has no French school-holiday calendar (it never matches)" }
        if e.contains("+") && e.range(of: #"\d\+"#, options: .regularExpression) != nil {
            return "open end: the peer says open to midnight (18:00+) or closed after (10:00-18:00+); we say unknown, a kiosk must not promise either"
        }
        let rules = e.components(separatedBy: CharacterSet(charactersIn: ";|,"))
        if rules.contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\"") }) {
            return "comment-only rule: the peer reads it as open, opening_hours.js and we as unknown"
        }
        return nil
    }

    // MARK: - The test

    func testGeneratedGrammarAgreesWithPeer() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peer/peer_oh.py").path
        let env = try PythonPeer.environment(check: ["python3", "-c", "import opening_hours"],
                                             package: OpeningHoursPeerTests.pinnedPeer, label: "opening-hours-py")
        let exprs = Self.expressions, instants = Self.instants
        // One probe per expression first: which ones the peer accepts.
        var cases: [(expr: String, at: String)] = []
        for e in exprs { for t in instants { cases.append((e, t)) } }
        let answers = try askPeer(script: script, env: env, cases: cases)

        let school = try SchoolHolidaysFileTests.bundledCalendar()
        let context = OpeningHours.Context(geo: Self.vic, schoolHolidays: school)
        var peerAccepts = 0, bothAccept = 0, weOnly = 0
        var rejected: [String] = []
        var parsed: [String: OpeningHours] = [:]
        for (i, e) in exprs.enumerated() {
            let peerOK = answers[i * instants.count]["error"] as? String == nil
            let ours = try? OpeningHours(e, context: context)
            parsed[e] = ours
            if peerOK { peerAccepts += 1 }
            if peerOK && ours != nil { bothAccept += 1 }
            if peerOK && ours == nil { rejected.append(e) }
            if !peerOK && ours != nil { weOnly += 1 }
        }
        var agree = 0, compared = 0, diverged = 0, commentsAgree = 0, sunTolerated = 0
        var disagreements: [String] = []
        for (c, a) in zip(cases, answers) {
            guard a["error"] as? String == nil, let oh = parsed[c.expr] else { continue }
            let s = oh.status(at: KioskTime.parseLocal(c.at)!)
            let mine = [s.isUnknown ? "unknown" : s.isOpen ? "open" : "closed",
                        s.nextChange.map(KioskTime.formatLocal) ?? "none"]
            let theirNext = (a["next"] as? String).map { KioskTime.parseLocal($0).map(KioskTime.formatLocal) ?? $0 }
            let theirs = [a["state"] as? String ?? "?", theirNext ?? "none"]
            if Self.divergence(c.expr) != nil { diverged += 1; continue }
            compared += 1
            // Sun times: NOAA's equations here, the sunrise equation of the
            // Rust `sunrise` crate in the peer; they differ by up to two
            // minutes, so a next change at a sun time agrees within 2 min.
            if mine != theirs && mine[0] == theirs[0] && Self.usesSun(c.expr),
               let a = s.nextChange, let b = theirNext.flatMap(KioskTime.parseLocal), abs(a.timeIntervalSince(b)) <= 120 {
                sunTolerated += 1
                agree += 1
                continue
            }
            if mine == theirs {
                agree += 1
                if (s.comment ?? "-") == (a["comment"] as? String ?? "-") { commentsAgree += 1 }
            } else {
                disagreements.append("\(c.expr) at \(c.at): ours \(mine.joined(separator: " / ")), peer \(theirs.joined(separator: " / "))")
            }
        }
        let acceptance = Double(bothAccept) / Double(max(peerAccepts, 1)) * 100
        let agreement = Double(agree) / Double(max(compared, 1)) * 100
        print(String(format: "grammar peer: %d expressions, the peer accepts %d; we accept %.1f %% of those (%d), and %d the peer refuses",
                     exprs.count, peerAccepts, acceptance, bothAccept, weOnly))
        print(String(format: "grammar peer: %d instants compared: state + next change agree on %.2f %% (%d, of which %d at a sun time within 2 min); comments too on %d; %d instants left out (SH, open ends, comment-only rules)",
                     compared, agreement, agree, sunTolerated, commentsAgree, diverged))
        for e in rejected.prefix(10) {
            print("grammar peer: refused by us: \(e): \((try? OpeningHours(e, context: context)) == nil ? Self.parseError(e) : "")")
        }
        for d in disagreements.prefix(15) { print("grammar peer: disagree: \(d)") }
        XCTAssertGreaterThan(peerAccepts, 200, "the generator must produce mostly valid values")
        XCTAssertGreaterThan(compared, 3000)
        XCTAssertGreaterThanOrEqual(acceptance, 95, "we refuse \(rejected.count) values the peer accepts:\n" + rejected.prefix(10).joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(agreement, 99, "\(disagreements.count) disagreements:\n" + disagreements.prefix(25).joined(separator: "\n"))
    }

    static func usesSun(_ e: String) -> Bool {
        ["sunrise", "sunset", "dawn", "dusk"].contains { e.contains($0) }
    }

    static func parseError(_ e: String) -> String {
        do { _ = try OpeningHours(e); return "" } catch { return "\(error)" }
    }

    private func askPeer(script: String, env: [String: String], cases: [(expr: String, at: String)]) throws -> [[String: Any]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let request = dir.appendingPathComponent("request.json"), response = dir.appendingPathComponent("response.json")
        let body: [String: Any] = ["horizon_days": 400, "coords": [Self.vic.lat, Self.vic.lon],
                                   "cases": cases.map { ["expr": $0.expr, "at": $0.at] }]
        try JSONSerialization.data(withJSONObject: body).write(to: request)
        let peer = try PythonPeer.run(["python3", script, request.path, response.path], environment: env)
        guard peer.status == 0 else { throw PythonPeer.Unavailable(description: "peer_oh.py failed (\(peer.status)): \(peer.err)") }
        guard let answers = try JSONSerialization.jsonObject(with: Data(contentsOf: response)) as? [[String: Any]],
              answers.count == cases.count else {
            throw PythonPeer.Unavailable(description: "peer_oh.py answered with the wrong shape")
        }
        return answers
    }
}
