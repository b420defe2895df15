import BorneContent
import BorneCore
import BorneTerminal
import BorneTouch
import BorneUI
import BorneSystem
import Foundation

/// `borne touch-calibrate`: full screen, a cross in each corner in turn;
/// the raw touches give swap_xy, invert_x, invert_y, ranges and margins
/// (`TouchCalibration.compute`), printed and, with `--write`, put into the
/// kiosk config's `touch` object (atomically, the rest of the file kept).
enum TouchCalibrateCommand {
    static let help = """
        Usage: borne touch-calibrate --config FILE [--touch-device PATH|auto] [--write]

        Shows a cross in each corner of this terminal in turn: touch the centre of
        each. The touches are read straight from the touch device (evdev, grabbed
        meanwhile), not from the terminal. Prints the "touch" object of the kiosk
        config: x_range, y_range, swap_xy, invert_x, invert_y, margins.

        Options:
          --config FILE          the kiosk config (/etc/borne/kiosk.json)
          --touch-device DEV     auto, or a path such as /dev/input/by-id/...-event-touch
                                 (default: the config's touch.device)
          --write                write the result into FILE's "touch" object (a temporary
                                 file renamed over it; every other field kept as it is)

        Stop borne-kiosk first (systemctl stop borne-kiosk): it grabs the device.
        Escape or q leaves without writing anything.

        Exit codes: 0 ok, 64 usage, 65 the touches make no calibration (run it again),
        66 FILE missing, 69 no terminal, 74 FILE cannot be written or the terminal
        was lost, 75 left with Escape or q, 78 FILE is not a valid kiosk config.
        See docs/TOUCH.md.
        """

    struct Options {
        var config: String?
        var device: String?
        var write = false
    }

    static let spec = ArgumentSpec(options: ["--config FILE", "--touch-device DEV"], flags: ["--write"], required: ["--config"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "touch-calibrate", spec: spec, help: help) { a in
            calibrate(Options(config: a.value("--config"), device: a.value("--touch-device"), write: a.has("--write")))
        }
    }

    static func calibrate(_ o: Options) -> Int32 {
        let path = o.config!
        let config: KioskConfig
        do {
            config = try KioskConfigLoader.load(file: URL(fileURLWithPath: path), displayName: path)
        } catch {
            printError("borne touch-calibrate: \(error)")
            return FileManager.default.fileExists(atPath: path) ? ExitCode.config : ExitCode.noInput
        }
        guard let deviceName = o.device ?? config.touch?.device, deviceName != "none" else {
            printError("borne touch-calibrate: no touch device: give --touch-device PATH|auto, or \"device\" in the \"touch\" object of \(path)")
            return ExitCode.usage
        }
        let mode: TouchInput.Mode
        if deviceName == "auto" {
            mode = .auto(directory: "/dev/input")
        } else if deviceName.hasPrefix("/") {
            mode = .path(deviceName)
        } else {
            printError("borne touch-calibrate: \(TouchError.badDeviceName(deviceName))")
            return ExitCode.usage
        }

        let result: Calibrated
        switch collect(mode: mode, config: config.touch) {
        case .failure(let f):
            printError("borne touch-calibrate: \(f.message)")
            return f.code
        case .success(let c): result = c
        }
        var touch: TouchConfig
        do {
            touch = try TouchCalibration.compute(touches: result.touches, screen: result.screen, ranges: result.ranges)
        } catch {
            printError("borne touch-calibrate: \(error)")
            return ExitCode.dataErr
        }
        touch.device = config.touch?.device ?? deviceName
        let line = "\"touch\": " + TouchConfigText.json(touch)
        print(line)
        guard o.write else {
            print("(not written: add --write to put it into \(path))")
            return ExitCode.ok
        }
        return write(touch, into: path)
    }

    struct Calibrated {
        var touches: [RawPoint]
        var ranges: AxisRanges?
        var screen: Size
    }

    struct Failure: Error { var message: String; var code: Int32 }

    /// The full-screen part: one touch per corner, restarting if the terminal changes size.
    static func collect(mode: TouchInput.Mode, config: TouchConfig?) -> Result<Calibrated, Failure> {
        var notices: [TouchNotice] = []
        let touch = TouchInput(mode: mode, config: config, grab: true, requireRanges: false,
                               report: { notices.append($0) })
        defer { touch.close() }
        let term: Terminal
        do { term = try Terminal() } catch {
            return .failure(Failure(message: "\(error)", code: ExitCode.unavailable))
        }
        defer { term.shutdown() }
        var touches: [RawPoint] = []
        var ranges: AxisRanges?
        var shown: (Int, Size, String)?
        while touches.count < 4 {
            let corner = TouchCalibration.Corner.allCases[touches.count]
            let status = notices.last?.message ?? (touch.devices.isEmpty ? "touch: waiting for a device" : "")
            if shown.map({ $0 != (touches.count, term.size, status) }) ?? true {
                if term.size.width < 20 || term.size.height < 8 {
                    return .failure(Failure(message: "\(TouchCalibration.Failure.screenTooSmall(term.size))", code: ExitCode.unavailable))
                }
                term.draw(TouchCalibration.screen(corner: corner, size: term.size, status: status))
                shown = (touches.count, term.size, status)
            }
            if term.shouldExit { return .failure(Failure(message: "stopped (SIGTERM); nothing written", code: ExitCode.tempFail)) }
            // One wait on the terminal and the touch device together.
            let batch = term.readBatch(timeoutMs: 100, descriptors: touch.pollDescriptors)
            if batch.lost { return .failure(Failure(message: "the terminal was lost; nothing written", code: ExitCode.ioErr)) }
            if batch.events.contains(where: { if case .key(let k) = $0 { return k == "q" || k == "Q" || k == "KEY_ESCAPE" }; return false }) {
                return .failure(Failure(message: "left before the fourth corner; nothing written", code: ExitCode.tempFail))
            }
            if batch.events.contains(where: { if case .resize = $0 { return true }; return false }) {
                touches = []  // the targets moved: start again
                continue
            }
            for c in touch.readContacts() where touches.count < 4 {
                touches.append(c.point)
                ranges = c.ranges
            }
        }
        return .success(Calibrated(touches: touches, ranges: ranges, screen: term.size))
    }

    /// Puts `touch` into the config file: replaced or added, checked with the
    /// loader, then a temporary file renamed over it (mode kept).
    static func write(_ touch: TouchConfig, into path: String) -> Int32 {
        do {
            let original = try String(contentsOfFile: path, encoding: .utf8)
            let text = try TouchConfigText.replacingTouch(in: original, with: touch)
            _ = try KioskConfigLoader.decode(Data(text.utf8), file: path)
            var st = stat()
            let mode = stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o644
            try AtomicFile.write(Array(text.utf8), to: path, mode: mode)
        } catch {
            printError("borne touch-calibrate: \(path) not written: \(error)")
            return ExitCode.ioErr
        }
        print("written into \(path); restart the kiosk: systemctl restart borne-kiosk")
        return ExitCode.ok
    }
}
