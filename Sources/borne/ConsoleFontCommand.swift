import BorneCore
import BorneSystem
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

    static let spec = ArgumentSpec(options: ["--config FILE", "--tty TTY", "--fonts DIR"], flags: ["--list"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "console-font", spec: spec, help: help) { a in
            if a.has("--list") {
                print(ConsoleGlyphs.scalars.map { String(format: "U+%04X", $0) }.joined(separator: "\n"))
                return ExitCode.ok
            }
            guard let config = a.value("--config") else { throw UsageError.missing("--config FILE") }
            return load(config: config, tty: a.value("--tty") ?? "/dev/tty1", fonts: a.value("--fonts") ?? "/usr/share/borne/consolefonts")
        }
    }

    static func load(config: String, tty: String, fonts: String) -> Int32 {
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
        // posix_spawn, not Foundation's Process: under ExecStartPre its run
        // loop could not make its wakeup socket pair ("Could not create wakeup
        // socket pair for CFSocket") and once waited for an exit it never saw,
        // until systemd's start timeout. setfont's own messages go to stderr.
        let status = spawnAndWait(setfont, ["-C", tty, font])
        guard status == 0 else {
            printError("borne console-font: setfont -C \(tty) \(font) failed (\(status.map { "status \($0)" } ?? "could not run it")); "
                       + "console drivers: \(consoleDrivers()); \(tty) keeps its font (a framebuffer console, fbcon, is needed for 16×32)")
            return ExitCode.unavailable
        }
        printError("borne console-font: \(font) loaded on \(tty)")
        return ExitCode.ok
    }

    /// Runs `path` with `args` (stdin /dev/null, stdout to stderr) and
    /// returns its exit status; nil when it could not start or was killed.
    static func spawnAndWait(_ path: String, _ args: [String]) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        guard (try? syscall("wait for", path) { waitpid(pid, &status, 0) }) != nil else { return nil }
        // WIFEXITED / WEXITSTATUS
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
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
