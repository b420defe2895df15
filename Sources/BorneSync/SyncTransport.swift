import BorneNet
import Foundation

/// The two transfers a sync makes. `HTTPClient` is the real one; tests put
/// a faulty one in front of it to fail the Nth transfer.
public protocol SyncTransport: AnyObject {
    /// A whole-file GET, conditional when validators are given (304 leaves `file` alone).
    func fetch(_ url: String, to file: URL, ifNoneMatch: String?, ifModifiedSince: String?) throws -> HTTPResult
    /// A GET that continues `part` from its length.
    func fetchResumable(_ url: String, into part: URL, expectedLength: Int64?) throws -> HTTPResult
}

extension HTTPClient: SyncTransport {
    public func fetch(_ url: String, to file: URL, ifNoneMatch: String?, ifModifiedSince: String?) throws -> HTTPResult {
        try get(url, to: file, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince)
    }

    public func fetchResumable(_ url: String, into part: URL, expectedLength: Int64?) throws -> HTTPResult {
        try resume(url, into: part, expectedLength: expectedLength)
    }
}
