import BorneNet
import Foundation

/// A WebDAV collector: `PUT BASE/KIOSK/NAME` with basic auth (nginx's
/// `dav_methods PUT`; see deploy/nginx-collector.conf). The credentials ride
/// in the URL handed to libcurl, which sends them as basic auth; every URL
/// in a message is redacted by BorneNet, so they never reach a log.
public final class HTTPCollector: CollectorTransport {
    public let base: String
    private let user: String?
    private let password: String?
    private let client: HTTPClient

    /// - Parameter base: `http(s)://host/path`, without credentials.
    public init(base: String, user: String?, password: String?, client: HTTPClient) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.user = user
        self.password = password
        self.client = client
    }

    public var displayName: String { NetError.redact(base) }

    /// `BASE/path` with the credentials in it.
    func url(_ path: String) -> String {
        guard let user, var c = URLComponents(string: base) else { return base + "/" + path }
        // URLComponents percent-encodes what the userinfo cannot hold; curl decodes it.
        c.user = user
        c.password = password ?? ""
        return (c.string ?? base) + "/" + path
    }

    /// What a PUT may cost beyond its body (a new TLS connection, headers),
    /// counted against the budget before sending by `HTTPClient.put` so that
    /// a day's total stays under the limit.
    static var headerAllowance: Int64 { HTTPClient.wireAllowance(body: 0) }

    public func put(_ path: String, _ bytes: [UInt8], contentType: String) throws {
        do {
            try client.put(url(path), data: Data(bytes), contentType: contentType)
        } catch let e as NetError {
            throw Self.classify(e)
        }
    }

    /// Closes the round's connection and charges its last bytes to the
    /// budget; the next round resumes the TLS session (`HTTPClient.endRound`).
    public func endRound() throws {
        try client.endRound()
    }

    /// 4xx parks (except 408 and 429, which mean "later"); 5xx, timeouts and
    /// dropped connections are retried; the budget waits for tomorrow.
    static func classify(_ e: NetError) -> DeliveryError {
        switch e {
        case .http(let status, let url) where status >= 500 || status == 408 || status == 429:
            return .failed("\(url): HTTP \(status)")
        case .http(let status, let url):
            return .rejected(status: status, reason: "\(url): HTTP \(status) \(reasonPhrase(status))")
        case .budgetExceeded:
            return .budgetExceeded(e.description)
        case .timeout, .couldNotConnect:
            return .unreachable(e.description)
        case .curl where e.isTransient:
            return .unreachable(e.description)
        default:
            return .failed(e.description)
        }
    }

    /// What a refusal means for whoever reads the heartbeat. nginx's error
    /// pages are HTML with nothing more than the status in them.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized: check collector_user and the password file against the collector's htpasswd"
        case 403: return "Forbidden: the collector refuses this user or path (permissions of its directory?)"
        case 404: return "Not Found: check collector_url"
        case 405: return "Method Not Allowed: the collector does not take PUT (dav_methods PUT missing?)"
        case 409: return "Conflict: the collector cannot create the kiosk's folder (create_full_put_path on?)"
        case 411: return "Length Required"
        case 413: return "Payload Too Large: raise client_max_body_size on the collector"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        default: return status < 400 ? "unexpected answer to a PUT (redirect loop?)" : "client error"
        }
    }
}
