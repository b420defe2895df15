import BorneCore
import Foundation

/// The office's 2020 figures as copied from /work/shared/data/seed-2020/
/// into `Tests/BorneOfficeTests/Seed2020/` (CI has no /work/shared).
enum Seed2020Fixture {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Seed2020")

    static func tsv(_ name: String) -> [[String]] {
        let text = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// kiosk → (sessions, days).
    static var sessions: [String: (sessions: Int, days: Int)] {
        var out: [String: (Int, Int)] = [:]
        for r in tsv("sessions.tsv").dropFirst() { out[r[0]] = (Int(r[1])!, Int(r[2])!) }
        return out
    }

    /// The header of touches-by-section.tsv: all_kiosks then the kiosks, in the report's order.
    static var columns: [String] { Array(tsv("touches-by-section.tsv")[0].dropFirst()) }

    /// section label → column → count.
    static var touches: [String: [String: Int]] {
        let rows = tsv("touches-by-section.tsv")
        let cols = Array(rows[0].dropFirst())
        var out: [String: [String: Int]] = [:]
        for r in rows.dropFirst() {
            for (i, c) in cols.enumerated() { out[r[0], default: [:]][c] = Int(r[i + 1])! }
        }
        return out
    }

    static var sectionLabels: [String] { tsv("touches-by-section.tsv").dropFirst().map { $0[0] } }
}
