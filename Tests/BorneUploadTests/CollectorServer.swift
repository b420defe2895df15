import BorneTestSupport
import Foundation
import XCTest

/// A real nginx collector on 127.0.0.1, private to one test — the harness
/// of Tests/BorneNetTests/NginxServer.swift (copied: test targets cannot
/// share files), extended with basic auth and failing locations:
///
/// - `/collect/`  WebDAV PUT with basic auth (`user`/`password`, htpasswd
///                made by `openssl passwd -apr1`), other methods refused;
/// - `/open/`     WebDAV PUT without auth;
/// - `/small/`    WebDAV PUT, `client_max_body_size 4k` (a real 413);
/// - `/fail/`     `return 500`;
/// - `/static/`   no WebDAV: a PUT is a real 405.
///
/// When nginx runs as root its workers run as `nobody`: the prefix is
/// world-readable and the upload folders world-writable for that reason.
final class CollectorServer {
    let prefix: URL
    let root: URL
    let port: Int
    let user = "vic-sur-cere"
    let password = "p@ss:wörd 42"
    private let process = Process()

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var errorLog: URL { prefix.appendingPathComponent("logs/error.log") }
    var accessLog: URL { prefix.appendingPathComponent("logs/access.log") }
    /// Where `/LOCATION/` files land.
    func directory(_ location: String) -> URL { root.appendingPathComponent(location) }

    init() throws {
        let nginx = try Self.nginxBinary()
        let fm = FileManager.default
        prefix = URL(fileURLWithPath: "/tmp").appendingPathComponent("borne-collector-\(UUID().uuidString)")
        root = prefix.appendingPathComponent("www")
        for dir in ["", "www", "www/collect", "www/open", "www/small", "www/static", "logs", "tmp"] {
            let url = prefix.appendingPathComponent(dir)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            let writable = ["www/collect", "www/open", "www/small"].contains(dir)
            try fm.setAttributes([.posixPermissions: writable ? 0o777 : 0o755], ofItemAtPath: url.path)
        }
        let htpasswd = prefix.appendingPathComponent("htpasswd")
        try "\(user):\(try Self.apr1(password))\n".write(to: htpasswd, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: htpasswd.path)
        port = try TestPorts.free()
        let conf = prefix.appendingPathComponent("nginx.conf")
        try config(htpasswd: htpasswd.path).write(to: conf, atomically: true, encoding: .utf8)

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

    private func config(htpasswd: String) -> String {
        let p = prefix.path
        let dav = """
            dav_methods PUT;
                        create_full_put_path on;
                        dav_access user:rw group:r all:r;
            """
        return """
            daemon off;
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/logs/error.log info;
            events { worker_connections 64; }
            http {
                log_format borne '"$request" $status $request_length';
                access_log \(p)/logs/access.log borne;
                client_body_temp_path \(p)/tmp/client_body;
                proxy_temp_path \(p)/tmp/proxy;
                fastcgi_temp_path \(p)/tmp/fastcgi;
                uwsgi_temp_path \(p)/tmp/uwsgi;
                scgi_temp_path \(p)/tmp/scgi;
                default_type application/octet-stream;
                keepalive_timeout 5;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root.path);
                    location /collect/ {
                        \(dav)
                        client_max_body_size 16m;
                        auth_basic "Borne statistics";
                        auth_basic_user_file \(htpasswd);
                        limit_except PUT { deny all; }
                    }
                    location /open/ {
                        \(dav)
                        client_max_body_size 16m;
                    }
                    location /small/ {
                        \(dav)
                        client_max_body_size 4k;
                    }
                    location /fail/ { return 500; }
                    location /static/ { }
                }
            }
            """
    }

    private func waitUntilAnswering() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                throw NSError(domain: "CollectorServer", code: 1, userInfo: [NSLocalizedDescriptionKey:
                    "nginx exited (\(process.terminationStatus)) before answering on port \(port):\n\(log)"])
            }
            if TestPorts.canConnect(port) { return }
            usleep(20_000)
        }
        stop()
        throw NSError(domain: "CollectorServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "nginx did not answer within 10 s"])
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

    /// Access log lines (`"PUT /collect/x HTTP/1.1" 201 1234`) mentioning `text`.
    /// nginx logs a request after answering it: wait until the log stops growing.
    func requests(_ text: String = "") -> [String] {
        var previous = -1
        var lines: [String] = []
        for _ in 0..<40 {
            let log = (try? String(contentsOf: accessLog, encoding: .utf8)) ?? ""
            lines = log.split(separator: "\n").map(String.init)
            if lines.count == previous { break }
            previous = lines.count
            usleep(50_000)
        }
        return lines.filter { text.isEmpty || $0.contains(text) }
    }

    /// An htpasswd hash nginx reads: `openssl passwd -apr1`.
    static func apr1(_ password: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["passwd", "-apr1", "-stdin"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let hash = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.terminationStatus == 0, hash.hasPrefix("$apr1$") else { throw MissingPrerequisite("openssl passwd -apr1 failed") }
        return hash
    }

    static let candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]

    static func nginxBinary() throws -> String {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw MissingPrerequisite("nginx is not installed (make test-deps installs nginx-light)")
    }
}
