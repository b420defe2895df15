import BorneStats

/// What one round did, and what should happen next.
public struct RoundReport: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        /// Every pending batch acknowledged, heartbeat sent.
        case complete
        /// Stopped by a 5xx, a timeout, a dropped connection, a busy or
        /// failing store or file: try again after a backoff.
        case retryLater(String)
        /// A batch is parked (4xx): nothing after it moves until the target's
        /// configuration changes or `--retry-parked`.
        case parked(String)
        /// Every batch went, but the collector refused the heartbeat (4xx).
        case heartbeatRefused(String)
        /// Today's byte budget is spent.
        case budgetExhausted(String)
        /// SIGTERM between two batches.
        case stopped
    }

    public var outcome: Outcome = .complete
    /// Batches acknowledged in this round, in order.
    public var sent: [BatchName] = []
    public var bytesSent = 0
    public var heartbeatSent = false
    /// After the round.
    public var lastAckedSeq: Int64 = 0
    public var pending: Int64 = 0
    public var parked: [String] = []

    public init() {}

    /// One line for the log.
    public var summary: String {
        var s = "\(sent.count) batch\(sent.count == 1 ? "" : "es") sent (\(bytesSent) bytes), acknowledged up to \(lastAckedSeq), \(pending) pending"
        if !parked.isEmpty { s += ", parked: \(parked.joined(separator: ", "))" }
        s += heartbeatSent ? ", heartbeat sent" : ", no heartbeat"
        switch outcome {
        case .complete: break
        case .retryLater(let m): s += "; stopped, retrying later: \(m)"
        case .parked(let m): s += "; PARKED: \(m)"
        case .heartbeatRefused(let m): s += "; heartbeat refused: \(m)"
        case .budgetExhausted(let m): s += "; \(m)"
        case .stopped: s += "; stopped (SIGTERM)"
        }
        return s
    }
}
