import Foundation

/// A real `borne kiosk` on the repository's bundled content (configuration
/// vic-sur-cere, survey off, 160×45) that runs a script and then waits, so
/// that a test can read its /proc files: its maps, its pages. The script
/// should end with a long `wait` and no `--clock` is given (with a virtual
/// clock a scripted wait only moves that clock and the kiosk would end at
/// once, racing the reading).
public final class WaitingKiosk {
    public struct EndedEarly: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "borne kiosk ended before drawing its screens:\n\(output.suffix(2000))" }
    }

    public let process: Process
    /// What the kiosk printed up to the lines asked for (its `dump`s).
    public let output: String
    private let directory: URL

    /// Starts the kiosk and returns once it has printed `lines` lines (a
    /// `dump` of the 160×45 screen is 45 lines).
    public init(borne: String, script: String, lines: Int) throws {
        directory = try BuiltBorne.kioskDirectory("kiosk")
        let repo = BuiltBorne.repoRoot
        try script.write(to: directory.appendingPathComponent("script.txt"), atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/stdbuf")
        process.arguments = ["-oL", borne, "kiosk", "--config", directory.appendingPathComponent("config.json").path,
                             "--content", repo.appendingPathComponent("content").path, "--data-dir", directory.appendingPathComponent("data").path,
                             "--size", "160x45", "--script", directory.appendingPathComponent("script.txt").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while text.utf8.lazy.filter({ $0 == UInt8(ascii: "\n") }).count < lines {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                try? FileManager.default.removeItem(at: directory)
                throw EndedEarly(output: text)
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        output = text
    }

    /// The text of /proc/PID/`name`, read to the end (/proc files say size 0:
    /// a single read may stop short).
    public func procFile(_ name: String) throws -> String {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/\(name)"))
        defer { try? file.close() }
        return String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
    }

    /// Ends the kiosk and removes its files.
    public func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
