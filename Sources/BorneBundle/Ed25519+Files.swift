import Foundation

/// Key files, as `borne keygen` writes them:
///
/// - `borne.key`: the private key as PEM "PRIVATE KEY" (unencrypted PKCS#8,
///   what `openssl genpkey -algorithm ed25519` writes), mode 0600;
/// - `borne.pub`: the public key as 64 lowercase hex digits and a newline,
///   the form `trusted_keys` of a kiosk configuration takes.
extension Ed25519PrivateKey {
    /// Writes the key to a new file (never replacing one), mode 0600.
    public func write(to file: URL, fileSystem fs: any FileSystem = RealFileSystem()) throws {
        let path = file.standardizedFileURL.path
        guard try fs.kind(path) == nil else { throw BundleError.outputExists(path: path) }
        var pem = try self.pem()
        defer { pem.resetBytes(in: 0..<pem.count) }
        let fd = try fs.createFile(path, private: true)
        do {
            try pem.withUnsafeBytes { try fs.write(fd, $0, path: path) }
            try fs.sync(fd, path: path)
        } catch {
            try? fs.close(fd, path: path)
            try? fs.removeFile(path)
            throw error
        }
        try fs.close(fd, path: path)
        try fs.syncDirectory(file.standardizedFileURL.deletingLastPathComponent().path)
    }

    public static func load(file: URL) throws -> Ed25519PrivateKey {
        let path = file.standardizedFileURL.path
        var data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw BundleError.invalidKey(source: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        defer { data.resetBytes(in: 0..<data.count) }
        return try Ed25519PrivateKey(pem: data, source: path)
    }

    /// A warning when a private key file can be read by others than its owner.
    public static func permissionWarning(file: URL) -> String? {
        var st = stat()
        guard stat(file.path, &st) == 0, st.st_mode & 0o077 != 0 else { return nil }
        return "\(file.path): private key readable by others (mode \(String(st.st_mode & 0o777, radix: 8))); run chmod 600 \(file.path)"
    }
}

extension Ed25519PublicKey {
    public static func load(file: URL) throws -> Ed25519PublicKey {
        let path = file.standardizedFileURL.path
        guard let data = try? Data(contentsOf: file), data.count <= 256 else {
            throw BundleError.invalidKey(source: path, reason: "cannot be read, or not a public key file")
        }
        return try Ed25519PublicKey(hex: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Writes `hex` and a newline to a new file.
    public func write(to file: URL, fileSystem fs: any FileSystem = RealFileSystem()) throws {
        let path = file.standardizedFileURL.path
        guard try fs.kind(path) == nil else { throw BundleError.outputExists(path: path) }
        try fs.writeFileAtomically(path, Data((hex + "\n").utf8))
    }
}
