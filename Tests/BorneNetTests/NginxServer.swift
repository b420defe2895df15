import BorneTestSupport
import Foundation
import XCTest

/// A real nginx on 127.0.0.1, private to one test: its own prefix under
/// /tmp (config, pid, temp paths, logs, document root), a free port, started
/// as a child process with `daemon off;` and stopped by `stop()`.
///
/// Locations:
/// - `/`          static files from `root`, ETag and Last-Modified on;
/// - `/collect/`  WebDAV PUT (201 on create, 204 on overwrite);
/// - `/norange/`  static files served whole whatever the Range (`max_ranges 0`);
/// - `/slow/`     static files trickled at `slowRate` bytes per second.
///
/// When nginx runs as root its workers run as `nobody`: the prefix and root
/// are world-readable and `collect/` world-writable for that reason.
final class NginxServer {
    let prefix: URL
    let root: URL
    let port: Int
    let slowRate: Int
    private let process = Process()

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var errorLog: URL { prefix.appendingPathComponent("logs/error.log") }
    var accessLog: URL { prefix.appendingPathComponent("logs/access.log") }

    init(slowRate: Int = 256) throws {
        let nginx = try Self.nginxBinary()
        self.slowRate = slowRate
        let fm = FileManager.default
        // /tmp, not $TMPDIR: workers running as nobody must be able to walk
        // down to the root, which a private 0700 TMPDIR would forbid.
        prefix = URL(fileURLWithPath: "/tmp").appendingPathComponent("borne-nginx-\(UUID().uuidString)")
        root = prefix.appendingPathComponent("www")
        for dir in ["", "www", "www/collect", "www/norange", "www/slow", "logs", "tmp"] {
            let url = prefix.appendingPathComponent(dir)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            let mode: Int = dir == "www/collect" ? 0o777 : 0o755
            try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        }
        port = try TestSockets.freePort()
        let conf = prefix.appendingPathComponent("nginx.conf")
        try config().write(to: conf, atomically: true, encoding: .utf8)

        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-e", errorLog.path, "-p", prefix.path, "-c", conf.path]
        process.standardInput = FileHandle.nullDevice
        let out = prefix.appendingPathComponent("logs/stdout.log")
        _ = fm.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: out)
        try process.run()
        try waitUntilAnswering()
    }

    deinit { stop() }

    private func config() -> String {
        let p = prefix.path
        return """
            daemon off;
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/logs/error.log info;
            events { worker_connections 64; }
            http {
                # request, status, body bytes sent, connection serial, request count on it
                log_format borne '"$request" $status $body_bytes_sent c=$connection n=$connection_requests';
                access_log \(p)/logs/access.log borne;
                client_body_temp_path \(p)/tmp/client_body;
                proxy_temp_path \(p)/tmp/proxy;
                fastcgi_temp_path \(p)/tmp/fastcgi;
                uwsgi_temp_path \(p)/tmp/uwsgi;
                scgi_temp_path \(p)/tmp/scgi;
                default_type application/octet-stream;
                types { application/json json; }
                sendfile on;
                keepalive_timeout 5;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root.path);
                    etag on;
                    location / { }
                    location /collect/ {
                        dav_methods PUT;
                        create_full_put_path on;
                        dav_access user:rw group:r all:r;
                        client_max_body_size 64m;
                    }
                    location /norange/ { max_ranges 0; }
                    # A content server as docs/SYNC.md recommends: bundles compressed on the fly.
                    location /gzip/ { gzip on; gzip_types *; gzip_min_length 64; gzip_comp_level 6; }
                    location /slow/ { limit_rate \(slowRate); }
                }
            }
            """
    }

    /// Polls the port until nginx accepts, failing with its error log if it exits.
    private func waitUntilAnswering() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                throw NSError(domain: "NginxServer", code: 1, userInfo: [NSLocalizedDescriptionKey:
                    "nginx exited (\(process.terminationStatus)) before answering on port \(port):\n\(log)"])
            }
            if TestSockets.canConnect(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw NSError(domain: "NginxServer", code: 2, userInfo: [NSLocalizedDescriptionKey:
            "nginx did not answer on 127.0.0.1:\(port) within 10 s"])
    }

    /// SIGQUIT (graceful), then SIGTERM, then SIGKILL; waits for the exit.
    func stop() {
        guard process.processIdentifier > 0 else { return }
        let pid = process.processIdentifier
        for (sig, wait) in [(SIGQUIT, 2.0), (SIGTERM, 2.0), (SIGKILL, 5.0)] {
            guard process.isRunning else { break }
            kill(pid, sig)
            let deadline = Date().addingTimeInterval(wait)
            while process.isRunning && Date() < deadline { usleep(10_000) }
        }
        if !process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: prefix)
    }

    /// Publishes `data` at `path` (relative to the root), world-readable.
    @discardableResult
    func publish(_ path: String, _ data: Data) throws -> URL {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        return url
    }

    func url(_ path: String) -> String { baseURL + "/" + path }

    // MARK: Finding or installing nginx

    static let candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]

    /// The nginx binary; installs Debian's nginx-light when missing and root,
    /// else skips the test saying why.
    static func nginxBinary() throws -> String {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        guard getuid() == 0 else {
            throw MissingPrerequisite("nginx is not installed and the tests do not run as root: apt-get install nginx-light")
        }
        try installNginx()
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw NSError(domain: "NginxServer", code: 3, userInfo: [NSLocalizedDescriptionKey:
            "apt-get install nginx-light succeeded but no nginx binary was found"])
    }

    /// apt-get install nginx-light, without letting the package start a
    /// system nginx on port 80 (a temporary policy-rc.d says no).
    private static func installNginx() throws {
        let policy = "/usr/sbin/policy-rc.d"
        let ownPolicy = !FileManager.default.fileExists(atPath: policy)
        if ownPolicy {
            _ = FileManager.default.createFile(atPath: policy, contents: Data("#!/bin/sh\nexit 101\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
        }
        defer { if ownPolicy { try? FileManager.default.removeItem(atPath: policy) } }
        for args in [["update", "-qq"], ["install", "-y", "-qq", "nginx-light"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/apt-get")
            p.arguments = args
            p.environment = ProcessInfo.processInfo.environment.merging(["DEBIAN_FRONTEND": "noninteractive"]) { $1 }
            p.standardInput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            if p.terminationStatus != 0 {
                throw NSError(domain: "NginxServer", code: 4, userInfo: [NSLocalizedDescriptionKey:
                    "apt-get \(args.joined(separator: " ")) failed (\(p.terminationStatus)): cannot get nginx for the tests"])
            }
        }
    }
}
