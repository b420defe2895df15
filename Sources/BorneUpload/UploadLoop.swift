import BorneNet
import BorneStore
import Foundation

/// A stop request (SIGTERM) that wakes a sleeping loop at once. Pauses run
/// on the monotonic clock: a wall clock set back does not stretch them.
public final class StopSignal: @unchecked Sendable {
    private let condition = MonotonicCondition()
    private var stopped = false      // guarded by `condition`
    let clock: MonotonicClock

    public init(clock: MonotonicClock = .system) { self.clock = clock }

    public func stop() {
        condition.lock(); stopped = true; condition.broadcast(); condition.unlock()
    }

    public var isStopped: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopped
    }

    /// Sleeps up to `seconds`; false when woken by `stop()`.
    public func sleep(_ seconds: Double) -> Bool {
        let deadline = clock.now() + max(0, seconds)
        condition.lock(); defer { condition.unlock() }
        while !stopped {
            let left = deadline - clock.now()
            if left <= 0 { return true }
            condition.wait(seconds: left)
        }
        return false
    }
}

/// The daemon: a round, then a pause — `interval` after a round that
/// finished (or parked: only a configuration change helps), a full-jitter
/// backoff after one that must be retried — until stopped.
public final class UploadLoop {
    public var interval: Double
    public var backoff: Backoff
    let stop: StopSignal
    let log: (String) -> Void
    /// Builds this round's uploader: the command reloads the configuration
    /// and the password file here, so a fixed configuration releases parked batches.
    let makeUploader: () throws -> Uploader
    /// How the loop waits; false when stopped. Tests count instead of sleeping.
    var sleep: (Double) -> Bool
    /// `--retry-parked`: the first round tries parked batches again.
    public var retryParkedFirst = false
    /// Runs first in every round (its number, from 1): the content sync and
    /// the weather of `borne upload --with-sync`, in this process.
    public var beforeRound: ((Int) -> Void)?
    /// Statistics go in round 1 and every `uploadEvery`th round after it;
    /// the other rounds only run `beforeRound`.
    public var uploadEvery = 1

    public init(interval: Double, backoff: Backoff, stop: StopSignal, log: @escaping (String) -> Void,
                makeUploader: @escaping () throws -> Uploader) {
        self.interval = interval; self.backoff = backoff; self.stop = stop; self.log = log
        self.makeUploader = makeUploader
        self.sleep = { stop.sleep($0) }
    }

    /// Runs until stopped; returns the last round's report.
    @discardableResult
    public func run(maxRounds: Int = .max) -> RoundReport? {
        var attempt = 0
        var last: RoundReport?
        var rounds = 0
        while !stop.isStopped && rounds < maxRounds {
            rounds += 1
            beforeRound?(rounds)
            if (rounds - 1) % max(1, uploadEvery) != 0 {
                if stop.isStopped || rounds >= maxRounds { break }
                if !sleep(interval) { break }
                continue
            }
            let pause: Double
            do {
                let uploader = try makeUploader()
                uploader.shouldStop = { [stop] in stop.isStopped }
                let report = uploader.round(retryParked: retryParkedFirst && rounds == 1)
                last = report
                log(report.summary)
                pause = Self.pause(after: report.outcome, attempt: &attempt, interval: interval, backoff: backoff)
            } catch {
                log("cannot start a round: \(error)")
                pause = backoff.delay(attempt: attempt)
                attempt += 1
            }
            if stop.isStopped || rounds >= maxRounds { break }
            if !sleep(pause) { break }
        }
        return last
    }

    static func pause(after outcome: RoundReport.Outcome, attempt: inout Int, interval: Double, backoff: Backoff) -> Double {
        switch outcome {
        case .retryLater:
            defer { attempt += 1 }
            return backoff.delay(attempt: attempt)
        case .complete, .parked, .heartbeatRefused, .budgetExhausted, .stopped:
            attempt = 0
            return interval
        }
    }
}
