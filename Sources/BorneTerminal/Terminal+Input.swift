import BorneUI
internal import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

extension Terminal {
    /// Waits up to `timeoutMs` (0 polls) for one input. Ignored input (other
    /// mouse buttons, motion) does not end the wait early. Returns `.lost`
    /// when the terminal is gone; after that every call waits its timeout
    /// and returns `.lost` again, so a caller that keeps looping cannot spin.
    public func nextInput(timeoutMs: Int) -> TerminalInput {
        if !pending.isEmpty { return .event(pending.removeFirst()) }
        let timeoutMs = min(max(0, timeoutMs), 60_000)
        if ended || lostLatched || borne_hangup_received() != 0 {
            return lost(waiting: timeoutMs)
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMs))
        let win = borne_stdscr()
        while true {
            let remaining = max(0, milliseconds(clock.now.duration(to: deadline)))
            wtimeout(win, Int32(remaining))
            let started = clock.now
            var ch: wint_t = 0
            errno = 0
            let rc = wget_wch(win, &ch)
            if rc == borne_err() {
                let elapsed = milliseconds(started.duration(to: clock.now))
                return readFailed(elapsedMs: elapsed, timeoutMs: remaining, error: errno)
            }
            detector.recordInput()
            if rc == borne_key_code_yes() {
                if let event = keyCode(Int32(bitPattern: ch)) { return .event(event) }
            } else {
                return .event(.key(InputDecoding.keyText(character: ch)))
            }
            if clock.now >= deadline { return .timeout }
        }
    }

    /// A function key, the mouse or a resize; nil for input the kiosk ignores.
    private func keyCode(_ code: Int32) -> InputEvent? {
        if code == borne_key_mouse() {
            var events = mouseEvents()
            guard !events.isEmpty else { return nil }
            let first = events.removeFirst()
            pending.append(contentsOf: events)
            return first
        }
        if code == borne_key_resize() {
            size = Size(width: Int(borne_cols()), height: Int(borne_lines()))
            lastFrame = nil            // repaint everything at the new size
            return .resize(size)
        }
        if let name = keyname(code) { return .key(String(cString: name)) }
        return .key("KEY_\(code)")
    }

    /// Every mouse report ncurses has queued, oldest first. When several
    /// arrive in one read (a quick tap whose press and release land on
    /// different cells), ncurses queues them all but `getmouse` pops the
    /// newest first: draining and reversing keeps the press.
    private func mouseEvents() -> [InputEvent] {
        var reports: [MEVENT] = []
        var m = MEVENT()
        while reports.count < 64, getmouse(&m) == borne_ok() {
            reports.append(m)
        }
        return reports.reversed().flatMap { m in
            InputDecoding.mouseEvents(
                pressed: m.bstate & borne_button1_pressed() != 0,
                released: m.bstate & borne_button1_released() != 0,
                clicked: m.bstate & borne_button1_clicked() != 0,
                x: Int(m.x), y: Int(m.y))
        }
    }

    /// `get_wch` gave ERR: a plain timeout, a signal, or a tty that is gone.
    private func readFailed(elapsedMs: Int, timeoutMs: Int, error: Int32) -> TerminalInput {
        if borne_hangup_received() != 0 || error == EIO || borne_stdin_tty_lost() != 0 {
            return lost(waiting: 0)
        }
        if shouldExit { return .timeout }
        if detector.recordError(elapsedMs: elapsedMs, timeoutMs: timeoutMs) {
            return lost(waiting: 0)
        }
        // An early ERR that is not (yet) a lost tty: wait out the rest, so
        // even an undetected dead terminal costs one read per timeout.
        if elapsedMs < timeoutMs { sleep(milliseconds: timeoutMs - elapsedMs) }
        return .timeout
    }

    private func lost(waiting ms: Int) -> TerminalInput {
        if lostLatched { sleep(milliseconds: max(ms, 50)) }
        lostLatched = true
        return .lost
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
