import Foundation

/// Why a transfer failed. Every case that names a URL holds it redacted
/// (`NetError.redact`): no user, password or query string ever reaches a log.
public enum NetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The overall timeout or the low-speed limit fired (curl code 28).
    case timeout(url: String)
    /// No TCP connection: refused, unreachable, or the name did not resolve.
    case couldNotConnect(url: String)
    /// The server answered with a status the caller cannot use (4xx, 5xx...).
    case http(status: Int, url: String)
    /// Today's byte budget (Europe/Paris day) would be or was exceeded.
    case budgetExceeded(used: Int64, limit: Int64)
    /// Writing the received bytes failed for lack of space.
    case diskFull(path: String)
    /// A local file could not be opened, read or written (other than ENOSPC).
    case file(path: String, message: String)
    /// The server answered in a way that breaks the protocol (a 206 for
    /// another range than asked...).
    case badResponse(url: String, reason: String)
    /// Any other libcurl failure, with curl's own message.
    case curl(code: Int, message: String, url: String)

    public var description: String {
        switch self {
        case .timeout(let url):
            return "\(url): timed out (no answer, or slower than the low-speed limit); the link may be down — sync retries later"
        case .couldNotConnect(let url):
            return "\(url): could not connect (refused, unreachable or name not resolved); check the network and the sync source"
        case .http(let status, let url):
            return "\(url): server answered HTTP \(status)"
                + (status >= 500 ? "; the server is failing — sync retries later" : "; check the published tree and the URL")
        case .budgetExceeded(let used, let limit):
            return "daily byte budget reached: \(used) of \(limit) bytes used today (Europe/Paris); the transfer resumes tomorrow, or raise --budget"
        case .diskFull(let path):
            return "\(path): disk full while writing a download; free space on the kiosk's data partition"
        case .file(let path, let message):
            return "\(path): \(message)"
        case .badResponse(let url, let reason):
            return "\(url): unusable answer: \(reason)"
        case .curl(let code, let message, let url):
            return "\(url): transfer failed (curl \(code)): \(message)"
        }
    }

    /// True for failures that a later attempt may cure: timeouts, no
    /// connection, 5xx, 408 and 429. A 4xx is parked, not retried.
    public var isTransient: Bool {
        switch self {
        case .timeout, .couldNotConnect: return true
        case .http(let status, _): return status >= 500 || status == 408 || status == 429
        case .curl(let code, _, _):
            // 18 partial file, 52 empty reply, 55/56 send/recv errors, 35 TLS handshake.
            return [18, 35, 52, 55, 56].contains(code)
        case .budgetExceeded, .diskFull, .file, .badResponse: return false
        }
    }

    /// `url` without user, password, query or fragment — the form errors hold.
    public static func redact(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "<unparsable URL>" }
        c.user = nil
        c.password = nil
        let hadQuery = c.query != nil
        c.query = nil
        c.fragment = nil
        guard let s = c.string else { return "<unparsable URL>" }
        return hadQuery ? s + "?…" : s
    }
}
