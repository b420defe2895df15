import BorneCore
import BorneUI
import Foundation

/// A bounded run without a terminal, for tests, CI and benchmarks: the
/// steps of a script file drive the same state machine as real taps.
struct ScriptedRun {
    let env: AppEnvironment
    let options: KioskCommand.Options
    /// Scripted taps are stored like a visitor's (flagged `.scripted`), so whole
    /// days can be replayed through the real screen into a data directory.
    let log: TouchLog

    enum Step: Equatable {
        case tap(Int, Int), key(String), wait(Int), resize(Size), dump
    }

    struct ScriptError: Error, CustomStringConvertible {
        var file: String, line: Int, message: String
        var description: String { "\(file):\(line): \(message)" }
    }

    static func parse(_ text: String, file: String) throws -> [Step] {
        var steps: [Step] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            func fail(_ m: String) -> ScriptError { ScriptError(file: file, line: n + 1, message: m) }
            switch parts[0] {
            case "tap":
                let xy = arg.split(separator: " ").compactMap { Int($0) }
                guard xy.count == 2, xy[0] >= 1, xy[1] >= 1 else { throw fail("tap needs COL ROW (1-based), got '\(arg)'") }
                steps.append(.tap(xy[0], xy[1]))
            case "key":
                steps.append(.key(arg))
            case "wait":
                guard let ms = Int(arg), ms >= 0 else { throw fail("wait needs milliseconds, got '\(arg)'") }
                steps.append(.wait(ms))
            case "resize":
                guard let s = Size(arg) else { throw fail("resize needs COLSxROWS, got '\(arg)'") }
                steps.append(.resize(s))
            case "dump":
                steps.append(.dump)
            default:
                throw fail("unknown step '\(parts[0])' (tap, key, wait, resize, dump)")
            }
        }
        return steps
    }

    func run(scriptPath: String) -> Int32 {
        let text: String
        do { text = try String(contentsOfFile: scriptPath, encoding: .utf8) } catch {
            printError("borne kiosk: cannot read script \(scriptPath): \(error.localizedDescription)")
            return ExitCode.noInput
        }
        let steps: [Step]
        do { steps = try Self.parse(text, file: scriptPath) } catch {
            printError("borne kiosk: \(error)")
            return ExitCode.dataErr
        }
        let virtual = options.clock != nil
        var now = options.clock ?? Date()
        func clock() -> Date { virtual ? now : Date() }
        let start = clock()
        let monoStart = DispatchTime.now().uptimeNanoseconds
        // Monotonic time of a replay follows its virtual clock, so durations are the script's.
        func mono() -> UInt64 {
            virtual ? UInt64(max(0, now.timeIntervalSince(start)) * 1e9) : DispatchTime.now().uptimeNanoseconds - monoStart
        }
        var app = KioskApp(env: env, size: options.size ?? Size(width: 160, height: 45), now: clock())
        var canvas = app.render()
        var quit = false
        var timings: [UInt64] = []
        func apply(_ r: [Reaction]) {
            log.forward(r, contentVersion: app.env.catalog.version, monoNs: mono())
            if r.contains(.quit) { quit = true }
        }
        for step in steps where !quit {
            switch step {
            case .tap(let x, let y):
                // Tap-to-frame: the press's feedback frame and the release's new
                // screen, each rendered and diffed as the terminal loop does.
                let start = DispatchTime.now().uptimeNanoseconds
                apply(app.handle(.press(x: x - 1, y: y - 1), now: clock()))
                let pressed = app.render()
                _ = pressed.changedRows(from: canvas)
                apply(app.handle(.release(x: x - 1, y: y - 1), now: clock()))
                canvas = app.render()
                _ = canvas.changedRows(from: pressed)
                timings.append(DispatchTime.now().uptimeNanoseconds - start)
            case .key(let k):
                apply(app.handle(.key(k), now: clock()))
            case .wait(let ms):
                // Idle time, as on a real kiosk after its first frame: lists get ready.
                app.warmUp()
                // Time passes in one-second ticks, as the terminal loop's timeouts do.
                var left = ms
                while left > 0 {
                    let step = min(1000, left)
                    if virtual { now = now.addingTimeInterval(Double(step) / 1000) } else { usleep(UInt32(step) * 1000) }
                    left -= step
                    apply(app.tick(now: clock()))
                }
            case .resize(let s):
                apply(app.handle(.resize(s), now: clock()))
            case .dump:
                canvas = app.render()
                print(canvas.plainText)
                print(String(repeating: "=", count: 8))
            }
            apply(app.tick(now: clock()))
            canvas = app.render()
        }
        if options.dumpScreen { print(canvas.plainText) }
        if let path = options.timings {
            let text = timings.map(String.init).joined(separator: "\n") + "\n"
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                printError("borne kiosk: cannot write timings to \(path): \(error.localizedDescription)")
                return ExitCode.ioErr
            }
        }
        return ExitCode.ok
    }
}
