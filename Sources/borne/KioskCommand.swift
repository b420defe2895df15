import BorneContent
import BorneCore
import BorneStore
import BorneTouch
import BorneUI
import Foundation

/// `borne kiosk`: the full-screen kiosk, or a bounded scripted run.
enum KioskCommand {
    static let help = """
        Usage: borne kiosk [--config FILE] [--content DIR] [--data-dir DIR]
                           [--touch-device PATH|auto|none]
                           [--size COLSxROWS --script FILE [--dump-screen]] [--clock LOCALTIME]

        Runs the touch kiosk full screen on this terminal (ncursesw, UTF-8, mouse taps).
        It leaves only on SIGTERM or from the maintenance screen (hidden gesture + PIN).

        Options:
          --config FILE     kiosk configuration (default: kiosk-config/vic-sur-cere.json)
          --content DIR     content directory (default: content)
          --data-dir DIR    where the kiosk keeps its data (default: data/dev)
          --touch-device D  read taps straight from the touchscreen (evdev): a device or
                            FIFO path, `auto` (every touchscreen under /dev/input, also
                            those plugged in later) or `none`; default: the config's
                            `touch.device`, else none (taps from the terminal's mouse reports)
          --size WxH        screen size of a scripted run (default 160x45)
          --script FILE     run the steps of FILE without a terminal, then exit:
                              tap COL ROW     a finger tap (1-based column and row)
                              tap ID          a tap in the middle of the touch target ID
                                              (tile:manger, nav:back, lang:en, item:ID...)
                              key TEXT        typed text (ignored by the kiosk, counts as activity)
                              wait MS         let MS milliseconds pass (virtual with --clock)
                              resize WxH      the screen changes size
                              dump            print the screen now
                              dump --targets  print the touch targets: ID COL ROW WIDTH HEIGHT
                              swap DIR        point the --content link at DIR, as an install
                                              does (the new version loads while taps go on)
          --dump-screen     print the screen text at the end of a scripted run
          --timings FILE    write one line per tap to FILE: press-to-frame wall time (ns),
                            the loop thread's CPU time over it (ns), 1 if a new content
                            version was loading meanwhile, else 0
          --clock TIME      start a virtual clock at TIME (Europe/Paris, 2020-07-14T12:00:00);
                            `wait` steps advance it. Without it, the real clock.

        Exit codes: 0 ok (SIGTERM), 10 quit from the maintenance screen, 64 usage,
        65 bad script or content, 66 missing file, 69 no usable terminal,
        74 terminal lost, 78 bad kiosk configuration.
        Under systemd (Type=notify) it sends READY=1 after the first frame,
        WATCHDOG=1 every half WatchdogSec= and STOPPING=1 on exit ($NOTIFY_SOCKET).
        """

    struct Options {
        var config = "kiosk-config/vic-sur-cere.json"
        var content = "content"
        var dataDir = "data/dev"
        var size: Size?
        var script: String?
        var dumpScreen = false
        var clock: Date?
        var timings: String?
        var touchDevice: String?
    }

    static let spec = ArgumentSpec(options: ["--config FILE", "--content DIR", "--data-dir DIR", "--size COLSxROWS",
                                             "--touch-device DEV", "--script FILE", "--timings FILE", "--clock TIME"],
                                   flags: ["--dump-screen"])

    static func options(_ a: Arguments) throws -> Options {
        var o = Options()
        if let v = a.value("--config") { o.config = v }
        if let v = a.value("--content") { o.content = v }
        if let v = a.value("--data-dir") { o.dataDir = v }
        if let v = a.value("--size") {
            guard let s = Size(v) else { throw UsageError("--size: expected COLSxROWS like 160x45, got '\(v)'") }
            o.size = s
        }
        o.touchDevice = a.value("--touch-device")
        o.script = a.value("--script")
        o.dumpScreen = a.has("--dump-screen")
        o.timings = a.value("--timings")
        if let v = a.value("--clock") {
            guard let d = KioskTime.parseLocal(v) else {
                throw UsageError("--clock: expected local time like 2020-07-14T12:00:00, got '\(v)'")
            }
            o.clock = d
        }
        return o
    }

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "kiosk", spec: spec, help: help) { a in run(options: try options(a)) }
    }

    static func run(options: Options) -> Int32 {
        if options.script != nil, options.touchDevice != nil {
            printError("borne kiosk: --touch-device reads a real screen; a scripted run takes its taps from the script")
            return ExitCode.usage
        }
        if options.script == nil,
           options.dumpScreen || options.size != nil || options.clock != nil || options.timings != nil {
            printError("borne kiosk: --size, --clock and --dump-screen need --script")
            return ExitCode.usage
        }
        if options.script == nil { keepLogsOffTheScreen(dataDir: options.dataDir) }
        // No content installed yet (first boot before `borne sync`): the
        // terminal kiosk shows a waiting screen and watches for it, instead of
        // exiting and being restarted every 2 s. A scripted run needs content.
        let waiting = options.script == nil && ContentWatcher.isAbsent(options.content)
        var env: AppEnvironment
        let bundleWeather: WeatherReport?
        let contentCreated: Date?
        var start: KioskStart?
        switch waiting ? waitingEnvironment(options) : loadEnvironment(options) {
        case .success(let loaded):
            env = loaded.env; bundleWeather = loaded.bundleWeather; contentCreated = loaded.contentCreated
            start = loaded.start
        case .failure(let f): Log.error("borne kiosk: \(f.message)"); return f.code
        }
        // Every tap is a row in DATA/sessions.db, scripted runs included (flagged as such).
        let recorder = TouchRecorder(config: RecorderConfig(dataDir: env.dataDir, kioskID: env.config.id))
        env.storeStatus = { (recorder.status.summary, recorder.health.isOK) }
        defer {
            if !recorder.close(timeout: 2) { Log.error("borne kiosk: some touches could not be written before exit") }
        }
        if let script = options.script {
            return ScriptedRun(env: env, options: options, contentPath: options.content,
                               log: TouchLog(recorder: recorder, flags: .scripted), pendingStart: start)
                .run(scriptPath: script)
        }
        // The touchscreen itself (evdev), besides the terminal's mouse reports.
        let touch: TouchInput?
        do {
            touch = try TouchInput.make(option: options.touchDevice, config: env.config.touch) { notice in
                switch notice.level {
                case .error: Log.error("borne kiosk: \(notice.message)")
                case .warning: Log.warning("borne kiosk: \(notice.message)")
                case .info: Log.info("borne kiosk: \(notice.message)")
                }
            }
        } catch {
            Log.error("borne kiosk: --touch-device: \(error)")
            return ExitCode.config
        }
        var run = TerminalRun(env: waiting ? nil : env, template: env, contentPath: options.content,
                              log: TouchLog(recorder: recorder),
                              bundleWeather: bundleWeather, clock: KioskClock(floor: contentCreated), pendingStart: start)
        if let touch { run.sources.append(touch) }
        return run.run()
    }

    struct Failure: Error { var message: String; var code: Int32 }

    /// The screen belongs to ncurses: a log line written to the same terminal
    /// (content problems, the store's start-up line) would print over the
    /// visitor's screen. When stderr is that terminal (`make run`), the log
    /// goes to DATA/kiosk.log instead; under systemd it is the journal already.
    static func keepLogsOffTheScreen(dataDir: String) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        try? FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("kiosk.log").path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        guard fd >= 0 else { return }
        FileHandle.standardError.write(Data("borne kiosk: logging to \(path)\n".utf8))
        dup2(fd, STDERR_FILENO)
        close(fd)
    }

    struct Loaded {
        var env: AppEnvironment; var bundleWeather: WeatherReport?; var contentCreated: Date?
        /// The full load still running when the home was drawn from the item index's head.
        var start: KioskStart? = nil
    }

    static func loadConfig(_ o: Options) -> Result<KioskConfig, Failure> {
        do {
            return .success(try KioskConfigLoader.load(file: URL(fileURLWithPath: o.config), displayName: o.config))
        } catch {
            let missing = !FileManager.default.fileExists(atPath: o.config)
            return .failure(Failure(message: "\(error)", code: missing ? ExitCode.noInput : ExitCode.config))
        }
    }

    /// The environment of a kiosk without content: its configuration and data
    /// directory; the catalog is empty until the first content arrives.
    static func waitingEnvironment(_ o: Options) -> Result<Loaded, Failure> {
        let config: KioskConfig
        switch loadConfig(o) {
        case .success(let c): config = c
        case .failure(let f): return .failure(f)
        }
        do {
            try FileManager.default.createDirectory(atPath: o.dataDir, withIntermediateDirectories: true)
        } catch {
            return .failure(Failure(message: "cannot create data directory \(o.dataDir): \(error.localizedDescription)",
                                    code: ExitCode.ioErr))
        }
        let dataDir = o.dataDir
        let empty = ContentCatalog(version: "", office: OfficeInfo(name: LocalizedText([:]), address: "", phone: "", email: ""),
                                   items: [], emergency: [], weather: nil)
        let env = AppEnvironment(config: config, catalog: empty, qr: QRCache().provider, qrLow: QRCache(lowCorrection: true).provider,
                                 dataDir: URL(fileURLWithPath: dataDir).standardizedFileURL.path,
                                 freeDisk: { freeDiskText(dataDir) })
        return .success(Loaded(env: env, bundleWeather: nil, contentCreated: nil))
    }

    static func loadEnvironment(_ o: Options) -> Result<Loaded, Failure> {
        let config: KioskConfig
        switch loadConfig(o) {
        case .success(let c): config = c
        case .failure(let f): return .failure(f)
        }
        let directory = URL(fileURLWithPath: o.content), data = URL(fileURLWithPath: o.dataDir)
        let catalog: ContentCatalog
        let bundleWeather: WeatherReport?, created: Date?, problems: Int
        var start: KioskStart?
        // A village kiosk's home shows only counts: drawn from the item
        // index's head; the items are read right after that first frame.
        if config.layout != .table, let home = KioskContentLoad.loadHome(directory: directory, dataDir: data) {
            var shown = placedWithWeather(home.catalog, config: config, dataDir: data)
            let homeItems = shown.items, homeShelf = shown.shelf
            shown.items = []  // only the first app holds them (KioskStart.homeEnvironment)
            shown.shelf = nil
            catalog = shown
            bundleWeather = home.catalog.weather; created = home.bundle.created; problems = 0
            let weather = catalog.weather, geo = config.geo
            start = KioskStart(directory: o.content, homeItems: homeItems, homeShelf: homeShelf) {
                var loaded = try KioskContentLoad.load(directory: directory, dataDir: data, shelve: true)
                for p in loaded.problems { Log.warning("borne kiosk: content: \(p)") }
                var full = loaded.catalog
                loaded.catalog.items = []  // the only reference left: placed in place
                full.placeHours(at: geo)
                full.weather = weather
                return (full, loaded.problems.count)
            }
        } else {
            let loaded: ContentLoadResult
            do {
                loaded = try KioskContentLoad.load(directory: directory, dataDir: data)
            } catch {
                let missing = !FileManager.default.fileExists(atPath: o.content)
                return .failure(Failure(message: "\(error)", code: missing ? ExitCode.noInput : ExitCode.dataErr))
            }
            for p in loaded.problems { Log.warning("borne kiosk: content: \(p)") }
            catalog = placedWithWeather(loaded.catalog, config: config, dataDir: data)
            bundleWeather = loaded.catalog.weather; created = loaded.bundle.created; problems = loaded.problems.count
        }
        do {
            try FileManager.default.createDirectory(atPath: o.dataDir, withIntermediateDirectories: true)
        } catch {
            return .failure(Failure(message: "cannot create data directory \(o.dataDir): \(error.localizedDescription)",
                                    code: ExitCode.ioErr))
        }
        let dataDir = o.dataDir
        let env = AppEnvironment(
            config: config, catalog: catalog, qr: QRCache().provider, qrLow: QRCache(lowCorrection: true).provider,
            dataDir: URL(fileURLWithPath: dataDir).standardizedFileURL.path,
            contentProblems: problems,
            freeDisk: { freeDiskText(dataDir) })
        return .success(Loaded(env: env, bundleWeather: bundleWeather, contentCreated: created, start: start))
    }

    /// Opening hours without a position placed at the kiosk's; the fetched
    /// weather merged with the bundle's.
    static func placedWithWeather(_ loaded: ContentCatalog, config: KioskConfig, dataDir: URL) -> ContentCatalog {
        var catalog = loaded
        catalog.placeHours(at: config.geo)
        let fetched = WeatherFile.read(dataDir: dataDir)
        for p in fetched.problems { Log.warning("borne kiosk: fetched weather: \(p)") }
        catalog.weather = WeatherFile.merge(bundle: catalog.weather, fetched: fetched.report)
        return catalog
    }

    static func freeDiskText(_ path: String) -> String {
        guard let attrs = try? FileManager.default.attributesOfFileSystem(forPath: path),
              let free = (attrs[.systemFreeSize] as? NSNumber)?.doubleValue else { return "?" }
        let gb = free / 1_000_000_000
        return String(format: gb >= 1 ? "%.1f Go" : "%.0f Mo", gb >= 1 ? gb : free / 1_000_000)
            .replacingOccurrences(of: ".", with: ",")
    }
}
