import BorneCore
import BorneUI
import Foundation

/// `borne console-font`: loads the package's console font on the kiosk's
/// virtual console before the kiosk starts (borne-kiosk.service,
/// ExecStartPre=+), or lists the font's characters for the package build.
/// docs/OPERATIONS.md, « Écran ».
enum ConsoleFontCommand {
    static let help = """
        Usage: borne console-font --config FILE [--tty TTY] [--fonts DIR]
               borne console-font --list

        Loads the kiosk's console font on TTY (default /dev/tty1) with setfont
        (package kbd): DIR/borne-8x16.psf or DIR/borne-16x32.psf after the
        config's console_font_size (16 or 32). A kiosk whose "glyphs" is "full"
        (a terminal emulator with its own fonts) keeps its font: nothing is done.
        borne-kiosk.service runs it as root before the kiosk. Messages go to
        stderr (the journal), never to the kiosk's screen.

        Options:
          --config FILE   kiosk configuration (/etc/borne/kiosk.json)
          --tty TTY       the kiosk's virtual console (default /dev/tty1)
          --fonts DIR     where the fonts are (default /usr/share/borne/consolefonts)
          --list          print the font's characters, one U+XXXX a line (what
                          deploy/deb/consolefont.py puts in the font)
          --help          this help

        Exit codes: 0 loaded (or nothing to load), 64 usage, 66 config or font
        missing, 69 setfont missing or refused by the console (its driver
        named in the message), 78 bad config.
        """

    static func run(_ args: [String]) -> Int32 {
        var config: String?, tty = "/dev/tty1", fonts = "/usr/share/borne/consolefonts"
        var r = OptionReader(args)
        do {
            while let a = r.next() {
                switch a {
                case "--help", "-h": print(help); return ExitCode.ok
                case "--list":
                    print(ConsoleGlyphs.scalars.map { String(format: "U+%04X", $0) }.joined(separator: "\n"))
                    return ExitCode.ok
                case "--config": config = try r.value(a)
                case "--tty": tty = try r.value(a)
                case "--fonts": fonts = try r.value(a)
                default: throw OptionReader.unknown(a)
                }
            }
        } catch let e as SyncSupport.UsageError {
            printError("borne console-font: \(e.message)\nRun `borne console-font --help` for the options.")
            return ExitCode.usage
        } catch { return ExitCode.software }
        guard let config else {
            printError("borne console-font: missing --config FILE\nRun `borne console-font --help` for the options.")
            return ExitCode.usage
        }
        let kiosk: KioskConfig
        switch SyncSupport.loadConfig(config) {
        case .success(let c): kiosk = c
        case .failure(let f): printError("borne console-font: \(f.message)"); return f.code
        }
        guard kiosk.glyphs == .console else {
            printError("borne console-font: \(config): glyphs is \"full\": the terminal's own font is kept")
            return ExitCode.ok
        }
        let name = kiosk.consoleFontSize == 32 ? "borne-16x32.psf" : "borne-8x16.psf"
        let font = (fonts as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: font) else {
            printError("borne console-font: \(font) is missing (console_font_size \(kiosk.consoleFontSize)): reinstall the borne package")
            return ExitCode.noInput
        }
        guard let setfont = ["/usr/bin/setfont", "/bin/setfont", "/usr/sbin/setfont", "/sbin/setfont"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            printError("borne console-font: setfont is not installed (apt-get install kbd): \(tty) keeps its font")
            return ExitCode.unavailable
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: setfont)
        p.arguments = ["-C", tty, font]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            printError("borne console-font: cannot run \(setfont): \(error)")
            return ExitCode.unavailable
        }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            printError("borne console-font: setfont -C \(tty) \(font) failed (status \(p.terminationStatus)): "
                       + "\(text.trimmingCharacters(in: .whitespacesAndNewlines)); console drivers: \(consoleDrivers()); "
                       + "\(tty) keeps its font (a framebuffer console, fbcon, is needed for 16×32)")
            return ExitCode.unavailable
        }
        printError("borne console-font: \(font) loaded on \(tty)")
        return ExitCode.ok
    }

    /// The kernel's console drivers ("frame buffer device", "dummy device"…).
    static func consoleDrivers() -> String {
        let dir = "/sys/class/vtconsole"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().compactMap {
            (try? String(contentsOfFile: "\(dir)/\($0)/name", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return names.isEmpty ? "none in \(dir)" : names.joined(separator: ", ")
    }
}
