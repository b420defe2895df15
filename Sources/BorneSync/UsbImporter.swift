import BorneStick
import Foundation

/// `borne usb`, transport side: the same bundle layout as the published
/// tree, on a stick (`MOUNT/borne/manifest.json`, `manifest.sig`,
/// `objects/ab/cdef…`). A stick is untrusted input: the manifest goes
/// through the gate, and each object is copied into staging and checked
/// (length, SHA-256) before the install — so pulling the stick out half-way
/// installs nothing and the next insertion resumes with what was copied.
///
/// Every file is read from the stick through `StickDir` (`borne`,
/// `objects`, `ab`, the object: one component at a time, never through a
/// link): a link planted at `borne/manifest.json` pointing at `/etc/shadow`
/// is refused by name, not read.
public final class UsbImporter {
    /// `MOUNT/borne`, open.
    public let bundle: StickDir
    public let dataDir: URL
    private let gate: BundleGate
    private let log: (String) -> Void

    var syncDir: URL { dataDir.appendingPathComponent("sync") }
    var stateFile: URL { syncDir.appendingPathComponent("state.json") }
    var staging: ObjectStaging { ObjectStaging(dir: syncDir.appendingPathComponent("objects")) }

    /// BorneBundle's own limit for a manifest (16 MiB).
    static let manifestLimit = 16 << 20

    public init(bundle: StickDir, dataDir: URL, gate: BundleGate, log: @escaping (String) -> Void = { _ in }) {
        self.bundle = bundle
        self.dataDir = dataDir
        self.gate = gate
        self.log = log
    }

    /// Imports the stick's bundle. Throws `SyncFailure`.
    public func run() throws -> SyncReport {
        var report = SyncReport()
        do {
            try FileManager.default.createDirectory(at: syncDir, withIntermediateDirectories: true)
            let lock = try SyncLock(syncDir.appendingPathComponent("lock"))
            try withExtendedLifetime(lock) { try importBundle(&report) }
            return report
        } catch {
            throw SyncFailure(report: report, error: error)
        }
    }

    private func importBundle(_ report: inout SyncReport) throws {
        guard let manifestBytes = try bundle.read("manifest.json", limit: Self.manifestLimit),
              let signatureBytes = try bundle.read("manifest.sig", limit: 64 * 1024) else {
            throw SyncError.noBundle(path: bundle.path)
        }
        let manifest = Data(manifestBytes), signature = Data(signatureBytes)
        // Hashed from the kiosk's own copy of the bytes just read, not from the stick again.
        let manifestFile = syncDir.appendingPathComponent("usb-manifest.json")
        do { try manifest.write(to: manifestFile, options: .atomic) } catch {
            throw SyncError.file(path: manifestFile.path, message: "cannot write: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: manifestFile) }
        var state = SyncState.load(stateFile)
        let digest = try gate.sha256(file: manifestFile)
        guard digest != state.installedManifestSHA256 else {
            log("the stick's bundle is already installed (\(state.installedId ?? "?"))")
            return
        }
        report.manifestChanged = true
        let refs = try gate.verifyManifest(manifest, signature: signature)
        let needed = try SyncEngine.missing(refs, gate: gate, staging: staging)
        log("stick manifest \(digest.prefix(12)): \(refs.count) files, \(needed.count) objects to copy")

        let version = SyncEngine.versionID(manifest)
        for ref in needed {
            do { try copyObject(ref) } catch {
                throw ObjectFetchError(path: ref.path, sha256: ref.sha256, version: version, underlying: error)
            }
            report.objectsFetched += 1
            report.bytesFetched += ref.size
        }
        let id = try gate.installFromObjects(manifest: manifest, signature: signature, objectsDir: staging.dir)
        report.installedId = id
        state.installedManifestSHA256 = digest
        state.installedId = id
        state.lastInstall = SyncState.now()
        try state.save(stateFile)
        staging.clear()
        log("installed \(id) from the stick")
    }

    private func copyObject(_ ref: ObjectRef) throws {
        let relative = ObjectStaging.relativePath(ref.sha256)
        let sourcePath = bundle.child("objects/" + relative)
        guard let folder = try bundle.folder("objects/" + String(ref.sha256.prefix(2))),
              let source = try folder.openFile(String(ref.sha256.dropFirst(2))) else {
            throw SyncError.missingObject(sha256: ref.sha256, path: sourcePath)
        }
        defer { close(source.fd) }
        try staging.prepare(ref.sha256)
        let part = staging.part(ref.sha256)
        try? FileManager.default.removeItem(at: part)
        try Self.copy(from: source.fd, sourcePath: sourcePath, to: part.path, limit: ref.size)
        try staging.accept(ref, source: sourcePath, gate: gate)
    }

    /// Copies at most `limit + 1` bytes (one more shows a longer file; the
    /// size check refuses it) into a new file of the kiosk's staging area.
    static func copy(from source: Int32, sourcePath: String, to part: String, limit: Int64) throws {
        let out = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard out >= 0 else {
            throw SyncError.file(path: part, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(out) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = limit + 1
        while left > 0 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress!, min($0.count, Int(clamping: left))) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SyncError.file(path: sourcePath, message: "cannot copy from the stick: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { Glibc.write(out, $0.baseAddress! + done, n - done) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw SyncError.file(path: part, message: "cannot write: \(String(cString: strerror(errno)))")
                }
                done += w
            }
            left -= Int64(n)
        }
        guard fsync(out) == 0 else {
            throw SyncError.file(path: part, message: "cannot fsync: \(String(cString: strerror(errno)))")
        }
    }
}
