import BorneCore
import BorneTerminal
import BorneUI
import Foundation

/// The ncurses terminal as the loop's backend: one poll(2) on the terminal
/// and every input source's descriptors (asked for again every turn), then
/// the terminal's bytes in bulk and the ready sources' events.
final class TerminalBackend: KioskBackend {
    let term: Terminal
    /// The Linux console's stand-ins (`"glyphs": "console"`), applied where
    /// the terminal writes changed cells, not to every rendered frame.
    let glyphs: ((String) -> String)?
    init(_ term: Terminal, glyphs: KioskConfig.Glyphs) {
        self.term = term
        self.glyphs = glyphs == .console ? { ConsoleGlyphs.stand($0) } : nil
    }

    var size: Size { term.size }
    var shouldStop: Bool { term.shouldExit }

    func nextBatch(timeoutMs: Int, sources: [InputSource]) -> InputBatch {
        let owners = sources.map { ($0, $0.pollDescriptors) }
        let read = term.readBatch(timeoutMs: timeoutMs, descriptors: owners.flatMap(\.1))
        var batch = InputBatch(events: read.events, lost: read.lost)
        guard !read.lost, !read.readable.isEmpty else { return batch }
        let ready = Set(read.readable)
        for (source, fds) in owners where fds.contains(where: ready.contains) {
            batch.events += source.readEvents(screen: term.size)
        }
        return batch
    }

    func draw(_ canvas: Canvas, targets: [Target]) { term.draw(canvas, glyphs: glyphs) }
}

/// The kiosk on a real terminal: the loop over `TerminalBackend`.
struct TerminalRun {
    /// The environment of the content on disk, or nil when none is installed
    /// yet (the kiosk then shows the waiting screen and watches for it).
    let env: AppEnvironment?
    /// What the app is built from when content arrives later.
    let template: AppEnvironment
    let contentPath: String
    let log: TouchLog
    /// The loaded bundle's own weather (its snow report outlives fetched forecasts).
    let bundleWeather: WeatherReport?
    var clock: KioskClock
    /// The start's full load, when the home came from the item index's head.
    var pendingStart: KioskStart? = nil
    var sources: [InputSource] = []

    func run() -> Int32 {
        let term: Terminal
        do { term = try Terminal() } catch {
            Log.error("borne kiosk: \(error)")
            return ExitCode.unavailable
        }
        let kioskClock = ClockBox(clock)
        let start = DispatchTime.now().uptimeNanoseconds
        let watcher = ContentWatcher(path: contentPath, dataDir: URL(fileURLWithPath: template.dataDir),
                                     bundleWeather: bundleWeather, loaded: env != nil)
        watcher.hoursGeo = template.config.geo
        if env == nil {
            Log.warning("borne kiosk: no content at \(contentPath) yet: showing the waiting screen until "
                        + "`borne sync` or a USB stick installs some")
        }
        let template = self.template
        var loop = KioskLoop(
            backend: TerminalBackend(term, glyphs: template.config.glyphs), sources: sources, log: log,
            clock: { kioskClock.now() }, mono: { DispatchTime.now().uptimeNanoseconds - start },
            watcher: watcher,
            template: template,
            config: template.config, notify: SystemdNotify())
        loop.pendingStart = pendingStart
        let app = env.map { KioskApp(env: pendingStart?.homeEnvironment($0) ?? $0, size: term.size, now: kioskClock.now()) }
        let (outcome, _) = loop.run(app: consume app)
        loop.notify.stopping()
        term.shutdown()
        switch outcome {
        case .lost:
            // Non-zero so systemd brings the kiosk back on a new terminal.
            Log.error("borne kiosk: terminal lost, exiting")
            return ExitCode.ioErr
        case .quit:
            // borne-kiosk.service restarts always, except on this status
            // (RestartPreventExitStatus=): a person quit on purpose.
            Log.info("borne kiosk: quit from the maintenance screen")
            return ExitCode.maintenanceQuit
        case .stopped:
            if term.terminalLost {
                Log.error("borne kiosk: terminal lost, exiting")
                return ExitCode.ioErr
            }
            Log.info("borne kiosk: stopped (SIGTERM)")
            return ExitCode.ok
        }
    }
}

/// `KioskClock` is a value with state (its floor); the loop's clock closure shares this one.
final class ClockBox {
    var clock: KioskClock
    init(_ clock: KioskClock) { self.clock = clock }
    func now() -> Date { clock.now() }
}
