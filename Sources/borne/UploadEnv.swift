import Foundation

/// ETC/upload.env, the `EnvironmentFile` of borne-upload.service, as far as
/// the 4G kiosk's rounds are concerned: which `BORNE_UPLOAD_ARGS` it sets,
/// and whether they make the upload daemon do the sync's work
/// (`--with-sync`). borne-sync.service skips the timer's sync on the same
/// test (its `ExecCondition`, docs/SYNC.md "The 4G kiosk's set-up").
enum UploadEnv {
    /// The rounds of the 4G kiosk (docs/SYNC.md): weather hourly, content
    /// four times a day, statistics daily, in one process keeping its TLS sessions.
    static let roundsArgs = "--with-sync --interval 60 --content-every 6 --upload-every 24"
    static let roundsLine = "BORNE_UPLOAD_ARGS=\(roundsArgs)"

    static func file(etc: String) -> String { URL(fileURLWithPath: etc).appendingPathComponent("upload.env").path }

    /// The value of the last active `BORNE_UPLOAD_ARGS=` line (systemd keeps
    /// the last assignment), without surrounding quotes; nil when the file
    /// sets none (the package's file is comments only).
    static func args(_ text: String) -> String? {
        var value: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("BORNE_UPLOAD_ARGS=") else { continue }
            var v = String(t.dropFirst("BORNE_UPLOAD_ARGS=".count)).trimmingCharacters(in: .whitespaces)
            if v.count >= 2, let q = v.first, q == "\"" || q == "'", v.last == q { v = String(v.dropFirst().dropLast()) }
            value = v
        }
        return value
    }

    /// Whether these arguments make `borne upload` do the content rounds.
    static func isRounds(_ args: String?) -> Bool {
        args?.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains("--with-sync") ?? false
    }

    /// The file with the rounds' line: the existing text (the package's
    /// comments, other variables) without its `BORNE_UPLOAD_ARGS=` lines, then the line.
    static func withRounds(_ existing: String?) -> String {
        var lines = (existing ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines.removeAll { $0.trimmingCharacters(in: .whitespaces).hasPrefix("BORNE_UPLOAD_ARGS=") || comment.contains($0) }
        return (lines + comment + [roundsLine]).joined(separator: "\n") + "\n"
    }

    static let comment = [
        "# 4g kiosk: the upload daemon does the sync's work in rounds (written by borne setup;",
        "# borne-sync.timer's runs are then skipped, docs/SYNC.md).",
    ]
}
