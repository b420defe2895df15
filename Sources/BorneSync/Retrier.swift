import BorneNet
import Foundation

/// Retries transient transport failures (`NetError.isTransient`: timeouts,
/// no connection, 5xx) with full-jitter backoff; anything else — a 404, the
/// budget, a full disk — fails at once.
public struct Retrier {
    public var backoff: Backoff
    /// Attempts in all, first included.
    public var attempts: Int
    /// Injectable so tests do not wait.
    public var sleep: (Double) -> Void
    public var log: (String) -> Void

    public init(backoff: Backoff = Backoff(base: 2, cap: 60), attempts: Int = 4,
                sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
                log: @escaping (String) -> Void = { _ in }) {
        precondition(attempts >= 1)
        self.backoff = backoff; self.attempts = attempts; self.sleep = sleep; self.log = log
    }

    public func run<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let e as NetError where e.isTransient && attempt + 1 < attempts {
                let d = backoff.delay(attempt: attempt)
                log("\(e) — retry \(attempt + 1) of \(attempts - 1) in \(String(format: "%.1f", d)) s")
                sleep(d)
                attempt += 1
            }
        }
    }
}
