/// BorneTerminal — the ncurses edge of the kiosk. It owns the terminal and
/// nothing else:
///
/// - set-up and tear-down: UTF-8 locale, raw mode, hidden cursor, mouse
///   reporting, colours (or attributes on a monochrome terminal), signals
///   (every catchable signal ignored except the faults; SIGHUP, SIGTERM and
///   SIGWINCH as flags);
/// - input: the terminal's bytes read in bulk (poll(2), with the caller's
///   other descriptors) and decoded by `RawInputDecoder`: finger taps (press,
///   release), keys (folded into one event per batch) and resizes become
///   `BorneUI.InputEvent`s; a lost terminal becomes `lost`, never a busy loop;
/// - flushing a `BorneUI.Canvas`: only the cells that changed since the last
///   frame, each `Role` mapped through `Palette`.
///
/// It must never hold content, layout or business logic: it does not know
/// what a tile, a section or a session is, never decides what to show, and
/// never touches the disk, the network or the statistics. Widgets never call
/// it; the `borne kiosk` loop does:
///
/// ```swift
/// let terminal = try Terminal()
/// defer { terminal.shutdown() }
/// while !terminal.shouldExit {
///     let batch = terminal.readBatch(timeoutMs: 250, descriptors: otherInputs)
///     if batch.lost { break }     // the tty is gone: exit, systemd restarts us
///     ...                         // feed batch.events, tick clocks, idle timeout
///     terminal.draw(canvas)
/// }
/// ```
///
/// The pure parts (`Palette`, `InputDecoding`, `FramePlan`,
/// `LostTerminalDetector`) import no C and are unit-tested; `Terminal` is the
/// only type that calls ncurses.
public enum BorneTerminal {}
