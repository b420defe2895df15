import Foundation

/// The `borne` executable the end-to-end tests run: the one `swift build`
/// made in this checkout. Not built is an error (a failed test, never a
/// skip): `make test` builds it first.
public enum BuiltBorne {
    /// The repository root (this file is Tests/BorneTestSupport/BuiltBorne.swift).
    public static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct NotBuilt: Error, CustomStringConvertible {
        public let tried: [String]
        public var description: String {
            "borne is not built (looked for \(tried.joined(separator: ", "))): run `swift build` first (make test does)"
        }
    }

    /// The built binary: next to the test bundle when given, else in the
    /// checkout's debug build folders.
    public static func path(nextTo bundle: URL? = nil) throws -> String {
        var candidates: [String] = []
        if let bundle { candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("borne").path) }
        candidates += [".build/debug/borne", ".build/x86_64-unknown-linux-gnu/debug/borne"]
            .map { repoRoot.appendingPathComponent($0).path }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotBuilt(tried: candidates)
        }
        return found
    }
}

extension BuiltBorne {
    /// Runs a program to its end: its exit status and what it printed.
    /// The outputs go through files, so a chatty program never blocks on a
    /// full pipe. `executable` defaults to the built `borne`; `environment`
    /// is added to the test's own.
    public static func run(_ arguments: [String], executable: String? = nil, environment: [String: String] = [:],
                           directory: URL? = nil) throws -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try executable ?? path())
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("borne-run-\(UUID().uuidString)")
        let out = URL(fileURLWithPath: base.path + ".out"), err = URL(fileURLWithPath: base.path + ".err")
        defer { try? fm.removeItem(at: out); try? fm.removeItem(at: err) }
        _ = fm.createFile(atPath: out.path, contents: nil)
        _ = fm.createFile(atPath: err.path, contents: nil)
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

extension BuiltBorne {
    /// A fresh temporary directory holding `config.json`: the repository's
    /// Vic-sur-Cère kiosk without its survey (no question between the screens
    /// a test scripts). The caller removes it.
    public static func kioskDirectory(_ tag: String) throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("borne-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json"))) as! [String: Any]
        config["survey"] = false
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        return dir
    }
}
