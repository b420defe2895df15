/// Where batches and heartbeats go: a WebDAV collector (`HTTPCollector`), a
/// directory (`FileCollector`), or a test's wrapper around either.
public protocol CollectorTransport: AnyObject {
    /// Stores `bytes` at `path` (`KIOSK/NAME`) under the collector's base and
    /// returns once the collector has acknowledged them (a 2xx; a durable
    /// rename). Throws `DeliveryError`.
    func put(_ path: String, _ bytes: [UInt8], contentType: String) throws
    /// The target, without credentials, for logs.
    var displayName: String { get }
    /// After the round's last PUT: closes what the round kept open (an
    /// HTTP connection) and accounts for it. Throws what it cannot record.
    func endRound() throws
}

extension CollectorTransport {
    public func endRound() throws {}
}

/// Why a PUT did not acknowledge.
public enum DeliveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The collector refused this request (4xx other than 408 and 429): the
    /// batch is parked until the configuration changes or `--retry-parked`.
    case rejected(status: Int, reason: String)
    /// No answer: timeout, no connection, the connection dropped. Retried later.
    case unreachable(String)
    /// The collector answered but failed (5xx, 408, 429), or a local write
    /// failed (`file://`): retried later.
    case failed(String)
    /// Today's byte budget (Europe/Paris) is spent: nothing more until tomorrow.
    case budgetExceeded(String)

    public var description: String {
        switch self {
        case let .rejected(status, reason): return "refused (\(status)): \(reason)"
        case .unreachable(let m): return "unreachable: \(m)"
        case .failed(let m): return "failed: \(m)"
        case .budgetExceeded(let m): return m
        }
    }
}
