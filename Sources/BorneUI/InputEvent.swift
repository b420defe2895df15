/// What the terminal edge (or a test script) tells the app. Coordinates are
/// 0-based cells. A tap is a press then a release; a release away from the
/// pressed target cancels it, as on any touch screen.
public enum InputEvent: Equatable, Sendable {
    case press(x: Int, y: Int)
    case release(x: Int, y: Int)
    /// Typed text or a named key ("KEY_ENTER"...). The kiosk ignores keys but
    /// they still count as activity.
    case key(String)
    case resize(Size)
}
