import BorneUI

/// What one wait for input produced.
public enum TerminalInput: Equatable, Sendable {
    case event(InputEvent)
    /// Nothing arrived within the timeout (or a signal cut the wait short:
    /// check `Terminal.shouldExit`).
    case timeout
    /// The terminal is gone (hang-up, closed pty): the caller must exit.
    case lost
}
