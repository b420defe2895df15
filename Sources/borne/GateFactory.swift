import BorneBundle
import BorneCore
import BorneSync
import Foundation

/// The seam between the transport (BorneSync) and bundle verification and
/// install (BorneBundle): manifests are checked against the kiosk's
/// `trusted_keys`, objects the kiosk already holds in an installed version
/// are reused instead of crossing the link, and the install is BorneBundle's
/// verified, atomic one.
final class KioskBundleGate: BundleGate {
    let config: KioskConfig
    let dataDir: URL
    let keys: [Ed25519PublicKey]
    let verifier: BundleVerifier
    let installer: BundleInstaller
    /// SHA-256 → a file with those bytes in an installed version.
    private var held: [String: URL] = [:]

    struct NoTrustedKey: Error, CustomStringConvertible {
        var kiosk: String
        var description: String {
            "kiosk \(kiosk) trusts no signing key: add the contractor's public key (borne keygen) to trusted_keys in its config"
        }
    }

    init(config: KioskConfig, dataDir: URL) throws {
        guard !config.trustedKeys.isEmpty else { throw NoTrustedKey(kiosk: config.id) }
        self.config = config
        self.dataDir = dataDir
        keys = try config.trustedKeys.map { try Ed25519PublicKey(hex: $0, source: "trusted_keys of \(config.id)") }
        verifier = BundleVerifier(trustedKeys: keys)
        installer = BundleInstaller(dataDirectory: dataDir)
        _ = try installer.recover()
        indexHeldObjects()
    }

    private func indexHeldObjects() {
        held = [:]
        let versions = dataDir.appendingPathComponent("content/versions")
        for id in (try? installer.installedVersions()) ?? [] {
            guard let manifest = try? installer.installedManifest(id) else { continue }
            for file in manifest.files where held[file.sha256] == nil {
                held[file.sha256] = versions.appendingPathComponent(id).appendingPathComponent(file.path)
            }
        }
    }

    func verifyManifest(_ manifest: Data, signature: Data) throws -> [ObjectRef] {
        let (m, _) = try verifier.verifyManifest(manifest, signature: signature)
        return m.files.map { ObjectRef(path: $0.path, sha256: $0.sha256, size: $0.size) }
    }

    func hasObject(sha256: String) -> Bool { held[sha256] != nil }

    func sha256(file: URL) throws -> String {
        guard let stream = InputStream(url: file) else { throw CocoaError(.fileReadNoSuchFile) }
        stream.open()
        defer { stream.close() }
        let hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = stream.read(&buffer, maxLength: buffer.count)
            if n < 0 { throw stream.streamError ?? CocoaError(.fileReadUnknown) }
            if n == 0 { break }
            hash.update(Data(buffer[0..<n]))
        }
        return hash.finalizeHex()
    }

    /// Assembles a bundle directory from the fetched objects and the ones
    /// already held, then installs it (the installer verifies it all again).
    func installFromObjects(manifest: Data, signature: Data, objectsDir: URL) throws -> String {
        let (m, _) = try verifier.verifyManifest(manifest, signature: signature)
        let fm = FileManager.default
        let bundle = dataDir.appendingPathComponent("sync/bundle")
        try? fm.removeItem(at: bundle)
        try fm.createDirectory(at: bundle, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: bundle) }
        try manifest.write(to: bundle.appendingPathComponent("manifest.json"))
        try signature.write(to: bundle.appendingPathComponent("manifest.sig"))
        for file in m.files {
            let relative = BundlePath.objectPath(file.sha256)
            let dest = bundle.appendingPathComponent(relative)
            if fm.fileExists(atPath: dest.path) { continue }
            try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            let fetched = objectsDir.appendingPathComponent(String(relative.dropFirst("objects/".count)))
            if fm.fileExists(atPath: fetched.path) {
                try fm.copyItem(at: fetched, to: dest)
            } else if let local = held[file.sha256] {
                try fm.copyItem(at: local, to: dest)
            } else {
                throw BundleError.missingObject(path: file.path, object: relative)
            }
        }
        let result = try installer.install(bundle: bundle, trustedKeys: keys, kioskID: config.id)
        indexHeldObjects()
        return result.id
    }
}

/// The gate the sync and usb commands hand manifests and objects to.
func makeGate(config: KioskConfig, dataDir: URL) throws -> BundleGate {
    try KioskBundleGate(config: config, dataDir: dataDir)
}

/// How the commands get a gate; tests pass their own.
typealias GateFactory = (KioskConfig, URL) throws -> BundleGate
