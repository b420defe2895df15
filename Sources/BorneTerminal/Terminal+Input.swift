import BorneUI
internal import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// What one turn of the kiosk loop read: the terminal's events, bounded, and
/// which of the caller's other descriptors are ready.
public struct TerminalBatch: Equatable, Sendable {
    /// Pointer events in order (at most `Terminal.maxPointerEvents`; the rest
    /// wait for the next batch), a resize, and at most one `.key` standing for
    /// every key read in this batch.
    public var events: [InputEvent] = []
    /// Keys read in this batch (all folded into one `.key` event).
    public var keys = 0
    /// Descriptors of `readBatch(descriptors:)` that are readable or hung up.
    public var readable: [Int32] = []
    /// The terminal is gone: the caller must exit.
    public var lost = false
}

extension Terminal {
    /// Pointer events handed over per batch; a flood of mouse reports is
    /// answered over several frames, oldest first, none dropped.
    public static let maxPointerEvents = 64
    /// Bytes read from the terminal per batch: a paste is drained in bounded
    /// slices, each decoded in one scan (`RawInputDecoder`).
    public static let maxBytesPerBatch = 256 * 1024

    /// Waits up to `timeoutMs` for input on the terminal or on any of
    /// `descriptors` (poll(2) on them all at once), then reads what the
    /// terminal has, without blocking: every mouse report, keys folded into
    /// one activity event. Returns at once when events are still pending.
    /// Returns `lost` when the terminal is gone; after that every call waits
    /// its timeout and returns `lost` again, so a caller cannot spin.
    ///
    /// The terminal's bytes are read here, in bulk, never by ncurses (`wget_wch`
    /// reads one byte per system call and a frame per key was what made a
    /// 2 MB paste freeze the kiosk for minutes).
    public func readBatch(timeoutMs: Int, descriptors: [Int32] = []) -> TerminalBatch {
        var batch = TerminalBatch()
        let timeoutMs = min(max(0, timeoutMs), 60_000)
        if ended || lostLatched || borne_hangup_received() != 0 {
            batch.lost = lost(waiting: timeoutMs)
            return batch
        }
        takeResize(into: &batch)
        let busy = !pending.isEmpty || !batch.events.isEmpty
        var fds = [pollfd(fd: STDIN_FILENO, events: borne_pollin(), revents: 0)]
            + descriptors.map { pollfd(fd: $0, events: borne_pollin(), revents: 0) }
        let clock = ContinuousClock()
        let started = clock.now
        let rc = poll(&fds, nfds_t(fds.count), busy ? 0 : Int32(timeoutMs))
        let elapsed = milliseconds(started.duration(to: clock.now))
        if rc > 0 {
            batch.readable = fds.dropFirst().filter { $0.revents != 0 }.map(\.fd)
            if fds[0].revents & borne_pollin() != 0 {
                if !drainTerminal(into: &batch, elapsedMs: elapsed, timeoutMs: timeoutMs) {
                    batch.lost = lost(waiting: 0)
                    return batch
                }
            } else if fds[0].revents & borne_pollhup() != 0 {
                batch.lost = lost(waiting: 0)
                return batch
            }
        } else if rc == 0, !busy, timeoutMs >= 20 {
            // A quiet moment: an escape sequence still unfinished was the Escape key.
            add(decoder.flush(), to: &batch)
        }
        if borne_hangup_received() != 0 {
            batch.lost = lost(waiting: 0)
            return batch
        }
        takeResize(into: &batch)
        let n = min(pending.count, Self.maxPointerEvents)
        batch.events += pending.prefix(n)
        pending.removeFirst(n)
        return batch
    }

    /// Reads what the terminal has, up to `maxBytesPerBatch`. False when it is gone.
    private func drainTerminal(into batch: inout TerminalBatch, elapsedMs: Int, timeoutMs: Int) -> Bool {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while total < Self.maxBytesPerBatch {
            let got = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if got > 0 {
                detector.recordInput()
                total += got
                let out = buffer.withUnsafeBufferPointer { decoder.feed(UnsafeBufferPointer(rebasing: $0[0..<got])) }
                add(out, to: &batch)
            } else if got == 0 {
                return false                          // end of file: the pty's other side closed
            } else {
                let error = errno
                if error == EIO || error == EBADF || borne_stdin_tty_lost() != 0 { return false }
                // EINTR / EAGAIN right after poll said readable: counts as an early error.
                if total == 0, detector.recordError(elapsedMs: elapsedMs, timeoutMs: timeoutMs) { return false }
                return true
            }
            var more = pollfd(fd: STDIN_FILENO, events: borne_pollin(), revents: 0)
            guard poll(&more, 1, 0) > 0, more.revents & borne_pollin() != 0 else { break }
        }
        return true
    }

    private func add(_ out: RawInputDecoder.Output, to batch: inout TerminalBatch) {
        pending += out.pointer
        if out.keys > 0 {
            batch.keys += out.keys
            let key = InputEvent.key(out.lastKey ?? "KEY_UNKNOWN")
            if let i = batch.events.firstIndex(where: { if case .key = $0 { return true } else { return false } }) {
                batch.events[i] = key
            } else {
                batch.events.append(key)
            }
        }
    }

    /// A SIGWINCH since the last look: ncurses learns the new size, and the
    /// next frame repaints everything.
    private func takeResize(into batch: inout TerminalBatch) {
        guard borne_take_resize() != 0 else { return }
        var rows: Int32 = 0, cols: Int32 = 0
        borne_window_size(&rows, &cols)
        if rows > 0, cols > 0 { _ = resizeterm(rows, cols) }
        size = Size(width: Int(borne_cols()), height: Int(borne_lines()))
        lastFrame = nil
        batch.events.append(.resize(size))
    }

    private func lost(waiting ms: Int) -> Bool {
        if lostLatched { sleep(milliseconds: max(ms, 50)) }
        lostLatched = true
        return true
    }

    private func sleep(milliseconds ms: Int) {
        var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
        var left = timespec()
        while nanosleep(&request, &left) == -1 && errno == EINTR && !shouldExit { request = left }
    }

    private func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}
