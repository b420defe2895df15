/// A source of kiosk input besides the terminal's own keyboard and mouse
/// reports: the touchscreen read straight from `/dev/input/event*` (evdev),
/// or a FIFO standing in for it in tests.
///
/// The kiosk loop polls `pollDescriptors` together with the terminal and,
/// when any is readable, calls `readEvents(screen:)`, which must not block.
/// Descriptors may change between calls (a device plugged in or removed):
/// the loop asks for them again every turn.
public protocol InputSource: AnyObject {
    /// File descriptors to wait on (readable = events may be there).
    var pollDescriptors: [Int32] { get }
    /// Everything readable now, decoded into taps on a screen of `screen`
    /// cells. Never blocks; a device that went away is dropped, not an error.
    func readEvents(screen: Size) -> [InputEvent]
}
