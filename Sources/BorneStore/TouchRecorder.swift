import Foundation

/// The kiosk-facing side of the store. Every call returns at once: events
/// go into a bounded in-memory queue and a writer thread, which alone owns
/// the database connection, commits them in small transactions as soon as
/// they arrive (the runner calls after it has drawn the frame).
///
/// Faults (disk full, read-only, I/O, corrupt database) never reach the
/// caller: they show in `health`/`status` and in the log, the events wait
/// in memory and are written when the fault clears. A corrupt database is
/// moved aside and a new one started, its sequence numbers above every
/// number ever issued.
public final class TouchRecorder: Sendable {
    let config: RecorderConfig
    let shared: RecorderShared

    /// Starts the writer thread; the database is opened there, not here.
    public init(config: RecorderConfig) {
        self.config = config
        shared = RecorderShared()
        let writer = StoreWriter(config: config, shared: shared)
        let thread = Thread { writer.run() }
        thread.name = "borne-store-writer"
        thread.qualityOfService = .utility
        thread.start()
    }

    deinit {
        // Stop the writer without waiting: `close()` is the orderly way out.
        shared.cond.lock()
        shared.stopping = true
        shared.cond.broadcast()
        shared.cond.unlock()
    }

    // MARK: events (UI thread, non-blocking)

    /// Queues one tap. Call after the frame that answers it is on screen.
    public func record(_ touch: TouchRecord) { enqueue(.touch(touch)) }

    /// The first tap after idle (`Reaction.sessionStarted`).
    public func sessionStarted(at wall: Date, monoNs: UInt64) { enqueue(.sessionStarted(wall: wall, monoNs: monoNs)) }

    /// The idle timeout sent the screen home (`Reaction.sessionEnded`).
    public func sessionEnded(at wall: Date, monoNs: UInt64) { enqueue(.sessionEnded(wall: wall, monoNs: monoNs)) }

    func enqueue(_ event: RecorderEvent) {
        shared.cond.lock()
        defer { shared.cond.unlock() }
        guard !shared.stopping else { return }
        let dropped = shared.queue.append(event, capacity: config.capacity)
        if shared.fault != nil { shared.waitedThrough = shared.queue.nextIndex - 1 }
        if dropped {
            shared.dropped += 1
            let n = shared.dropped
            if n == 1 || n % 1000 == 0 {
                config.log("memory queue full (\(config.capacity) events): dropped the oldest, \(n) so far")
            }
        }
        shared.cond.broadcast()
    }

    // MARK: state (any thread)

    public var health: StoreHealth { status.health }

    public var status: StoreStatus {
        shared.cond.lock()
        defer { shared.cond.unlock() }
        return shared.snapshot()
    }

    // MARK: shutdown and tests

    /// Waits until every queued event is committed, at most `timeout`
    /// seconds; asks the writer to retry at once if it is backing off.
    /// True when nothing is left waiting.
    @discardableResult
    public func flush(timeout: TimeInterval = 2) -> Bool {
        let clock = config.monotonic
        let deadline = clock.now() + timeout
        shared.cond.lock()
        defer { shared.cond.unlock() }
        shared.retryNow = true
        shared.cond.broadcast()
        while !shared.queue.isEmpty, !shared.exited, clock.now() < deadline {
            shared.cond.wait(seconds: deadline - clock.now())
        }
        return shared.queue.isEmpty
    }

    /// Flushes (at most `timeout`), then stops the writer and closes the
    /// database. Events still waiting are lost and logged. The SIGTERM path.
    @discardableResult
    public func close(timeout: TimeInterval = 2) -> Bool {
        let done = flush(timeout: timeout)
        shared.cond.lock()
        defer { shared.cond.unlock() }
        shared.stopping = true
        shared.cond.broadcast()
        let clock = config.monotonic
        let deadline = clock.now() + max(1, timeout)
        while !shared.exited, clock.now() < deadline { shared.cond.wait(seconds: deadline - clock.now()) }
        return done && shared.queue.isEmpty
    }
}

/// What the UI thread and the writer share, under `cond`'s lock.
final class RecorderShared: @unchecked Sendable {
    /// Timed waits on CLOCK_MONOTONIC: a clock set back does not stretch them.
    let cond = MonotonicCondition()
    var queue = EventQueue()
    var fault: StoreProblem?
    var dropped = 0
    var touchesWritten = 0
    var lastSequence: Int64?
    var lastWrite: Date?
    var movedAside: [String] = []
    /// Events with an index ≤ this were queued while the store was failing
    /// (written with `TouchFlags.afterFault`).
    var waitedThrough: UInt64 = 0
    /// Set by `close()` and deinit: the writer finishes and exits.
    var stopping = false
    var exited = false
    /// Set by `flush()`: skip the rest of a backoff.
    var retryNow = false

    func snapshot() -> StoreStatus {
        let health: StoreHealth
        if let fault { health = .degraded(fault) }
        else if dropped > 0 { health = .degraded(.eventsDropped(dropped)) }
        else { health = .ok }
        return StoreStatus(health: health, waiting: queue.count, dropped: dropped, touchesWritten: touchesWritten,
                           lastSequence: lastSequence, lastWrite: lastWrite, movedAside: movedAside)
    }
}
