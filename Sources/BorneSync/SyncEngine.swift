import BorneNet
import Foundation

/// `borne sync`, transport side: from a published tree
/// (`BASE/manifest.json`, `BASE/manifest.sig`, `BASE/objects/ab/cdef…`) to a
/// call of the gate's install with every object staged and checked.
///
/// A run: lock `DATA/sync/lock`; fetch the manifest conditionally; stop if it
/// is the installed one; have the gate verify it; fetch each object that
/// neither the kiosk nor the staging area holds (resuming `.part` files,
/// checking length and SHA-256, retrying transient failures with backoff,
/// within the byte budget); install; record; empty the staging area.
/// Whatever stops a run, what it staged stays for the next one.
public final class SyncEngine {
    public let source: String
    public let dataDir: URL
    private let gate: BundleGate
    private let transport: SyncTransport
    private let retrier: Retrier
    private let log: (String) -> Void

    var syncDir: URL { dataDir.appendingPathComponent("sync") }
    var stateFile: URL { syncDir.appendingPathComponent("state.json") }
    var staging: ObjectStaging { ObjectStaging(dir: syncDir.appendingPathComponent("objects")) }

    public init(source: String, dataDir: URL, gate: BundleGate, transport: SyncTransport,
                retrier: Retrier = Retrier(), log: @escaping (String) -> Void = { _ in }) {
        self.source = source
        self.dataDir = dataDir
        self.gate = gate
        self.transport = transport
        self.retrier = retrier
        self.log = log
    }

    /// Runs one sync. Throws `SyncFailure`, whose report says what was done.
    public func run() throws -> SyncReport {
        var report = SyncReport()
        do {
            try FileManager.default.createDirectory(at: syncDir, withIntermediateDirectories: true)
            let lock = try SyncLock(syncDir.appendingPathComponent("lock"))
            try withExtendedLifetime(lock) { try sync(&report) }
            return report
        } catch let f as SyncFailure {
            throw f
        } catch {
            throw SyncFailure(report: report, error: error)
        }
    }

    private func sync(_ report: inout SyncReport) throws {
        var state = SyncState.load(stateFile)
        let fetcher = ManifestFetcher(base: source, syncDir: syncDir, transport: transport, retrier: retrier)
        let fetched = try fetcher.fetch(state: &state)
        report.bytesFetched += fetched.bytes
        state.lastCheck = SyncState.now()
        try state.save(stateFile)

        let digest = try gate.sha256(file: fetcher.manifestFile)
        guard digest != state.installedManifestSHA256 else {
            log("manifest \(fetched.downloaded ? "fetched" : "not modified"): already installed (\(state.installedId ?? "?"))")
            return
        }
        report.manifestChanged = true

        let refs: [ObjectRef]
        do {
            refs = try gate.verifyManifest(fetched.manifest, signature: fetched.signature)
        } catch {
            fetcher.forget(state: &state)
            try state.save(stateFile)
            throw error
        }
        let needed = try Self.missing(refs, gate: gate, staging: staging)
        log("manifest \(digest.prefix(12)): \(refs.count) files, \(needed.count) objects to fetch (\(needed.reduce(0) { $0 + $1.size }) bytes)")

        for ref in needed {
            report.bytesFetched += try fetchObject(ref)
            report.objectsFetched += 1
        }

        let id = try gate.installFromObjects(manifest: fetched.manifest, signature: fetched.signature, objectsDir: staging.dir)
        report.installedId = id
        state.installedManifestSHA256 = digest
        state.installedId = id
        state.lastInstall = SyncState.now()
        try state.save(stateFile)
        staging.clear()
        log("installed \(id)")
    }

    /// The objects to bring: one per digest, neither held by the kiosk nor
    /// already staged. Digests are checked before any becomes a path.
    static func missing(_ refs: [ObjectRef], gate: BundleGate, staging: ObjectStaging) throws -> [ObjectRef] {
        var seen = Set<String>()
        var out: [ObjectRef] = []
        for ref in refs {
            guard ObjectStaging.isDigest(ref.sha256) else {
                throw SyncError.badManifest(reason: "\(ref.path): \"\(ref.sha256)\" is not a lowercase SHA-256")
            }
            guard ref.size >= 0 else { throw SyncError.badManifest(reason: "\(ref.path): negative size") }
            guard seen.insert(ref.sha256).inserted else { continue }
            if gate.hasObject(sha256: ref.sha256) || staging.has(ref.sha256) { continue }
            out.append(ref)
        }
        return out
    }

    /// Brings one object into staging; returns the body bytes received.
    /// A resumed part that fails its check is fetched once more from zero:
    /// the old bytes, not the server, may be what was wrong.
    private func fetchObject(_ ref: ObjectRef) throws -> Int64 {
        let url = ManifestFetcher.join(source, "objects/" + ObjectStaging.relativePath(ref.sha256))
        let redacted = NetError.redact(url)
        try staging.prepare(ref.sha256)
        var received: Int64 = 0
        for round in 0..<2 {
            let r = try retrier.run {
                try transport.fetchResumable(url, into: staging.part(ref.sha256), expectedLength: ref.size)
            }
            received += r.bytesReceived
            do {
                try staging.accept(ref, source: redacted, gate: gate)
                return received
            } catch let e as SyncError where round == 0 && r.resumedFrom > 0 {
                log("\(e) — fetching it again from the start")
            }
        }
        preconditionFailure("unreachable: the second round returns or throws")
    }
}
