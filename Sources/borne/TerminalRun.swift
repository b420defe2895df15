import BorneCore
import BorneTerminal
import BorneUI
import Foundation

/// The kiosk on a real terminal: read input, feed the state machine, draw.
struct TerminalRun {
    let env: AppEnvironment
    let contentPath: String
    let log: TouchLog
    /// The loaded bundle's own weather (its snow report outlives fetched forecasts).
    let bundleWeather: WeatherReport?
    var clock: KioskClock

    func run() -> Int32 {
        let term: Terminal
        do { term = try Terminal() } catch {
            Log.error("borne kiosk: \(error)")
            return ExitCode.unavailable
        }
        var clock = self.clock
        var app = KioskApp(env: env, size: term.size, now: clock.now())
        var watcher = ContentWatcher(path: contentPath, dataDir: URL(fileURLWithPath: env.dataDir),
                                     bundleWeather: bundleWeather)
        watcher.hoursGeo = env.config.geo
        term.draw(app.render())
        // systemd (Type=notify): started once the first frame is on screen;
        // then alive as long as this loop turns (WatchdogSec=).
        let notify = SystemdNotify()
        notify.ready(status: "showing content \(app.env.catalog.version)")
        var quitFromMaintenance = false
        loop: while !term.shouldExit {
            notify.pingIfDue()
            var reactions: [Reaction]
            let input = term.nextInput(timeoutMs: 250)
            let now = clock.now()
            let mono = DispatchTime.now().uptimeNanoseconds
            switch input {
            case .event(let e):
                reactions = app.handle(e, now: now)
            case .timeout:
                reactions = []
                // Idle moment: prepare lists (new minute, language, content) before the next tap.
                app.warmUp()
            case .lost:
                break loop
            }
            reactions += app.tick(now: now)
            for change in watcher.poll(now: now) {
                switch change {
                case .content(let catalog, let problems): reactions += app.offerContent(catalog, problems: problems)
                case .weather(let report): reactions += app.updateWeather(report)
                }
            }
            for case .contentReplaced(let version) in reactions {
                Log.info("borne kiosk: now showing content \(version)")
            }
            let version = app.env.catalog.version
            if reactions.contains(.quit) {
                log.forward(reactions, contentVersion: version, monoNs: mono)
                quitFromMaintenance = true
                break
            }
            term.draw(app.render())
            // Rows are handed over after the frame is on screen: never a frame late for a row.
            log.forward(reactions, contentVersion: version, monoNs: mono)
        }
        notify.stopping()
        term.shutdown()
        if term.terminalLost {
            // Non-zero so systemd brings the kiosk back on a new terminal.
            Log.error("borne kiosk: terminal lost, exiting")
            return ExitCode.ioErr
        }
        if quitFromMaintenance {
            // borne-kiosk.service restarts always, except on this status
            // (RestartPreventExitStatus=): a person quit on purpose.
            Log.info("borne kiosk: quit from the maintenance screen")
            return ExitCode.maintenanceQuit
        }
        Log.info("borne kiosk: stopped (SIGTERM)")
        return ExitCode.ok
    }
}
