import BorneTestSupport
import Foundation
import XCTest

/// A real nginx on 127.0.0.1 over TLS (`BorneTestSupport.Nginx` with this
/// server block), private to one test, with certificates
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
    /// The harness's nginx, given this server block whole.
    private let nginx: Nginx
    var port: Int { nginx.port }
    var prefix: URL { nginx.prefix }
    var caFile: String { prefix.appendingPathComponent("tls/ca.pem").path }
    var baseURL: String { "https://127.0.0.1:\(port)" }
    var accessLog: URL { prefix.appendingPathComponent("logs/tls.log") }

    init(http2: Bool = true) throws {
        nginx = try Nginx(directories: [("collect", true)]) { p, port in
            try Self.makeCertificates(in: URL(fileURLWithPath: p).appendingPathComponent("tls"))
            return """
                log_format tls '"$request" $status c=$connection n=$connection_requests r=$ssl_session_reused p=$server_protocol b=$bytes_sent q=$request_length';
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_session_cache shared:borne:1m;
                server {
                    listen 127.0.0.1:\(port) ssl\(http2 ? " http2" : "");
                    keepalive_timeout 60;
                    access_log \(p)/logs/tls.log tls;
                    ssl_certificate \(p)/tls/chain.pem;
                    ssl_certificate_key \(p)/tls/leaf.key;
                    root \(p)/www;
                    etag on;
                    location / { }
                    location /collect/ { dav_methods PUT; create_full_put_path on; dav_access user:rw all:r; }
                }
                """
        }
    }

    func stop() { nginx.stop() }

    func publish(_ path: String, _ data: Data) throws { try nginx.publish(path, data) }

    /// A root and a leaf for 127.0.0.1 signed by it, ECDSA P-256, made by `openssl`.
    private static func makeCertificates(in dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
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

    func url(_ path: String) -> String { baseURL + "/" + path }

    /// One access log line, parsed.
    struct Request: Equatable {
        var line: String
        /// The status, nginx's connection serial and the request's rank on that connection.
        var status, connection, rank: Int
        /// `$ssl_session_reused` was `r`; the protocol (`HTTP/1.1`, `HTTP/2.0`).
        var resumed: Bool, proto: String
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
