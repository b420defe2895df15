/// Full-jitter exponential backoff: the delay before retry `n` (0-based) is
/// uniform in `0 ... min(cap, base * 2^n)`. Jitter spreads seven kiosks that
/// lost the same server apart instead of having them return in step.
public struct Backoff: Sendable {
    public var base: Double
    public var cap: Double
    /// Uniform in [0, 1); injectable so tests pin the delays.
    public var random: @Sendable () -> Double

    public init(base: Double = 1, cap: Double = 60, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        precondition(base > 0 && cap >= base, "backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// The ceiling of retry `attempt`'s delay: `min(cap, base * 2^attempt)`.
    public func ceiling(attempt: Int) -> Double {
        // 2^attempt overflows nothing: past 62 doublings the cap has long won.
        let doubled = base * Double(1 << UInt64(min(max(attempt, 0), 62)))
        return min(cap, doubled)
    }

    /// Seconds to wait before retry `attempt`: `random(0, ceiling)`.
    public func delay(attempt: Int) -> Double {
        ceiling(attempt: attempt) * min(max(random(), 0), 1)
    }
}
