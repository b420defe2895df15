import Foundation

/// A real nginx on 127.0.0.1, private to one test: its own prefix under
/// /tmp (config, pid, temp paths, logs, document root `www/`), a free port,
/// started as a child process with `daemon off;`, stopped by `stop()` (or
/// when released). The one nginx harness of the test targets: its server
/// block is built from `Location` parts (static files, WebDAV PUT with or
/// without basic auth, JSON autoindex, fixed answers), or given whole
/// (`init(server:)`, e.g. the shipped collector site with TLS).
///
/// When nginx runs as root its workers run as `nobody`: the prefix and root
/// are world-readable and upload folders world-writable for that reason.
///
/// Access log lines: `"PUT /collect/x HTTP/1.1" 201 in=1234 0 c=3 n=1`
/// (request, status, request length, body bytes sent, connection serial,
/// request count on that connection).
public final class Nginx {
    /// One `location` of the server block. Its folder under `www/` is made
    /// (world-writable when `writable`).
    public struct Location: Sendable {
        public var path: String
        public var directives: String
        public var writable: Bool

        public init(_ path: String, _ directives: String = "", writable: Bool = false) {
            self.path = path
            self.directives = directives
            self.writable = writable
        }

        /// Static files, with any extra directives (`max_ranges 0;`, `limit_rate 256;`...).
        public static func files(_ path: String, _ directives: String = "") -> Location { Location(path, directives) }

        /// WebDAV PUT (201 on create, 204 on overwrite) up to `maxBody`; with
        /// `auth`, the server's `BasicAuth` is required and other methods are refused.
        public static func upload(_ path: String, maxBody: String = "64m", auth: Bool = false) -> Location {
            var d = """
                dav_methods PUT;
                create_full_put_path on;
                dav_access user:rw group:r all:r;
                client_max_body_size \(maxBody);
                """
            if auth {
                d += "\nauth_basic \"Borne statistics\";\nauth_basic_user_file $HTPASSWD;\nlimit_except PUT { deny all; }"
            }
            return Location(path, d, writable: true)
        }

        /// `autoindex on; autoindex_format json;` as the office reads a collector tree.
        public static func autoindex(_ path: String) -> Location { Location(path, "autoindex on; autoindex_format json;") }

        /// Every request answered `status` (`return 500;`).
        public static func answer(_ path: String, status: Int) -> Location { Location(path, "return \(status);") }
    }

    /// A user and password for `upload(auth: true)`, hashed with `openssl passwd -apr1`.
    public struct BasicAuth: Sendable {
        public let user: String
        public let password: String
        public init(user: String, password: String) { self.user = user; self.password = password }
    }

    public let prefix: URL
    /// The document root (`prefix/www`).
    public let root: URL
    public let port: Int
    public let auth: BasicAuth?
    private let process = Process()

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public func url(_ path: String) -> String { baseURL + "/" + path }
    public var errorLog: URL { prefix.appendingPathComponent("logs/error.log") }
    public var accessLog: URL { prefix.appendingPathComponent("logs/access.log") }
    /// Where files of `/LOCATION/` live.
    public func directory(_ location: String) -> URL { root.appendingPathComponent(location) }

    /// A server block made of `locations` (`/` serves `www/` when not listed).
    public convenience init(_ locations: [Location], auth: BasicAuth? = nil) throws {
        try self.init(auth: auth, directories: locations.filter { $0.path != "/" }.map { ($0.path, $0.writable) }) { prefix, port in
            let htpasswd = prefix + "/htpasswd"
            let body = locations.map { l in
                let d = l.directives.replacingOccurrences(of: "$HTPASSWD", with: htpasswd)
                    .split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
                return d.isEmpty ? "    location \(l.path) { }" : "    location \(l.path) {\n\(d)\n    }"
            }.joined(separator: "\n")
            return """
                server {
                    listen 127.0.0.1:\(port);
                    root \(prefix)/www;
                    etag on;
                \(locations.contains { $0.path == "/" } ? "" : "    location / { }\n")\(body)
                }
                """
        }
    }

    /// Starts nginx with `server(prefix, port)` as the `http` block's servers
    /// (write any file it names under `prefix` from the closure).
    public init(auth: BasicAuth? = nil, directories: [(path: String, writable: Bool)] = [],
                server: (_ prefix: String, _ port: Int) throws -> String) throws {
        let nginx = try Self.binary()
        let fm = FileManager.default
        // /tmp, not $TMPDIR: workers running as nobody must be able to walk
        // down to the root, which a private 0700 TMPDIR would forbid.
        prefix = URL(fileURLWithPath: "/tmp").appendingPathComponent("borne-nginx-\(UUID().uuidString)")
        root = prefix.appendingPathComponent("www")
        self.auth = auth
        let dirs = [("", false), ("www", false), ("logs", false), ("tmp", false)] + directories.map { ("www/" + $0.path, $0.writable) }
        for (dir, writable) in dirs {
            let url = prefix.appendingPathComponent(dir)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try fm.setAttributes([.posixPermissions: writable ? 0o777 : 0o755], ofItemAtPath: url.path)
        }
        if let auth {
            let htpasswd = prefix.appendingPathComponent("htpasswd")
            try "\(auth.user):\(try Self.apr1(auth.password))\n".write(to: htpasswd, atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: htpasswd.path)
        }
        port = try LoopbackSockets.freePort()
        let p = prefix.path
        let conf = """
            daemon off;
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/logs/error.log info;
            events { worker_connections 64; }
            http {
                log_format borne '"$request" $status in=$request_length $body_bytes_sent c=$connection n=$connection_requests';
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
            \(try server(p, port))
            }
            """
        try conf.write(toFile: p + "/nginx.conf", atomically: true, encoding: .utf8)

        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-e", errorLog.path, "-p", p, "-c", p + "/nginx.conf"]
        process.standardInput = FileHandle.nullDevice
        let out = prefix.appendingPathComponent("logs/stdout.log")
        _ = fm.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: out)
        try process.run()
        try waitUntilAnswering()
    }

    deinit { stop() }

    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Polls the port until nginx accepts, failing with its error log if it exits.
    private func waitUntilAnswering() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                let conf = (try? String(contentsOfFile: prefix.path + "/nginx.conf", encoding: .utf8)) ?? ""
                throw Failed(description: "nginx exited (\(process.terminationStatus)) before answering on port \(port):\n\(log)\nits config:\n\(conf)")
            }
            if LoopbackSockets.canConnect(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw Failed(description: "nginx did not answer on 127.0.0.1:\(port) within 10 s (logs in \(prefix.path)/logs)")
    }

    /// SIGQUIT (graceful), then SIGTERM, then SIGKILL; waits for the exit
    /// and removes the prefix.
    public func stop() {
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
    public func publish(_ path: String, _ data: Data) throws -> URL {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        return url
    }

    /// Makes everything under the root readable by nginx's workers (for
    /// trees a test wrote with its own umask).
    public func openUp() throws {
        let fm = FileManager.default
        guard let walk = fm.enumerator(atPath: root.path) else { return }
        for case let rel as String in walk {
            let path = root.path + "/" + rel
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: path, isDirectory: &isDir)
            try fm.setAttributes([.posixPermissions: isDir.boolValue ? 0o755 : 0o644], ofItemAtPath: path)
        }
    }

    /// Access log lines mentioning `text` (all when empty). nginx logs a
    /// request after answering it: this waits until the log stops growing.
    public func requests(_ text: String = "") -> [String] {
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

    // MARK: Tools

    public static let candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]

    /// The nginx binary (`make test-deps` installs nginx-light); missing is a failed test.
    public static func binary() throws -> String {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw MissingPrerequisite("nginx is not installed (looked in \(candidates.joined(separator: ", "))): make test-deps installs nginx-light")
    }

    /// An htpasswd hash nginx reads: `openssl passwd -apr1`.
    public static func apr1(_ password: String) throws -> String {
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
        guard p.terminationStatus == 0, hash.hasPrefix("$apr1$") else {
            throw MissingPrerequisite("openssl passwd -apr1 failed (\(p.terminationStatus)): is openssl installed? make test-deps")
        }
        return hash
    }
}
