import BorneTestSupport
import Foundation
import XCTest

/// A real nginx on 127.0.0.1 over TLS, private to one test, with certificates
/// made by `openssl` for the test (an ECDSA P-256 root and a leaf for
/// 127.0.0.1, as certbot's default chain): `caFile` is what a client must
/// trust. HTTP/2 is offered (ALPN) unless `http2: false`.
///
/// Its access log says, per request, which TCP connection carried it and
/// whether the TLS session was resumed:
/// `"GET /a HTTP/2.0" 200 c=3 n=2 r=r p=HTTP/2.0 b=1234 q=80` —
/// `c` nginx's connection serial, `n` the request's rank on it, `r` `r` for
/// a resumed session (`.` for a full handshake), `p` the protocol, `b` bytes
/// sent (headers and body), `q` the request's length.
///
/// Locations: `/` static files (ETag on), `/collect/` WebDAV PUT.
final class TLSNginxServer {
    let prefix: URL
    let root: URL
    let port: Int
    let caFile: String
    private let process = Process()

    var baseURL: String { "https://127.0.0.1:\(port)" }
    var accessLog: URL { prefix.appendingPathComponent("logs/access.log") }
    private var errorLog: URL { prefix.appendingPathComponent("logs/error.log") }

    init(http2: Bool = true) throws {
        let nginx = try NginxServer.nginxBinary()
        let fm = FileManager.default
        prefix = URL(fileURLWithPath: "/tmp").appendingPathComponent("borne-tls-nginx-\(UUID().uuidString)")
        root = prefix.appendingPathComponent("www")
        for dir in ["", "www", "www/collect", "logs", "tmp", "tls"] {
            let url = prefix.appendingPathComponent(dir)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try fm.setAttributes([.posixPermissions: dir == "www/collect" ? 0o777 : 0o755], ofItemAtPath: url.path)
        }
        caFile = prefix.appendingPathComponent("tls/ca.pem").path
        try Self.makeCertificates(in: prefix.appendingPathComponent("tls"))
        port = try TestSockets.freePort()
        let conf = prefix.appendingPathComponent("nginx.conf")
        try config(http2: http2).write(to: conf, atomically: true, encoding: .utf8)

        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-e", errorLog.path, "-p", prefix.path, "-c", conf.path]
        process.standardInput = FileHandle.nullDevice
        let out = prefix.appendingPathComponent("logs/stdout.log")
        _ = fm.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: out)
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !TestSockets.canConnect(port: port) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                stop()
                throw NSError(domain: "TLSNginxServer", code: 1, userInfo: [NSLocalizedDescriptionKey:
                    "nginx over TLS did not answer on 127.0.0.1:\(port):\n\(log)"])
            }
            usleep(20_000)
        }
    }

    deinit { stop() }

    private func config(http2: Bool) -> String {
        let p = prefix.path
        return """
            daemon off;
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/logs/error.log info;
            events { worker_connections 64; }
            http {
                log_format tls '"$request" $status c=$connection n=$connection_requests r=$ssl_session_reused p=$server_protocol b=$bytes_sent q=$request_length';
                access_log \(p)/logs/access.log tls;
                client_body_temp_path \(p)/tmp/client_body;
                proxy_temp_path \(p)/tmp/proxy;
                fastcgi_temp_path \(p)/tmp/fastcgi;
                uwsgi_temp_path \(p)/tmp/uwsgi;
                scgi_temp_path \(p)/tmp/scgi;
                default_type application/octet-stream;
                types { application/json json; }
                keepalive_timeout 60;
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_session_cache shared:borne:1m;
                server {
                    listen 127.0.0.1:\(port) ssl\(http2 ? " http2" : "");
                    ssl_certificate \(p)/tls/chain.pem;
                    ssl_certificate_key \(p)/tls/leaf.key;
                    root \(root.path);
                    etag on;
                    location / { }
                    location /collect/ {
                        dav_methods PUT;
                        create_full_put_path on;
                        dav_access user:rw group:r all:r;
                        client_max_body_size 64m;
                    }
                }
            }
            """
    }

    /// A root and a leaf for 127.0.0.1 signed by it, ECDSA P-256, made by `openssl`.
    private static func makeCertificates(in dir: URL) throws {
        let d = dir.path
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            .write(toFile: "\(d)/leaf.ext", atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "\(d)/ca.key", "-out", "\(d)/ca.pem", "-days", "2",
                     "-subj", "/CN=Borne test root", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req"] + ec + ["-keyout", "\(d)/leaf.key", "-out", "\(d)/leaf.csr", "-subj", "/CN=127.0.0.1"])
        try openssl(["x509", "-req", "-in", "\(d)/leaf.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key",
                     "-CAcreateserial", "-out", "\(d)/leaf.pem", "-days", "2", "-extfile", "\(d)/leaf.ext"])
        try Data(contentsOf: URL(fileURLWithPath: "\(d)/leaf.pem")).write(to: URL(fileURLWithPath: "\(d)/chain.pem"))
    }

    private static func openssl(_ args: [String]) throws {
        guard let tool = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MissingPrerequisite("openssl is not installed: apt-get install openssl")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "TLSNginxServer", code: 2, userInfo: [NSLocalizedDescriptionKey:
                "openssl \(args.prefix(2).joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))"])
        }
    }

    func stop() {
        guard process.processIdentifier > 0 else { return }
        for (sig, wait) in [(SIGQUIT, 2.0), (SIGTERM, 2.0), (SIGKILL, 5.0)] {
            guard process.isRunning else { break }
            kill(process.processIdentifier, sig)
            let deadline = Date().addingTimeInterval(wait)
            while process.isRunning && Date() < deadline { usleep(10_000) }
        }
        if !process.isRunning { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: prefix)
    }

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

    /// One access log line, parsed.
    struct Request: Equatable {
        var line: String
        var status: Int
        var connection: Int
        var rank: Int
        var resumed: Bool
        var proto: String
        /// Bytes nginx sent and the request's length: HTTP's bytes both ways.
        var httpBytes: Int
    }

    /// The access log so far, one entry per request.
    func requests() -> [Request] {
        let log = (try? String(contentsOf: accessLog, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").map { line in
            var fields: [String: String] = [:]
            for part in line.split(separator: " ") where part.count > 2 && part.dropFirst().first == "=" {
                fields[String(part.prefix(1))] = String(part.dropFirst(2))
            }
            let status = line.split(separator: "\"").last.flatMap { $0.split(separator: " ").first }.flatMap { Int($0) } ?? 0
            return Request(line: String(line), status: status, connection: Int(fields["c"] ?? "") ?? -1,
                           rank: Int(fields["n"] ?? "") ?? -1, resumed: fields["r"] == "r", proto: fields["p"] ?? "",
                           httpBytes: (Int(fields["b"] ?? "") ?? 0) + (Int(fields["q"] ?? "") ?? 0))
        }
    }
}
