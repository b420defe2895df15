internal import CCurl
import Foundation

/// DNS answers and TLS sessions shared by every `HTTPClient` of the
/// process (a libcurl share, `CURLSH`, locked per kind of data): a client
/// made for the next round resumes the TLS session of the previous one
/// (an abbreviated handshake, no certificates: about 1.5 kB less per
/// connection) and does not resolve the host again. Connections are not
/// shared: each client keeps its own for its round, and closes them when
/// it goes.
///
/// Lives as long as the process (never cleaned up: clients may outlive
/// any owner). Sessions are in memory only: a one-shot `borne sync` starts
/// with none (libcurl 7.88 cannot export them; docs/SYNC.md).
final class HTTPShare: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    private init?() {
        guard let s = borne_curl_share_sessions() else { return nil }
        handle = s
    }

    private static let shared: HTTPShare? = {
        precondition(curlGlobalInit == 0, "curl_global_init failed (\(curlGlobalInit))")
        return HTTPShare()
    }()

    /// The process's share. libcurl refusing one (out of memory) fails the
    /// transfer with that reason rather than running every round with full
    /// handshakes unnoticed.
    static func process() throws -> HTTPShare {
        guard let s = shared else {
            throw NetError.curl(code: 0, message: "libcurl refused a share of DNS and TLS sessions (curl_share_init or CURLSHOPT_SHARE failed); the transfer was not made", url: "")
        }
        return s
    }
}
