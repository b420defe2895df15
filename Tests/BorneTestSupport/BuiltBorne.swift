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

    /// Runs the built binary (`path(nextTo:)`) with `args`, in `directory`
    /// if given, and returns its exit status, standard output and standard error.
    public static func run(_ args: [String], nextTo bundle: URL? = nil, in directory: String? = nil) throws
        -> (code: Int32, out: String, err: String) {
        try Tool.run(try path(nextTo: bundle), args, in: directory)
    }
}

/// A program the tests run (the built borne, chown, pdftoppm...).
public enum Tool {
    /// Runs `executable` with `args`, in `directory` if given, and returns its
    /// exit status, standard output and standard error (read to the end).
    public static func run(_ executable: String, _ args: [String], in directory: String? = nil) throws
        -> (code: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
