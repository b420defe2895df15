/// BorneTouch: the kiosk reads its touchscreen itself, straight from Linux
/// evdev (`/dev/input/event*`), whatever terminal draws the screen.
///
/// Owns: decoding `struct input_event` records (`EvdevDecoder`), following
/// one contact through single-touch, multitouch protocol A and B and
/// absolute-pointer streams (`ContactTracker`), mapping device units onto
/// cells with the kiosk's calibration (`TouchMapping`), turning a contact
/// into a tap (`TapRecognizer`), the devices themselves (`TouchDevice`,
/// EVIOCGABS / EVIOCGRAB) and the kiosk's `InputSource` (`TouchInput`:
/// one path, or `auto` with inotify on `/dev/input`).
///
/// Never: blocks (every descriptor is non-blocking), fails the kiosk because
/// a device went away, or logs what a visitor touched (only devices, paths,
/// errors). The decoding and mapping are pure and tested on recorded streams.
internal import CEvdev

/// Event types and codes of linux/input-event-codes.h, taken from the
/// kernel header so they cannot drift.
public enum EvdevCode {
    public static let evSyn = UInt16(EV_SYN)
    public static let evKey = UInt16(EV_KEY)
    public static let evAbs = UInt16(EV_ABS)

    public static let synReport = UInt16(SYN_REPORT)
    public static let synMTReport = UInt16(SYN_MT_REPORT)
    public static let synDropped = UInt16(SYN_DROPPED)

    public static let btnLeft = UInt16(BTN_LEFT)
    public static let btnTouch = UInt16(BTN_TOUCH)

    public static let absX = UInt16(ABS_X)
    public static let absY = UInt16(ABS_Y)
    public static let absMTSlot = UInt16(ABS_MT_SLOT)
    public static let absMTPositionX = UInt16(ABS_MT_POSITION_X)
    public static let absMTPositionY = UInt16(ABS_MT_POSITION_Y)
    public static let absMTTrackingID = UInt16(ABS_MT_TRACKING_ID)

    public static let keyMax = Int(KEY_MAX)
    public static let absMax = Int(ABS_MAX)
    public static let propPointer = Int(INPUT_PROP_POINTER)
}
