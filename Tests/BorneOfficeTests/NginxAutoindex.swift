import BorneTestSupport
import Foundation
import XCTest

/// A real nginx on 127.0.0.1 serving a collector tree as the office's
/// collector would be exposed for `borne office ingest https://...`:
/// `autoindex on; autoindex_format json;` on `/stats/`, nothing else.
/// (A trimmed cousin of BorneNetTests' NginxServer.) Skips when no nginx.
final class NginxAutoindex {
    let prefix: URL
    /// Files under here are served at `/stats/`.
    let stats: URL
    let port: Int
    private let process = Process()

    var statsURL: String { "http://127.0.0.1:\(port)/stats/" }
    var plainURL: String { "http://127.0.0.1:\(port)/plain/" }

    init() throws {
        guard let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MissingPrerequisite("nginx is not installed (apt-get install nginx-light)")
        }
        let fm = FileManager.default
        // /tmp and world-readable: workers may run as nobody.
        prefix = URL(fileURLWithPath: "/tmp/borne-office-nginx-\(UUID().uuidString)")
        stats = prefix.appendingPathComponent("www/stats")
        for dir in ["", "www", "www/stats", "www/plain", "logs", "tmp"] {
            try fm.createDirectory(at: prefix.appendingPathComponent(dir), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o755])
        }
        port = try Self.freePort()
        let p = prefix.path
        let conf = """
            daemon off;
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/logs/error.log info;
            events { worker_connections 64; }
            http {
                access_log \(p)/logs/access.log;
                client_body_temp_path \(p)/tmp/client_body;
                proxy_temp_path \(p)/tmp/proxy;
                fastcgi_temp_path \(p)/tmp/fastcgi;
                uwsgi_temp_path \(p)/tmp/uwsgi;
                scgi_temp_path \(p)/tmp/scgi;
                server {
                    listen 127.0.0.1:\(port);
                    root \(p)/www;
                    location /stats/ { autoindex on; autoindex_format json; }
                    location /plain/ { }
                }
            }
            """
        try conf.write(toFile: p + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-e", p + "/logs/error.log", "-p", p, "-c", p + "/nginx.conf"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.canConnect(port), Date() < deadline, process.isRunning { usleep(20_000) }
        guard Self.canConnect(port) else {
            stop()
            throw NSError(domain: "NginxAutoindex", code: 1, userInfo: [NSLocalizedDescriptionKey: "nginx did not start"])
        }
    }

    deinit { stop() }

    func stop() {
        guard process.processIdentifier > 0 else { return }
        for sig in [SIGQUIT, SIGKILL] where process.isRunning {
            kill(process.processIdentifier, sig)
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(10_000) }
        }
        try? FileManager.default.removeItem(at: prefix)
    }

    /// Makes everything under the served tree readable by nginx's workers.
    func openUp() throws {
        let fm = FileManager.default
        let www = prefix.appendingPathComponent("www").path
        for case let rel as String in fm.enumerator(atPath: www)! {
            let path = www + "/" + rel
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: path, isDirectory: &isDir)
            try fm.setAttributes([.posixPermissions: isDir.boolValue ? 0o755 : 0o644], ofItemAtPath: path)
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = loopback(0)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = loopback(port)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func loopback(_ port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = UInt16(port).bigEndian
        a.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return a
    }
}
