import Foundation
import XCTest

/// Running a Python peer implementation from PyPI in a test: the pinned
/// package is installed by `make test-deps` into the project-local folder
/// `.peer-site` (`pip install --target`, put on PYTHONPATH), which touches no
/// Python environment and works under PEP 668. A test that cannot get its
/// peer fails, saying what to run — a skipped test is a failed test.
enum PythonPeer {
    struct Output { var status: Int32; var out: String; var err: String }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository's `.peer-site`, where `make test-deps` installs the peers.
    static var projectSite: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".peer-site").path
    }

    /// Makes `check` (a python3 command line) succeed with `package` (e.g.
    /// "gpxpy==1.6.2") at exactly its pinned version, from `.peer-site`;
    /// installs it there with pip when missing (the same command as `make
    /// test-deps`). Returns the environment to run the peer with; throws
    /// (the test fails) when that is impossible.
    static func environment(check: [String], package: String, label: String) throws -> [String: String] {
        guard let py = try? run(["python3", "--version"]), py.status == 0 else {
            throw Unavailable(description: "\(label) peer: python3 is not available (install python3, then run make test-deps)")
        }
        let parts = package.components(separatedBy: "==")
        let pinned = ["python3", "-c", "import sys; from importlib.metadata import version; "
                      + "sys.exit(0 if version('\(parts[0])') == '\(parts[1])' else 1)"]
        let env = ["PYTHONPATH": projectSite]
        if try run(check, environment: env).status == 0, try run(pinned, environment: env).status == 0 { return env }
        let pip = try run(["python3", "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade",
                           "--timeout", "20", "--retries", "1", "--target", projectSite, package])
        guard pip.status == 0, try run(check, environment: env).status == 0,
              try run(pinned, environment: env).status == 0 else {
            throw Unavailable(description: "\(label) peer: \(package) is not in \(projectSite) and pip could not install it "
                              + "(run make test-deps; PyPI unreachable?): \(pip.err.suffix(400))")
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
