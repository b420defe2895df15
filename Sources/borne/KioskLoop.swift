import BorneCore
import BorneUI
import Foundation

/// What the kiosk loop runs on: the ncurses terminal (`TerminalBackend`) or
/// memory (`MemoryBackend`: scripts, benchmarks, tests).
protocol KioskBackend: AnyObject {
    var size: Size { get }
    /// Stop after this turn: SIGTERM on a terminal, the end of a script.
    var shouldStop: Bool { get }
    /// Waits up to `timeoutMs` for input from the backend itself or from one
    /// of `sources` (all waited on together), then returns what arrived,
    /// bounded: keys folded into one `.key`, a limited number of pointer events.
    func nextBatch(timeoutMs: Int, sources: [InputSource]) -> InputBatch
    /// Shows a frame; `targets` are its touch targets (scripts tap by id).
    func draw(_ canvas: Canvas, targets: [Target])
}

/// One turn's input.
struct InputBatch {
    var events: [InputEvent] = []
    /// The terminal is gone: the loop ends (exit 74, systemd restarts).
    var lost = false
}

/// The one kiosk loop, for the terminal and for scripts alike: each turn
/// waits up to 250 ms for input, feeds the state machine every event of the
/// batch, ticks its clock, collects new content and weather, then draws one
/// frame if anything asked for it (a `.redraw` reaction, new content, a new
/// minute or attract slide) and only then hands the turn's rows to the store.
struct KioskLoop {
    static let turnMs = 250

    let backend: KioskBackend
    var sources: [InputSource] = []
    let log: TouchLog
    let clock: () -> Date
    let mono: () -> UInt64
    let watcher: ContentWatcher?
    /// The state machine's environment without content: the loop builds the
    /// app from it when content arrives (a kiosk that started without content
    /// shows the waiting screen until then) or is replaced.
    let template: AppEnvironment
    let config: KioskConfig
    var notify = SystemdNotify(environment: [:])
    /// The full load of a start whose first frame came from the item
    /// index's head: waited for before the first input is read.
    var pendingStart: KioskStart?
    /// Renders per turn (tests count them).
    private(set) var renders = 0
    private(set) var turns = 0

    enum Outcome: Equatable { case stopped, lost, quit }

    func makeApp(_ catalog: ContentCatalog, _ problems: Int) -> KioskApp {
        var env = template
        env.catalog = catalog
        env.contentProblems = problems
        return KioskApp(env: env, size: backend.size, now: clock())
    }

    mutating func run(app initial: consuming KioskApp?) -> (Outcome, KioskApp?) {
        var app = consume initial  // owned here: a start's stand-in items die with it
        var shown: KioskApp.TimeStamp?
        var waitingMinute = -1
        func frame(_ app: inout KioskApp?) {
            if var a = app {
                backend.draw(a.render(), targets: a.targets)
                renders += 1
                shown = a.timeStamp(a.now)
                app = a
            } else {
                backend.draw(WaitingScreen.render(config: config, size: backend.size, now: clock()), targets: [])
                renders += 1
            }
        }
        frame(&app)
        // systemd (Type=notify): started once the first frame is on screen;
        // then alive as long as this loop turns (WatchdogSec=).
        notify.ready(status: app.map { "showing content \($0.env.catalog.version)" } ?? "waiting for content")
        while !backend.shouldStop {
            turns += 1
            notify.pingIfDue()
            if let pending = pendingStart {
                // The items of a home drawn from the item index's head: read
                // now, before the first input (the first turn follows the
                // first frame at once).
                pendingStart = nil
                finishStart(pending, app: &app)
                frame(&app)
            }
            let batch = backend.nextBatch(timeoutMs: Self.turnMs, sources: sources)
            if batch.lost { return (.lost, app) }
            let now = clock()
            let monoNow = mono()
            var reactions: [Reaction] = []
            var due = false
            if var a = app {
                for event in batch.events {
                    // Hit-testing uses the last frame's targets: after a change,
                    // the next tap of the same batch lands on the new screen.
                    if a.targetsStale, event.isPointer { _ = a.render(); renders += 1 }
                    reactions += a.handle(event, now: now)
                }
                if batch.events.isEmpty {
                    // Idle moment: prepare lists (new minute, language, content) before the next tap.
                    a.warmUp()
                }
                reactions += a.tick(now: now)
                app = a
            }
            for change in watcher?.poll(now: now) ?? [] {
                switch change {
                case .content(let catalog, let problems):
                    if var a = app {
                        reactions += a.offerContent(catalog, problems: problems)
                        app = a
                    } else {
                        app = makeApp(catalog, problems)
                        Log.info("borne kiosk: content \(catalog.version) installed, leaving the waiting screen")
                        notify.send("STATUS=showing content \(catalog.version)")
                        due = true
                    }
                case .weather(let report):
                    if var a = app { reactions += a.updateWeather(report); app = a }
                }
            }
            for case .contentReplaced(let version) in reactions {
                Log.info("borne kiosk: now showing content \(version)")
                notify.send("STATUS=showing content \(version)")
            }
            let version = app?.env.catalog.version ?? ""
            if reactions.contains(.quit) {
                log.forward(reactions, contentVersion: version, monoNs: monoNow)
                return (.quit, app)
            }
            if let a = app {
                due = due || reactions.contains(.redraw) || a.timeStamp(now) != shown
            } else {
                let minute = Int(now.timeIntervalSince1970 / 60)
                due = due || minute != waitingMinute || batch.events.contains { if case .resize = $0 { true } else { false } }
                waitingMinute = minute
            }
            if due { frame(&app) }
            // Rows are handed over after the frame is on screen: never a frame late for a row.
            log.forward(reactions, contentVersion: version, monoNs: monoNow)
        }
        return (.stopped, app)
    }
}

extension KioskLoop {
    /// The start's full catalog replaces the home's stand-in items; the app
    /// is built again (nothing was handled yet). If it cannot be read (the
    /// version vanished since the first frame), the waiting screen until
    /// the watcher loads content again.
    func finishStart(_ pending: KioskStart, app: inout KioskApp?) {
        app = nil  // its stand-in items are freed before the items are read
        switch pending.take() {
        case .success(let full):
            app = makeApp(full.catalog, full.problems)
        case .failure(let error):
            Log.error("borne kiosk: the content at \(pending.directory) could not be read after its home was drawn: "
                      + "\(error); showing the waiting screen until it loads")
            app = nil
            watcher?.forget()
        }
    }
}

extension InputEvent {
    var isPointer: Bool {
        switch self {
        case .press, .release: return true
        case .key, .resize: return false
        }
    }
}
