import BorneSync
import CCrypto
import Foundation

/// A `BundleGate` without signatures, for the transport tests: the manifest
/// is `{"id": ..., "files": [{"path", "sha256", "size"}]}` and the signature
/// must read "fake-signature". Install checks every object (length and
/// SHA-256), copies it into its own store and writes the content tree to
/// `root/versions/<id>/`.
final class FakeGate: BundleGate {
    let root: URL
    var store: URL { root.appendingPathComponent("store") }
    private(set) var installs: [String] = []

    struct Manifest: Codable {
        struct File: Codable { var path: String; var sha256: String; var size: Int64 }
        var id: String
        var files: [File]
    }

    struct Refused: Error, CustomStringConvertible { var description: String }

    init(root: URL) { self.root = root }

    func verifyManifest(_ manifest: Data, signature: Data) throws -> [ObjectRef] {
        guard signature == Self.signature else { throw Refused(description: "manifest.sig: not signed by a trusted key") }
        return try JSONDecoder().decode(Manifest.self, from: manifest).files.map {
            ObjectRef(path: $0.path, sha256: $0.sha256, size: $0.size)
        }
    }

    func hasObject(sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: store.appendingPathComponent(sha256).path)
    }

    func sha256(file: URL) throws -> String { Self.sha256(try Data(contentsOf: file)) }

    func installFromObjects(manifest: Data, signature: Data, objectsDir: URL) throws -> String {
        let refs = try verifyManifest(manifest, signature: signature)
        let id = try JSONDecoder().decode(Manifest.self, from: manifest).id
        let fm = FileManager.default
        try fm.createDirectory(at: store, withIntermediateDirectories: true)
        let version = root.appendingPathComponent("versions/\(id)")
        for ref in refs {
            let held = store.appendingPathComponent(ref.sha256)
            if !fm.fileExists(atPath: held.path) {
                let staged = objectsDir.appendingPathComponent(String(ref.sha256.prefix(2)) + "/" + String(ref.sha256.dropFirst(2)))
                let data = try Data(contentsOf: staged)
                guard data.count == ref.size, Self.sha256(data) == ref.sha256 else {
                    throw Refused(description: "\(ref.path): object does not match")
                }
                try data.write(to: held)
            }
            let target = version.appendingPathComponent(ref.path)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? fm.removeItem(at: target)
            try fm.copyItem(at: held, to: target)
        }
        installs.append(id)
        return id
    }

    static let signature = Data("fake-signature".utf8)

    static func sha256(_ data: Data) -> String {
        var md = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        _ = data.withUnsafeBytes { borne_EVP_Digest($0.baseAddress, $0.count, &md, &len, borne_EVP_sha256(), nil) }
        return md.map { String(format: "%02x", $0) }.joined()
    }

    /// Publishes a bundle of `files` under `dir` as a server or a stick holds
    /// it; returns the manifest's and signature's sizes.
    @discardableResult
    static func publish(_ files: [String: Data], id: String, into dir: URL) throws -> (manifest: Int, signature: Int) {
        let fm = FileManager.default
        var entries: [Manifest.File] = []
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let sha = sha256(data)
            entries.append(.init(path: path, sha256: sha, size: Int64(data.count)))
            let object = dir.appendingPathComponent("objects/\(sha.prefix(2))/\(sha.dropFirst(2))")
            try fm.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o755])
            try data.write(to: object)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let manifest = try enc.encode(Manifest(id: id, files: entries))
        try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for (name, data) in [("manifest.json", manifest), ("manifest.sig", signature)] {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        }
        return (manifest.count, signature.count)
    }
}
