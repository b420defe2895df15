import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The clock of every timeout, back-off and pause: CLOCK_MONOTONIC seconds.
/// The wall clock (`Date`) is only for timestamps: NTP, a kiosk whose RTC
/// battery died, or an operator can set it back an hour or a year, and a
/// deadline computed on it then waits that much longer (or never ends).
/// Injectable (`RecorderConfig.monotonic`, `StopSignal`, `UploadLock`) so
/// tests can move it independently of the wall clock.
public struct MonotonicClock: Sendable {
    public var now: @Sendable () -> TimeInterval

    public init(now: @escaping @Sendable () -> TimeInterval) { self.now = now }

    /// CLOCK_MONOTONIC, the clock `MonotonicCondition` waits on.
    public static let system = MonotonicClock { MonotonicClock.systemNow() }

    static func systemNow() -> TimeInterval {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return TimeInterval(ts.tv_sec) + TimeInterval(ts.tv_nsec) / 1_000_000_000
    }
}

/// A mutex and condition variable whose timed waits run on CLOCK_MONOTONIC.
/// (`NSCondition.wait(until: Date)` waits for a wall-clock instant: with the
/// clock set back an hour, a two-second wait lasts an hour and two seconds.)
public final class MonotonicCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        mutex.initialize(to: pthread_mutex_t())
        cond.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        let set = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        precondition(set == 0, "pthread_condattr_setclock(CLOCK_MONOTONIC) failed: \(set)")
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }
    public func signal() { pthread_cond_signal(cond) }
    public func broadcast() { pthread_cond_broadcast(cond) }

    /// Waits (the lock held) until signalled, or spuriously.
    public func wait() { pthread_cond_wait(cond, mutex) }

    /// Waits (the lock held) at most `seconds` of CLOCK_MONOTONIC; false
    /// when the time ran out. Callers loop on their own condition and
    /// deadline, as with any condition variable.
    @discardableResult
    public func wait(seconds: TimeInterval) -> Bool {
        let end = MonotonicClock.systemNow() + max(0, min(seconds, 86_400 * 365))
        var ts = timespec(tv_sec: Int(end), tv_nsec: Int((end - end.rounded(.down)) * 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &ts) != ETIMEDOUT
    }
}
