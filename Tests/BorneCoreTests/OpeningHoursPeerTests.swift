import Foundation
import XCTest
@testable import BorneCore

/// Compares OpeningHours with an independent implementation, the PyPI package
/// opening-hours-py (Rust crate opening-hours), through peer/peer_oh.py: the
/// state, the next change and the comment for a list of expressions at many
/// local instants of 2020 (and a few of 2021).
///
/// The pinned package comes from `make test-deps` (`.peer-site`); when it is
/// missing and cannot be installed, the test fails saying so.
final class OpeningHoursPeerTests: XCTestCase {
    static let pinnedPeer = "opening-hours-py==2.1.4"

    static let expressions: [String] = [
        OfficeSchedule.planned2020,
        OfficeSchedule.actual2020,
        OfficeSchedule.standard,
        "Mo-Sa 09:30-12:30,14:00-18:00; PH off",
        "Su,PH 09:30-12:30",
        "Mo-Fr 08:00-12:00,13:30-17:30; Sa 09:00-12:00; PH off",
        "Mo-Sa 09:00-18:00; Su,PH 09:30-12:30",
        "Mo-Fr 09:00-17:00; PH 10:00-12:00",
        "PH off; Mo-Sa 10:00-19:00",
        "24/7",
        "24/7; Dec 25 off",
        "24/7; 2020 Mar 17-2020 Jun 02 off",
        "Mo-Su 10:00-18:00; 2020 Nov off",
        "Mo-Fr 22:00-02:00",
        "Fr-Sa 19:00-01:30; Su off",
        "Mo 22:00-02:00; Tu off",
        "Mo 22:00-02:00; Tu 10:00-11:00 off",
        "Mo-Fr 10:00-26:00",
        "Mo-Fr 09:00-24:00",
        "Sa 22:00-24:00; Su 00:00-02:00",
        "Nov 01-Jan 31 Mo-Sa 10:00-17:00",
        "Jul 13-Aug 22 Su,PH 09:30-12:30,14:30-17:00",
        "Jan-Mar 10:00-16:00; Apr-Oct 09:00-19:00; Nov-Dec off",
        "Jul,Aug 09:00-19:00",
        "Dec 24-26 off; Mo-Fr 09:00-17:00",
        "Mo-Fr 09:00-17:00; Dec 24-26 off",
        "10:00-12:00; Dec 25,Jan 01 off",
        "Apr 01-Oct 31 Mo-Su 10:00-18:00; Nov 01-Mar 31 Sa,Su 13:00-17:00",
        "Mo,We,Fr 14:00-18:00",
        "Sa-Mo 10:00-12:00",
        "Mo-Fr 09:00-18:00; We 12:00-13:00 off",
        "Mo-Fr 09:00-18:00; We 14:00-15:00",
        "Mo-Fr 09:00-12:00, We 14:00-16:00",
        "Mo-Fr 10:00-12:00 || Sa 09:00-10:00",
        "Feb 29 off; 10:00-12:00",
        "2020 Jul-Aug Mo-Fr 10:00-12:00",
        "2020 Jul 01-2020 Aug 31 Sa 10:00-12:00",
        "2020-2021 Mo-Fr 10:00-12:00",
        "easter +39 days 10:00-12:00",
        "10:00-18:00; easter -2 days off",
        "May 08,easter +39 days 09:30-13:30",
        "Mo-Fr 10:00-12:00 \"sur rendez-vous\"; Sa off \"fermeture\"",
        "Mo 10:00-12:00 unknown",
        // Shapes found in the demo content.
        "Apr-Oct Mo-Sa 09:00-12:00,14:00-18:30; Jul-Aug Mo-Su 08:30-19:00",
        "Jun-Sep Th-Su 12:00-14:00 \"sur réservation la veille\"",
        "Mo-Su 11:45-14:30,18:45-22:00; PH 11:45-14:30",
        "Tu-Su 12:00-14:00; Fr,Sa 19:00-21:00; PH off",
        "Tu-Su 12:00-14:00, Fr,Sa 19:00-21:00; PH off",
        "Feb 01-Dec 20 Mo-Su 07:00-22:30",
        "Apr 15-Oct 15 Mo-Su 08:30-12:00,14:00-19:30",
        "We-Su 12:00-14:00,18:30-21:00; Jul-Aug Mo-Su 12:00-21:30",
        "off",
        "open",
        "\"sur rendez-vous\"",
        "Mo-Fr 09:00-12:00 || \"sur rendez-vous\"",
    ]

    /// Expressions where the peer is knowingly not followed, with the reason.
    /// Each must still disagree somewhere, or the exclusion is stale.
    static let knownDisagreements: [String: String] = [
        "\"sur rendez-vous\"":
            "a rule that is only a comment: the peer reads it as open 24/7; opening_hours.js, the "
            + "reference implementation, reads it as unknown, and so do we (a kiosk must not say "
            + "'Ouvert 24h/24' for 'by appointment')",
        "Mo-Fr 09:00-12:00 || \"sur rendez-vous\"":
            "the same comment-only reading on weekends (peer: open, ours: unknown); besides, the peer "
            + "contradicts itself here: from Friday 17:30 its intervals() say closed until Tuesday and "
            + "next_change() says none, while is_open() on Saturday 10:00 says open",
    ]

    // MARK: - Instants

    /// Local instants across 2020: period boundaries, every holiday, both
    /// daylight-saving weekends (outside the 02:00-03:00 hour, which naive
    /// local time cannot express) and pseudo-random minutes.
    static var instants: [String] {
        var out = [
            "2020-01-01T00:00", "2020-01-01T10:00", "2020-01-31T17:30", "2020-02-01T09:30",
            "2020-02-02T10:00", "2020-02-29T11:00", "2020-03-16T19:00", "2020-03-17T10:00",
            "2020-03-28T23:00", "2020-03-29T01:00", "2020-03-29T09:00", "2020-04-10T11:00",
            "2020-04-30T19:00", "2020-05-31T19:00", "2020-06-02T12:00", "2020-06-03T09:29",
            "2020-07-12T13:00", "2020-07-13T13:00", "2020-08-22T19:00", "2020-08-23T13:00",
            "2020-08-31T19:00", "2020-10-24T23:30", "2020-10-25T01:30", "2020-10-25T10:00",
            "2020-10-31T18:00", "2020-11-30T23:59", "2020-12-24T16:59", "2020-12-31T23:00",
            "2021-01-31T13:00", "2021-05-13T11:00",
        ]
        for h in FrenchHolidays.holidays(year: 2020) {
            out += ["\(h.date)T10:00", "\(h.date)T15:00", "\(h.date)T23:30"]
        }
        var seed: UInt64 = 2020
        for _ in 0..<40 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let day = LocalDate(year: 2020, month: 1, day: 1).adding(days: Int((seed >> 33) % 366))
            let minute = Int((seed >> 20) % 1440)
            let dst = (day.description == "2020-03-29" || day.description == "2020-10-25") && (120..<180).contains(minute)
            if !dst { out.append("\(day)T" + String(format: "%02d:%02d", minute / 60, minute % 60)) }
        }
        return out
    }

    // MARK: - The test

    func testAgreesWithOpeningHoursPyAcross2020() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("peer/peer_oh.py").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: script), script)
        let env = try ensurePeer()
        let version = try run(["python3", script, "--version"], environment: env)
        print("peer: opening-hours-py \(version.out.trimmingCharacters(in: .whitespacesAndNewlines))")

        let instants = Self.instants
        var cases: [(expr: String, at: String)] = []
        for e in Self.expressions { for t in instants { cases.append((e, t)) } }
        XCTAssertGreaterThan(cases.count, 1000)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let request = dir.appendingPathComponent("request.json"), response = dir.appendingPathComponent("response.json")
        let body: [String: Any] = ["horizon_days": 400,
                                   "cases": cases.map { ["expr": $0.expr, "at": $0.at] }]
        try JSONSerialization.data(withJSONObject: body).write(to: request)
        let peer = try run(["python3", script, request.path, response.path], environment: env)
        guard peer.status == 0 else { return XCTFail("peer_oh.py failed (\(peer.status)): \(peer.err)") }
        guard let answers = try JSONSerialization.jsonObject(with: Data(contentsOf: response)) as? [[String: Any]],
              answers.count == cases.count else {
            return XCTFail("peer_oh.py answered with the wrong shape")
        }

        var parsed: [String: OpeningHours] = [:]
        for e in Self.expressions { parsed[e] = try OpeningHours(e) }
        var disagreements: [String] = []
        var excludedSeen: Set<String> = []
        var compared = 0
        for (c, a) in zip(cases, answers) {
            if let error = a["error"] as? String {
                disagreements.append("\(c.expr) : the peer does not parse it: \(error)")
                continue
            }
            let s = parsed[c.expr]!.status(at: KioskTime.parseLocal(c.at)!)
            let mine = [s.isUnknown ? "unknown" : s.isOpen ? "open" : "closed",
                        s.nextChange.map(KioskTime.formatLocal) ?? "none",
                        s.comment ?? "-"]
            // The peer works in naive local time: a change at 02:30 on the
            // spring-forward Sunday is, in real time, 03:30 CEST. Map its
            // answer to an instant the way KioskTime does, then compare.
            let theirNext = (a["next"] as? String).map { KioskTime.parseLocal($0).map(KioskTime.formatLocal) ?? $0 }
            let theirs = [a["state"] as? String ?? "?", theirNext ?? "none", a["comment"] as? String ?? "-"]
            if mine == theirs { compared += 1; continue }
            if Self.knownDisagreements[c.expr] != nil { excludedSeen.insert(c.expr); continue }
            disagreements.append("\(c.expr) at \(c.at): ours \(mine.joined(separator: " / ")), peer \(theirs.joined(separator: " / "))")
        }
        for (e, reason) in Self.knownDisagreements where !excludedSeen.contains(e) {
            XCTFail("stale exclusion: the peer now agrees on \(e) (\(reason))")
        }
        print("peer: \(Self.expressions.count) expressions x \(instants.count) instants: \(compared) cases agree, \(disagreements.count) disagree, \(excludedSeen.count) expression(s) excluded")
        XCTAssertTrue(disagreements.isEmpty,
                      "\(disagreements.count) disagreement(s) with the peer:\n" + disagreements.prefix(25).joined(separator: "\n"))
        XCTAssertGreaterThan(compared, 1000)
    }

    // MARK: - Python plumbing

    /// Makes `import opening_hours` work and returns the environment to run
    /// the peer with. When the module is missing, pip installs the pinned
    /// package into a private folder (`--target`, put on PYTHONPATH), which
    /// touches no Python environment and works under PEP 668. Skips the test,
    /// saying why, when that is impossible.
    private func ensurePeer() throws -> [String: String] {
        try PythonPeer.environment(check: ["python3", "-c", "import opening_hours"], package: Self.pinnedPeer, label: "opening-hours-py")
    }

    private func run(_ args: [String], environment: [String: String] = [:]) throws -> PythonPeer.Output {
        try PythonPeer.run(args, environment: environment)
    }
}
