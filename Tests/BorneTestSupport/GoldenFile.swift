import Foundation

/// A golden file: text a test produces, compared with the file committed
/// beside it (golden screens, `--help` texts). `UPDATE_SNAPSHOTS=1` rewrites
/// the file (then review `git diff` before committing), refused in a strict
/// run (`BORNE_STRICT_TESTS=1`); a missing file is written and fails the
/// test once, to be reviewed. A difference is reported line by line.
public enum GoldenFile {
    /// nil when `text` is the golden file's content (or the file was
    /// rewritten on request); else the failure to report, naming the file
    /// and what to do.
    public static func compare(_ text: String, with url: URL, what: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let update = environment["UPDATE_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
        if update, environment["BORNE_STRICT_TESTS"] == "1" {
            return "UPDATE_SNAPSHOTS is set in a strict run (BORNE_STRICT_TESTS=1): \(url.path) is not rewritten; unset it"
        }
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if !update, let existing {
            return existing == text ? nil
                : "\(what) differs from \(url.path) (UPDATE_SNAPSHOTS=1 rewrites it; review the diff):\n"
                  + diff(expected: existing, got: text)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            return "\(url.path): cannot write the golden file: \(error)"
        }
        return update ? nil : "\(url.path): no golden file for \(what); written now: review it, run the test again, commit it"
    }

    /// The lines that differ, numbered as in the file, expected then got.
    public static func diff(expected: String, got: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let g = got.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, g.count) {
            let a = i < e.count ? String(e[i]) : "(no line)", b = i < g.count ? String(g[i]) : "(no line)"
            guard a != b else { continue }
            out.append("line \(i + 1):\n  expected: \(a)\n  got:      \(b)")
        }
        return out.joined(separator: "\n")
    }
}
