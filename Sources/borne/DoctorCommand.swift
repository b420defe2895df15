import BorneBundle
import BorneCore
import BorneUI
import Foundation

/// `borne doctor`: is this kiosk fit to run? Every check, a verdict in
/// French and English, and an exit status for scripts and the contractor.
enum DoctorCommand {
    static let help = """
        Usage: borne doctor [--config FILE] [--data-dir DIR] [--now TIME]
                            [--min-free-bytes N] [--upload-max-hours H] [--json]

        Checks a kiosk, read-only: its configuration; its statistics key
        (DIR/keys/stats.key present and valid) and trusted content keys; the
        installed content (every file against its manifest, the manifest's
        signature against trusted_keys); sessions.db (PRAGMA integrity_check);
        free disk; the clock (not before the content was made, not years
        after); the last sync (DIR/sync/state.json); on a 4g kiosk, its
        rounds (--with-sync in upload.env beside the config, and
        borne-sync.timer not doing its own checks); the statistics shipping
        (touches waiting longer than H hours, batches parked by the
        collector); the terminal's size when one is attached. Then a verdict
        in French and English with what to do (docs/OPERATIONS.md, "Alertes").

        Options:
          --config FILE          kiosk configuration (default /etc/borne/kiosk.json)
          --data-dir DIR         the kiosk's data (default /var/lib/borne)
          --now TIME             check as if it were TIME (2027-07-14T12:00:00Z, or local time)
          --min-free-bytes N     least free space on DIR's file system (default 200000000)
          --upload-max-hours H   longest a touch may wait to be shipped (default 48)
          --json                 the findings as JSON on stdout
          --help                 this help

        Exit codes: 0 healthy (warnings allowed), 64 usage, 69 at least one
        fault (EX_UNAVAILABLE: the kiosk is not fully in service), 78 the
        configuration cannot be read (EX_CONFIG).
        """

    static let spec = ArgumentSpec(options: ["--config FILE", "--data-dir DIR", "--now TIME", "--min-free-bytes N",
                                             "--upload-max-hours H"], flags: ["--json"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "doctor", spec: spec, help: help) { a in
            var doctor = Doctor(configPath: a.value("--config") ?? "/etc/borne/kiosk.json",
                                dataDir: URL(fileURLWithPath: a.value("--data-dir") ?? "/var/lib/borne"), now: Date())
            if let v = a.value("--now") {
                guard let d = UTCTime.parse(v) ?? Doctor.parseInstant(v) ?? KioskTime.parseLocal(v) else {
                    throw UsageError("--now: expected a time like 2027-07-14T12:00:00Z")
                }
                doctor.now = d
            }
            if let v = a.value("--min-free-bytes") {
                guard let n = Int64(v), n >= 0 else { throw UsageError("--min-free-bytes: expected a number of bytes") }
                doctor.minFreeBytes = n
            }
            if let v = a.value("--upload-max-hours") {
                guard let h = Double(v), h > 0 else { throw UsageError("--upload-max-hours: expected a positive number") }
                doctor.uploadMaxAge = h * 3600
            }
            return check(doctor, json: a.has("--json"))
        }
    }

    static func check(_ doctor: Doctor, json: Bool) -> Int32 {
        var doctor = doctor
        doctor.terminalSize = attachedTerminalSize()
        let findings = doctor.run()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? enc.encode(findings)) ?? Data("[]".utf8), as: UTF8.self))
        } else {
            print(report(findings))
        }
        return exitCode(findings)
    }

    /// The size of the terminal on stdout, or nil when there is none (a pipe, systemd).
    static func attachedTerminalSize() -> Size? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return Size(width: Int(ws.ws_col), height: Int(ws.ws_row))
    }

    static func exitCode(_ findings: [Doctor.Finding]) -> Int32 {
        if findings.contains(where: { $0.check == "config" && $0.status == .fault }) { return ExitCode.config }
        return findings.contains { $0.status == .fault } ? ExitCode.unavailable : ExitCode.ok
    }

    /// One line per check, then the verdict in both languages and what to do.
    static func report(_ findings: [Doctor.Finding]) -> String {
        var lines: [String] = []
        for f in findings {
            let tag = f.status == .ok ? "OK    " : f.status == .warning ? "ALERTE" : "PANNE "
            lines.append("[\(tag)] \(f.check): \(f.fr) — \(f.en)")
        }
        let faults = findings.filter { $0.status == .fault }
        let warnings = findings.filter { $0.status == .warning }
        lines.append("")
        if faults.isEmpty {
            lines.append("Verdict : borne en bon état\(warnings.isEmpty ? "" : " (\(warnings.count) alerte(s) à surveiller)").")
            lines.append("Verdict: kiosk healthy\(warnings.isEmpty ? "" : " (\(warnings.count) warning(s) to watch)").")
        } else {
            lines.append("Verdict : \(faults.count) panne(s) : \(faults.map(\.check).joined(separator: ", ")).")
            lines.append("Verdict: \(faults.count) fault(s): \(faults.map(\.check).joined(separator: ", ")).")
        }
        let todo = (faults + warnings).filter { !$0.fix.isEmpty }
        if !todo.isEmpty {
            lines.append("À faire / what to do:")
            for f in todo { lines.append("  - \(f.check): \(f.fix)") }
        }
        return lines.joined(separator: "\n")
    }
}
