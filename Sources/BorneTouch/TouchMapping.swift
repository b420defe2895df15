import BorneCore
import BorneUI

/// The raw ranges of a device's x and y axes (EVIOCGABS minimum and maximum).
public struct AxisRanges: Equatable, Sendable {
    public var x: ClosedRange<Int>, y: ClosedRange<Int>
    public init(x: ClosedRange<Int>, y: ClosedRange<Int>) { self.x = x; self.y = y }
}

/// Device units → screen cells, with the kiosk's calibration
/// (`TouchConfig`: swap_xy, invert_x, invert_y, margins; see its doc).
public struct TouchMapping: Equatable, Sendable {
    public var ranges: AxisRanges
    public var swapXY: Bool
    public var invertX: Bool
    public var invertY: Bool
    public var margins: TouchConfig.Margins

    public init(ranges: AxisRanges, swapXY: Bool = false, invertX: Bool = false, invertY: Bool = false,
                margins: TouchConfig.Margins = .zero) {
        self.ranges = ranges; self.swapXY = swapXY; self.invertX = invertX; self.invertY = invertY
        self.margins = margins
    }

    /// The device's ranges with the calibration of `config` (nil: none).
    public init(ranges: AxisRanges, config: TouchConfig?) {
        self.init(ranges: ranges, swapXY: config?.swapXY ?? false, invertX: config?.invertX ?? false,
                  invertY: config?.invertY ?? false, margins: config?.margins ?? .zero)
    }

    /// Where `p` falls in cells, as fractions: (0, 0) is the top-left corner
    /// of the screen, (width, height) its bottom-right one. Not clamped.
    public func position(_ p: RawPoint, screen: Size) -> (x: Double, y: Double) {
        let h = swapXY ? p.y : p.x, v = swapXY ? p.x : p.y
        let hr = swapXY ? ranges.y : ranges.x, vr = swapXY ? ranges.x : ranges.y
        let fx = Self.fraction(Int(h), hr, invert: invertX, before: margins.left, after: margins.right)
        let fy = Self.fraction(Int(v), vr, invert: invertY, before: margins.top, after: margins.bottom)
        return (fx * Double(screen.width), fy * Double(screen.height))
    }

    /// The cell under `p`; a touch outside the picture counts on its nearest edge cell.
    public func cell(_ p: RawPoint, screen: Size) -> (x: Int, y: Int) {
        let f = position(p, screen: screen)
        return (Self.clampedCell(f.x, screen.width), Self.clampedCell(f.y, screen.height))
    }

    /// 0 at the screen's near edge, 1 at its far edge: measured from the end
    /// of the range on the near side (the far end when inverted), less the margins.
    static func fraction(_ value: Int, _ range: ClosedRange<Int>, invert: Bool, before: Int, after: Int) -> Double {
        let d = invert ? range.upperBound - value : value - range.lowerBound
        let span = range.upperBound - range.lowerBound - before - after
        guard span > 0 else { return 0 }
        return Double(d - before) / Double(span)
    }

    static func clampedCell(_ f: Double, _ count: Int) -> Int {
        guard f.isFinite else { return 0 }
        return min(max(0, Int(f.rounded(.down))), max(0, count - 1))
    }
}
