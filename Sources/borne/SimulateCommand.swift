import BorneCore
import BorneOffice
import Foundation

/// `borne simulate`: a year of visitors for every kiosk of a profile,
/// written through the kiosk's own store into `OUT/<kiosk>/sessions.db`.
enum SimulateCommand {
    static let help = """
        Usage: borne simulate --profile NAME --year Y --out DIR [--kiosk K]... [--scale F] [--collector ROOT]

        Generates a year of sessions and taps for each kiosk of the profile, as the
        kiosks would have recorded them, into DIR/<kiosk>/sessions.db (with its
        sequence floor, DIR/<kiosk>/stats/seq-floor): ready for `borne upload` or
        `borne usb` with --data-dir DIR/<kiosk>. Deterministic: the same options
        give the same rows.

        Profiles:
          seed-2020   the office's 2020 figures: sessions, days with a session and
                      taps per section of each kiosk exactly (at --scale 1), St Jacques
                      des Blats with invented figures; Vic busiest at 12-14h and
                      18-20h; almost nothing during the spring lockdown.

        Options:
          --profile NAME   seed-2020
          --year Y         the year to fill (the profile's calendar; 2020 for seed-2020)
          --out DIR        where the kiosk data directories go (must not hold them yet)
          --kiosk K        only this kiosk (repeat for several)
          --scale F        multiply the figures by F (0 < F <= 50; e.g. 0.1 for a quick run)
          --collector ROOT also write each kiosk's rows as batches and a heartbeat under
                           ROOT/<kiosk>/, as its uploader would (signed with the key it
                           creates in DIR/<kiosk>/keys/stats.key): ready for
                           `borne office trust` and `borne office ingest ROOT`
          --help           this help

        Exit codes: 0 ok, 64 usage, 73 a kiosk database already exists in DIR,
        74 write error.
        """

    static let spec = ArgumentSpec(options: ["--profile NAME", "--year Y", "--out DIR", "--scale F", "--collector ROOT"],
                                   repeatable: ["--kiosk K"], required: ["--profile", "--year", "--out"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "simulate", spec: spec, help: help) { p in
            let name = p.value("--profile")!
            guard let y = p.value("--year"), let year = Int(y), (2000...2100).contains(year) else {
                throw UsageError("missing or bad --year Y")
            }
            let out = p.value("--out")!
            let scale = try p.value("--scale").map { s -> Double in
                guard let f = Double(s), f > 0, f <= 50 else { throw UsageError("--scale must be a number in (0, 50]") }
                return f
            } ?? 1
            guard let profile = SimProfile.named(name, year: year) else {
                throw UsageError("unknown profile '\(name)' (known: \(SimProfile.names.joined(separator: ", ")))")
            }
            let only = p.values["--kiosk"].map(Set.init)
            if let only {
                let unknown = only.subtracting(profile.kiosks.map(\.id))
                guard unknown.isEmpty else {
                    throw UsageError("no kiosk \(unknown.sorted().joined(separator: ", ")) in profile \(name)")
                }
            }
            do {
                let collector = p.value("--collector")
                // The heartbeats say they were sent on 2 January of the next year: the same options give the same files.
                let sent = UTCTime.date(ms: UTCTime.parseISO("\(year + 1)-01-02T10:00:00Z")!)
                var failure: Error?
                try SimRun.run(profile, scale: scale, only: only, out: out) { r in
                    print("\(r.kiosk): \(r.sessions) sessions, \(r.touches) touches → \(r.databasePath)")
                    guard let collector, failure == nil else { return }
                    do {
                        let c = try SimCollector.write(kioskDataDir: (out as NSString).appendingPathComponent(r.kiosk),
                                                       kiosk: r.kiosk, root: collector, now: sent)
                        print("  \(c.batches) batch(es) in \(collector)/\(r.kiosk)/; key \(c.keyFile)")
                    } catch { failure = error }
                }
                if let failure { throw failure }
                return ExitCode.ok
            } catch let e as UsageError {
                throw e
            } catch let e as SimError {
                printError("borne simulate: \(e)")
                if case .exists = e { return ExitCode.canCreate }
                return ExitCode.ioErr
            } catch {
                printError("borne simulate: \(error)")
                return ExitCode.ioErr
            }
        }
    }
}
