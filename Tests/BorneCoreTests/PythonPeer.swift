import Foundation
import XCTest

/// Running a Python peer implementation from PyPI in a test: the package is
/// pip-installed, pinned, into a private folder (`--target`, on PYTHONPATH),
/// which touches no Python environment and works under PEP 668. A test that
/// cannot get its peer is skipped, saying why — never silently passed.
enum PythonPeer {
    struct Output { var status: Int32; var out: String; var err: String }

    /// Makes `check` (a python3 command line) succeed, installing `package`
    /// (e.g. "gpxpy==1.6.2") if needed; returns the environment to run with.
    static func environment(check: [String], package: String, label: String) throws -> [String: String] {
        guard let py = try? run(["python3", "--version"]), py.status == 0 else {
            throw XCTSkip("\(label) peer test skipped: python3 is not available")
        }
        if try run(check).status == 0 { return [:] }
        let site = FileManager.default.temporaryDirectory
            .appendingPathComponent("borne-peer-site-" + package.replacingOccurrences(of: "==", with: "-")).path
        let env = ["PYTHONPATH": site]
        if try run(check, environment: env).status == 0 { return env }
        let pip = try run(["python3", "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "--timeout", "20", "--retries", "1", "--target", site, package])
        guard pip.status == 0, try run(check, environment: env).status == 0 else {
            throw XCTSkip("\(label) peer test skipped: \(package) is not installed and pip could not install it "
                          + "(PyPI unreachable?): \(pip.err.suffix(400))")
        }
        return env
    }

    /// Runs a command through /usr/bin/env, its output going to files (no pipe
    /// can fill up and block the child).
    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Output {
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("borne-peer-out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("borne-peer-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        p.waitUntilExit()
        return Output(status: p.terminationStatus,
                      out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
