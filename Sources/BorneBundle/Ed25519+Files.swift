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
        if isPublicKey(data) {
            throw BundleError.invalidKey(source: path, reason: "this is a public key (what kiosks trust, in trusted_keys); "
                                         + "sign with the private key: borne.key, beside it (`borne keygen` wrote both)")
        }
        guard data.starts(with: Data("-----BEGIN".utf8)) || data.prefix(64).contains(UInt8(ascii: "-")) else {
            throw BundleError.invalidKey(source: path, reason: "not a PEM private key (expected -----BEGIN PRIVATE KEY-----, "
                                         + "as `borne keygen` writes borne.key)")
        }
        return try Ed25519PrivateKey(pem: data, source: path)
    }

    /// A `borne.pub` file: 64 hex digits and whitespace, nothing else.
    static func isPublicKey(_ data: Data) -> Bool {
        let text = String(decoding: data.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return data.count <= 256 && text.count == 64 && text.allSatisfy(\.isHexDigit)
    }

    /// A warning when a private key file can be read by others than its owner.
    /// None for a public key given by mistake: `load` says what is wrong with it.
    public static func permissionWarning(file: URL) -> String? {
        if let head = FileManager.default.contents(atPath: file.path), isPublicKey(head) { return nil }
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
