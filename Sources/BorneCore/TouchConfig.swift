/// The `touch` object of a kiosk config: which evdev device the kiosk reads
/// itself, and how its axes map onto the screen (docs/TOUCH.md).
///
/// The mapping, for each screen axis: pick the raw axis (`swapXY` takes the
/// screen's x from the device's y), measure from the end of the range that
/// lies on the screen's left (top) side — the other end when inverted —
/// then remove the margins: device units of the range outside the picture.
public struct TouchConfig: Equatable, Sendable {
    /// Device units outside the picture on each side of the screen (may be
    /// negative when the picture reaches past the device's range).
    public struct Margins: Equatable, Sendable {
        public var left: Int, top: Int, right: Int, bottom: Int
        public init(left: Int = 0, top: Int = 0, right: Int = 0, bottom: Int = 0) {
            self.left = left; self.top = top; self.right = right; self.bottom = bottom
        }
        public static let zero = Margins()
    }

    /// `"auto"`, an absolute path (`/dev/input/event3`, a FIFO in tests), or
    /// nil: only `--touch-device` names one.
    public var device: String?
    /// The device's raw x and y ranges, used when it does not answer
    /// EVIOCGABS (a FIFO); a real device's own ranges win.
    public var xRange: ClosedRange<Int>?
    public var yRange: ClosedRange<Int>?
    public var swapXY: Bool
    public var invertX: Bool
    public var invertY: Bool
    public var margins: Margins

    public init(device: String? = nil, xRange: ClosedRange<Int>? = nil, yRange: ClosedRange<Int>? = nil,
                swapXY: Bool = false, invertX: Bool = false, invertY: Bool = false, margins: Margins = .zero) {
        self.device = device; self.xRange = xRange; self.yRange = yRange
        self.swapXY = swapXY; self.invertX = invertX; self.invertY = invertY; self.margins = margins
    }
}
