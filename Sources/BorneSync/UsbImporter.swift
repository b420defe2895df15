import Foundation

/// `borne usb`, transport side: the same bundle layout as the published
/// tree, on a stick (`MOUNT/borne/manifest.json`, `manifest.sig`,
/// `objects/ab/cdef…`). A stick is untrusted input: the manifest goes
/// through the gate, and each object is copied into staging and checked
/// (length, SHA-256) before the install — so pulling the stick out half-way
/// installs nothing and the next insertion resumes with what was copied.
public final class UsbImporter {
    /// `MOUNT/borne`.
    public let bundleDir: URL
    public let dataDir: URL
    private let gate: BundleGate
    private let log: (String) -> Void

    var syncDir: URL { dataDir.appendingPathComponent("sync") }
    var stateFile: URL { syncDir.appendingPathComponent("state.json") }
    var staging: ObjectStaging { ObjectStaging(dir: syncDir.appendingPathComponent("objects")) }

    public init(bundleDir: URL, dataDir: URL, gate: BundleGate, log: @escaping (String) -> Void = { _ in }) {
        self.bundleDir = bundleDir
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
        let manifestFile = bundleDir.appendingPathComponent("manifest.json")
        let signatureFile = bundleDir.appendingPathComponent("manifest.sig")
        guard let manifest = try? Data(contentsOf: manifestFile),
              let signature = try? Data(contentsOf: signatureFile) else {
            throw SyncError.noBundle(path: bundleDir.path)
        }
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

        for ref in needed {
            try copyObject(ref)
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
        let source = bundleDir.appendingPathComponent("objects/" + ObjectStaging.relativePath(ref.sha256))
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw SyncError.missingObject(sha256: ref.sha256, path: source.path)
        }
        try staging.prepare(ref.sha256)
        let part = staging.part(ref.sha256)
        try? FileManager.default.removeItem(at: part)
        do {
            try FileManager.default.copyItem(at: source, to: part)
        } catch {
            throw SyncError.file(path: source.path, message: "cannot copy from the stick: \(error.localizedDescription)")
        }
        try staging.accept(ref, source: source.path, gate: gate)
    }
}
