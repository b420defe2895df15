import BorneNet
import Foundation

/// Fetches `BASE/manifest.json` conditionally and, when it changed,
/// `BASE/manifest.sig`, keeping both in `DATA/sync/` with their validators in
/// the state: a 304 then means "the stored copy is current".
///
/// The pair is replaced only when both arrived (each via a `.part` and a
/// rename). A publisher who replaces them between our two requests gives a
/// pair that does not verify; `forget()` drops it and the next run fetches
/// both again.
final class ManifestFetcher {
    let manifestURL: String
    let signatureURL: String
    let manifestFile: URL
    let signatureFile: URL
    private let transport: SyncTransport
    private let retrier: Retrier

    init(base: String, syncDir: URL, transport: SyncTransport, retrier: Retrier) {
        manifestURL = Self.join(base, "manifest.json")
        signatureURL = Self.join(base, "manifest.sig")
        manifestFile = syncDir.appendingPathComponent("manifest.json")
        signatureFile = syncDir.appendingPathComponent("manifest.sig")
        self.transport = transport
        self.retrier = retrier
    }

    struct Fetched {
        var manifest: Data
        var signature: Data
        /// The server sent a new manifest (not a 304).
        var downloaded: Bool
        /// Body bytes received.
        var bytes: Int64
    }

    func fetch(state: inout SyncState) throws -> Fetched {
        let fm = FileManager.default
        let stored = fm.fileExists(atPath: manifestFile.path) && fm.fileExists(atPath: signatureFile.path)
        let part = manifestFile.appendingPathExtension("part")
        let m = try retrier.run {
            try transport.fetch(manifestURL, to: part, ifNoneMatch: stored ? state.etag : nil,
                                ifModifiedSince: stored ? state.lastModified : nil)
        }
        if m.notModified {
            return Fetched(manifest: try read(manifestFile), signature: try read(signatureFile), downloaded: false, bytes: 0)
        }
        let sigPart = signatureFile.appendingPathExtension("part")
        let s = try retrier.run { try transport.fetch(signatureURL, to: sigPart, ifNoneMatch: nil, ifModifiedSince: nil) }
        try move(sigPart, signatureFile)
        try move(part, manifestFile)
        state.etag = m.etag
        state.lastModified = m.lastModified
        return Fetched(manifest: try read(manifestFile), signature: try read(signatureFile), downloaded: true,
                       bytes: m.bytesReceived + s.bytesReceived)
    }

    /// Drops the stored pair and its validators (it did not verify).
    func forget(state: inout SyncState) {
        try? FileManager.default.removeItem(at: manifestFile)
        try? FileManager.default.removeItem(at: signatureFile)
        state.etag = nil
        state.lastModified = nil
    }

    static func join(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? base + path : base + "/" + path
    }

    private func read(_ file: URL) throws -> Data {
        do { return try Data(contentsOf: file) } catch {
            throw SyncError.file(path: file.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    private func move(_ from: URL, _ to: URL) throws {
        guard rename(from.path, to.path) == 0 else {
            throw SyncError.file(path: from.path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
        }
    }
}
