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

        let version = Self.versionID(fetched.manifest)
        for ref in needed {
            do {
                report.bytesFetched += try fetchObject(ref)
            } catch {
                throw ObjectFetchError(path: ref.path, sha256: ref.sha256, version: version, underlying: error)
            }
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

    /// The verified manifest's `id`, to name the version in errors.
    static func versionID(_ manifest: Data) -> String {
        let object = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any]
        return object?["id"] as? String ?? "(manifest without id)"
    }

    /// False once the server answered 404 for a compressed copy: a tree
    /// published before compressed objects existed; the plain objects are
    /// fetched for the rest of the run.
    private var serverHasCompressed = true

    /// Brings one object into staging; returns the body bytes received.
    /// Its compressed copy (`objects/ab/cdef….gz`) first, the plain object
    /// when the server has none.
    private func fetchObject(_ ref: ObjectRef) throws -> Int64 {
        try staging.prepare(ref.sha256)
        let plain = ManifestFetcher.join(source, "objects/" + ObjectStaging.relativePath(ref.sha256))
        if serverHasCompressed {
            let compressed = staging.compressedPart(ref.sha256)
            do {
                return try fetchChecked(ref, url: plain + ".gz", into: compressed, expectedLength: nil, checkedAs: " once inflated") {
                    try ObjectInflater.inflate(compressed, into: staging.part(ref.sha256), ref: ref, source: $0)
                }
            } catch NetError.http(404, _) {
                serverHasCompressed = false
                try? FileManager.default.removeItem(at: compressed)
                log("\(NetError.redact(plain)).gz: no compressed objects on this server (published by an older borne); fetching plain objects")
            }
        }
        return try fetchChecked(ref, url: plain, into: staging.part(ref.sha256), expectedLength: ref.size) { _ in }
    }

    /// Fetches `url` into `part` (resuming it), runs `decode` (which turns a
    /// compressed part into the plain one) and checks the plain part against
    /// the manifest. A resumed part that fails its check is fetched once
    /// more from zero: the old bytes, not the server, may be what was wrong.
    private func fetchChecked(_ ref: ObjectRef, url: String, into part: URL, expectedLength: Int64?,
                              checkedAs: String = "", decode: (String) throws -> Void) throws -> Int64 {
        let redacted = NetError.redact(url)
        var received: Int64 = 0
        for round in 0..<2 {
            let r = try retrier.run {
                try transport.fetchResumable(url, into: part, expectedLength: expectedLength)
            }
            received += r.bytesReceived
            do {
                try decode(redacted)
                try staging.accept(ref, source: redacted + checkedAs, gate: gate)
                return received
            } catch let e as SyncError where round == 0 && r.resumedFrom > 0 {
                log("\(e) — fetching it again from the start")
            }
        }
        preconditionFailure("unreachable: the second round returns or throws")
    }
}
