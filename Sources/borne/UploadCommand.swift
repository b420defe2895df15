import BorneCore
import BorneNet
import BorneStats
import BorneUpload
import Foundation

/// `borne upload`: ships the kiosk's touches to the office's collector —
/// a daemon (`borne-upload.service`) that runs a round every few minutes,
/// or one round with `--once`. docs/STATISTICS.md, "Shipping".
enum UploadCommand {
    static let help = """
        Usage: borne upload --config FILE --data-dir DIR [--target URL] [--once]
                            [--retry-parked] [--interval MINUTES] [--content DIR]
                            [--budget BYTES] [--timeout SECONDS]
                            [--with-sync [--content-every N]] [--upload-every N] [--rounds N]

        Sends the touches not yet acknowledged (DIR/sessions.db, after
        upload_state.last_acked_seq) as batches of at most 5,000 rows, then a
        heartbeat: PUT URL/KIOSK/KIOSK-FIRST-LAST.batch, URL/KIOSK/heartbeat.json
        (docs/BATCHES.md). A batch is acknowledged only by a 2xx; 4xx parks it
        (DIR/upload/parked.json, shown in the heartbeat) until the collector's
        configuration changes or --retry-parked; 5xx, timeouts and dropped
        connections are retried with full-jitter backoff.

        Options:
          --config FILE       kiosk configuration (/etc/borne/kiosk.json on a kiosk):
                              collector_url, collector_user, collector_password_file,
                              daily_byte_budget
          --data-dir DIR      the kiosk's data directory (/var/lib/borne)
          --target URL        http(s)://HOST/PATH (WebDAV) or file:///DIR; default: collector_url
          --once              one round, then exit (default: run until SIGTERM)
          --retry-parked      try parked batches again now
          --interval MINUTES  pause between rounds of the daemon (default 15)
          --content DIR       installed content, for the heartbeat (default DIR/content/current)
          --budget BYTES      bytes allowed per day (Europe/Paris) on this link, shared with
                              borne sync; default: daily_byte_budget, 50000000 on a 4g kiosk
          --timeout SECONDS   longest single transfer (default 120)
          --with-sync         each round of the daemon first does what borne sync does
                              (the weather, then the content), in this process: TLS
                              sessions are resumed from round to round (docs/SYNC.md)
          --content-every N   with --with-sync, check the content every Nth round only
                              (the weather every round; default 1)
          --upload-every N    send batches and heartbeat every Nth round only (default 1)
          --rounds N          stop after N rounds (default: until SIGTERM)
          --help              this help

        A kiosk without collector_url whose connectivity is "none" ships by USB
        stick (`borne usb`): this command then does nothing and succeeds.

        Exit codes: 0 everything acknowledged (or SIGTERM in daemon mode), 64 usage,
        66 config missing, 69 a batch or the heartbeat is refused (4xx, parked),
        74 local I/O error, 75 try later (network, server, budget, store busy),
        78 bad config, password file or stats key.
        """

    struct Options {
        var config: String?
        var dataDir: String?
        var target: String?
        var once = false
        var retryParked = false
        var intervalMinutes = 15.0
        var content: String?
        var budget: Int64?
        var timeout = 120.0
        var withSync = false
        var contentEvery = 1
        var uploadEvery = 1
        var rounds: Int?
    }

    static let spec = ArgumentSpec(
        options: ["--config FILE", "--data-dir DIR", "--target URL", "--interval MINUTES", "--content DIR",
                  "--timeout SECONDS", "--budget BYTES", "--content-every N", "--upload-every N", "--rounds N"],
        flags: ["--once", "--retry-parked", "--with-sync"], required: ["--config", "--data-dir"])

    static func options(_ a: Arguments) throws -> Options {
        var o = Options()
        o.config = a.value("--config")
        o.dataDir = a.value("--data-dir")
        o.target = a.value("--target")
        o.once = a.has("--once")
        o.retryParked = a.has("--retry-parked")
        if let v = try a.positive("--interval") { o.intervalMinutes = v }
        o.content = a.value("--content")
        if let v = try a.positive("--timeout") { o.timeout = v }
        o.budget = try a.bytes("--budget")
        o.withSync = a.has("--with-sync")
        for (name, keyPath) in [("--content-every", \Options.contentEvery), ("--upload-every", \Options.uploadEvery)] {
            if let n = try count(a, name) { o[keyPath: keyPath] = n }
        }
        o.rounds = try count(a, "--rounds")
        if a.value("--content-every") != nil && !o.withSync {
            throw UsageError("--content-every: only with --with-sync (the content is checked by the sync part of a round)")
        }
        if o.once && (o.withSync || o.rounds != nil || a.value("--upload-every") != nil) {
            throw UsageError("--once: one upload round; --with-sync, --upload-every and --rounds are for the daemon")
        }
        return o
    }

    /// A whole number of rounds, 1 or more, if given.
    private static func count(_ a: Arguments, _ name: String) throws -> Int? {
        guard let v = a.value(name) else { return nil }
        guard let n = Int(v), n >= 1 else { throw UsageError("\(name): expected a whole number of rounds, 1 or more, got '\(v)'") }
        return n
    }

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "upload", spec: spec, help: help) { a in upload(try options(a)) }
    }

    static func upload(_ o: Options) -> Int32 {
        // Round reports and the daemon's life: info; failures that end the command: error.
        let log: (String) -> Void = { Log.info("borne upload: \($0)") }
        let fail: (String) -> Void = { Log.error("borne upload: \($0)") }

        var config: KioskConfig
        switch SyncSupport.loadConfig(o.config!) {
        case .success(let c): config = c
        case .failure(let f): fail(f.message); return f.code
        }
        guard (o.target ?? config.collectorURL) != nil else {
            if config.connectivity == .none {
                print("borne upload: kiosk \(config.id) has no network (connectivity none): its statistics leave by USB stick (borne usb)")
                return ExitCode.ok
            }
            fail("no collector: set collector_url in the kiosk config or give --target URL")
            return ExitCode.usage
        }
        let dataDir = URL(fileURLWithPath: o.dataDir!)
        let key: StatsKey
        switch UploadSupport.key(dataDir: dataDir, kiosk: config.id, log: log) {
        case .success(let k): key = k
        case .failure(let f): fail(f.message); return f.code
        }

        let outbox = Outbox(dataDir: dataDir, kiosk: config.id, key: key, log: log)
        let status = KioskStatusSource(dataDir: dataDir, contentDir: o.content.map { URL(fileURLWithPath: $0) },
                                       software: BorneVersion.string)
        var budgetLimit = o.budget ?? config.dailyByteBudget.map(Int64.init)
        if budgetLimit == nil && config.connectivity == .cellular4G { budgetLimit = SyncCommand.cellularDefaultBudget }
        let limits = HTTPLimits(connectTimeout: min(15, o.timeout), overallTimeout: o.timeout,
                                lowSpeedBytesPerSecond: 256, lowSpeedSeconds: Int(min(30, max(1, o.timeout / 2))))
        let makeClient = {
            HTTPClient(limits: limits, budget: budgetLimit.map { ByteBudget(limit: $0, dataDir: dataDir) },
                       userAgent: "borne/\(BorneVersion.string) (\(config.id))")
        }

        // The target as configured now. The daemon calls this before every
        // round: a corrected config or password file releases parked batches.
        var current: (url: String, target: UploadSupport.Target)?
        func uploader() throws -> Uploader {
            if !o.once, case .success(let fresh) = SyncSupport.loadConfig(o.config!), fresh.id == config.id {
                config = fresh
            }
            let url = o.target ?? config.collectorURL ?? current?.url ?? ""
            switch UploadSupport.target(url: url, config: config, key: key, client: makeClient) {
            case .success(let t):
                if current?.target.fingerprint != t.fingerprint { current = (url, t) }
            case .failure(let f):
                guard current != nil, !o.once else { throw f }
                Log.warning("borne upload: \(f.message); keeping the previous target")
            }
            let u = Uploader(outbox: outbox, transport: current!.target.transport, status: status,
                             targetFingerprint: current!.target.fingerprint, log: log)
            return u
        }

        if o.once {
            let u: Uploader
            do { u = try uploader() } catch let f as UploadSupport.Failure { fail(f.message); return f.code } catch { return ExitCode.software }
            let report = u.round(retryParked: o.retryParked)
            print("borne upload: \(u.transport.displayName): \(report.summary)")
            return UploadSupport.exitCode(report.outcome)
        }

        // Daemon: SIGTERM (systemd stop) and SIGINT end it between two batches or during a pause.
        // Not a DispatchSource: it wakes libdispatch's manager thread, which
        // asks for nice -4 and, refused to an unprivileged service, logged
        // "Failed to set thread priority for worker thread … errno=13" at
        // every start. The signals are blocked here, before any other thread
        // exists (threads inherit the mask), and one thread takes them.
        let stop = StopSignal()
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let signalWaiter = Thread { [stopSignals] in
            var set = stopSignals, received: Int32 = 0
            while sigwait(&set, &received) != 0 {}
            stop.stop()
        }
        signalWaiter.start()
        // The target is read before READY=1, as the unit says: a missing or
        // unreadable password file exits 78 (RestartPreventExitStatus) here
        // instead of a daemon that stays active and never ships anything.
        do { _ = try uploader() } catch let f as UploadSupport.Failure { fail(f.message); return f.code } catch { return ExitCode.software }
        log("shipping the statistics of \(config.id) every \(o.intervalMinutes) min")
        let loop = UploadLoop(interval: o.intervalMinutes * 60, backoff: Backoff(base: 15, cap: max(60, o.intervalMinutes * 60)),
                              stop: stop, log: log, makeUploader: uploader)
        loop.retryParkedFirst = o.retryParked
        loop.uploadEvery = o.uploadEvery
        if o.withSync {
            // The sync of a round makes its own client; the process's share
            // keeps the TLS sessions (and DNS answers) from round to round.
            let sync = SyncCommand.Options(config: o.config, dataDir: o.dataDir, budget: o.budget)
            loop.beforeRound = { round in
                let code = SyncCommand.sync(sync, gateFactory: makeGate, sleep: { _ = stop.sleep($0) },
                                            content: (round - 1) % o.contentEvery == 0)
                if code != ExitCode.ok { log("round \(round): the sync part ended with exit \(code) (see above); the upload part goes on") }
            }
        }
        // borne-upload.service is Type=notify: started once config, key and target are read.
        let notify = SystemdNotify()
        notify.ready(status: "shipping \(config.id)")
        loop.run(maxRounds: o.rounds ?? .max)
        notify.stopping()
        log("stopped")
        return ExitCode.ok
    }
}
