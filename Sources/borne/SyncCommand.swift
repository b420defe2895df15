import BorneCore
import BorneNet
import BorneSync
import Foundation

/// `borne sync`: one content sync over HTTP from the published tree, run by
/// `borne-sync.timer`. The source URL and the daily budget come from the kiosk
/// config (`sync_url`, `daily_byte_budget`); `--source` and `--budget` override them.
enum SyncCommand {
    static let help = """
        Usage: borne sync --config FILE --data-dir DIR [--source URL] [--budget BYTES]

        Fetches the published bundle at URL (URL/manifest.json, manifest.sig,
        objects/ab/cdef…): the manifest conditionally (ETag, Last-Modified),
        then only the objects this kiosk lacks, resuming partial downloads and
        checking each object's SHA-256, then installs the verified version.

        Options:
          --config FILE     kiosk configuration (/etc/borne/kiosk.json on a kiosk)
          --data-dir DIR    the kiosk's data directory (/var/lib/borne); state in DIR/sync/
          --source URL      the published tree (http or https); default: the config's sync_url
          --budget BYTES    bytes allowed per day (Europe/Paris) on this link, both ways;
                            default: the config's daily_byte_budget, else none, or
                            50000000 on a kiosk whose connectivity is 4g
          --help            this help

        A kiosk whose connectivity is "none" syncs by USB stick (`borne usb`): this
        command then does nothing and succeeds.

        Exit codes: 0 ok (installed, or nothing new), 64 usage, 65 a bundle that
        fails verification, 66 config missing, 69 no bundle verification in this
        build or the source refuses (4xx), 74 local I/O error, 75 try later
        (network, server, budget spent, another sync running), 78 bad config.
        """

    /// The default daily budget of a 4G kiosk when none is given.
    static let cellularDefaultBudget: Int64 = 50_000_000

    struct Options {
        var config: String?
        var dataDir: String?
        var source: String?
        var budget: Int64?
    }

    static let spec = ArgumentSpec(options: ["--config FILE", "--data-dir DIR", "--source URL", "--budget BYTES"],
                                   required: ["--config", "--data-dir"])

    static func options(_ a: Arguments) throws -> Options {
        var o = Options(config: a.value("--config"), dataDir: a.value("--data-dir"), budget: try a.bytes("--budget"))
        if let v = a.value("--source") {
            guard let u = URLComponents(string: v), ["http", "https"].contains(u.scheme?.lowercased() ?? ""),
                  u.host?.isEmpty == false else {
                throw UsageError("--source: expected an http or https URL, got '\(NetError.redact(v))'")
            }
            o.source = v
        }
        return o
    }

    /// - Parameter sleep: how retries wait (tests do not).
    static func run(_ args: [String], gateFactory: GateFactory = makeGate,
                    sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) -> Int32 {
        Arguments.run(args, command: "sync", spec: spec, help: help) { a in
            sync(try options(a), gateFactory: gateFactory, sleep: sleep)
        }
    }

    /// - Parameter content: false fetches the weather only (a round of
    ///   `borne upload --with-sync` that does not check the content).
    static func sync(_ o: Options, gateFactory: GateFactory, sleep: @escaping (Double) -> Void,
                     content: Bool = true) -> Int32 {

        let config: KioskConfig
        switch SyncSupport.loadConfig(o.config!) {
        case .success(let c): config = c
        case .failure(let f): Log.error("borne sync: \(f.message)"); return f.code
        }
        if config.connectivity == .none {
            print("borne sync: kiosk \(config.id) has no network (connectivity none): it is updated by USB stick (borne usb)")
            return ExitCode.ok
        }
        guard let source = o.source ?? config.syncURL else {
            Log.error("borne sync: no source: set sync_url in the kiosk config or give --source URL")
            return ExitCode.usage
        }
        let dataDir = URL(fileURLWithPath: o.dataDir!)
        var budgetLimit = o.budget ?? config.dailyByteBudget.map(Int64.init)
        if budgetLimit == nil && config.connectivity == .cellular4G {
            budgetLimit = cellularDefaultBudget
            Log.warning("borne sync: 4g kiosk without --budget: \(cellularDefaultBudget) bytes a day")
        }

        let gate: BundleGate
        do {
            gate = try gateFactory(config, dataDir)
        } catch {
            Log.error("borne sync: \(error)")
            return SyncSupport.exitCode(for: error)
        }
        let budget = budgetLimit.map { ByteBudget(limit: $0, dataDir: dataDir) }
        let client = HTTPClient(budget: budget, userAgent: "borne/\(BorneVersion.string) (\(config.id))")
        let log: (String) -> Void = { Log.info("borne sync: \($0)") }
        let engine = SyncEngine(source: source, dataDir: dataDir, gate: gate, transport: client,
                                retrier: Retrier(sleep: sleep, log: log), log: log)
        // Weather first: small, and what a visitor sees change every hour.
        if let weatherURL = config.weatherURL {
            do {
                print("borne sync: \(try WeatherFetch.run(url: weatherURL, config: config, dataDir: dataDir, client: client))")
            } catch {
                Log.warning("borne sync: weather not updated, the kiosk keeps the previous report: \(error)")
            }
        }
        // The run's connections close here, whatever happened, and their
        // last bytes (close alerts, FIN) go to the budget.
        defer {
            do { try client.endRound() } catch {
                Log.warning("borne sync: the connections closed, but their last bytes are not in the budget: \(error)")
            }
        }
        guard content else { return ExitCode.ok }
        do {
            let report = try engine.run()
            print("borne sync: \(NetError.redact(source)): \(SyncSupport.summary(report))")
            return ExitCode.ok
        } catch let f as SyncFailure {
            Log.error("borne sync: \(f.error)")
            Log.error("borne sync: before stopping: \(SyncSupport.summary(f.report)); staged objects are kept for the next run")
            return SyncSupport.exitCode(for: f)
        } catch {
            Log.error("borne sync: \(error)")
            return SyncSupport.exitCode(for: error)
        }
    }
}
