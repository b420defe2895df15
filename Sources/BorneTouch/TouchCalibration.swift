import BorneCore
import BorneUI

/// `borne touch-calibrate`'s arithmetic, pure: four touches on targets in
/// the corners of the screen → `swap_xy`, `invert_x`, `invert_y`, margins
/// (and ranges) such that each touch maps onto its target's cell.
public enum TouchCalibration {
    public enum Corner: Int, CaseIterable, Sendable {
        case topLeft, topRight, bottomRight, bottomLeft

        public var label: String {
            switch self {
            case .topLeft: return "top left"
            case .topRight: return "top right"
            case .bottomRight: return "bottom right"
            case .bottomLeft: return "bottom left"
            }
        }
    }

    /// Why four touches do not make a calibration.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case screenTooSmall(Size)
        /// Two corners that should differ gave the same raw value.
        case cornersNotApart(String)
        /// The touches do not form a rectangle: a target was missed.
        case notARectangle(String)

        public var description: String {
            switch self {
            case .screenTooSmall(let s):
                return "the screen (\(s.width)x\(s.height)) is too small for corner targets; make the terminal at least 20x8"
            case .cornersNotApart(let which):
                return "the \(which) touches gave the same position: touch each target, not the same place; run touch-calibrate again"
            case .notARectangle(let which):
                return "the \(which) touches are too far apart to be the same side of the screen (was a target missed?); run touch-calibrate again"
            }
        }
    }

    /// Targets' distance from the screen's edges, in cells.
    public static let insetX = 4, insetY = 2

    /// The cell of each corner's target.
    public static func target(_ corner: Corner, screen: Size) -> (x: Int, y: Int) {
        let left = insetX, right = screen.width - 1 - insetX
        let top = insetY, bottom = screen.height - 1 - insetY
        switch corner {
        case .topLeft: return (left, top)
        case .topRight: return (right, top)
        case .bottomRight: return (right, bottom)
        case .bottomLeft: return (left, bottom)
        }
    }

    /// The calibration from one raw touch per corner (`Corner` order).
    /// - Parameter ranges: the device's own ranges (EVIOCGABS) or the
    ///   config's; nil when neither is known (a FIFO): the ranges are then
    ///   the raw values at the screen's edges and the margins zero.
    /// - Returns: a `TouchConfig` with `device` nil; ranges are set.
    public static func compute(touches: [RawPoint], screen: Size, ranges: AxisRanges?) throws -> TouchConfig {
        precondition(touches.count == 4, "one touch per corner")
        guard screen.width >= 20, screen.height >= 8 else { throw Failure.screenTooSmall(screen) }
        let tl = touches[0], tr = touches[1], br = touches[2], bl = touches[3]
        func d(_ a: Int32, _ b: Int32) -> Double { Double(a) - Double(b) }
        // Moving right on the screen: how much raw x and raw y change.
        let rightX = (d(tr.x, tl.x) + d(br.x, bl.x)) / 2, rightY = (d(tr.y, tl.y) + d(br.y, bl.y)) / 2
        let downX = (d(bl.x, tl.x) + d(br.x, tr.x)) / 2, downY = (d(bl.y, tl.y) + d(br.y, tr.y)) / 2
        let swap = Swift.abs(rightY) + Swift.abs(downX) > Swift.abs(rightX) + Swift.abs(downY)
        func h(_ p: RawPoint) -> Double { Double(swap ? p.y : p.x) }
        func v(_ p: RawPoint) -> Double { Double(swap ? p.x : p.y) }

        let left = target(.topLeft, screen: screen), right = target(.bottomRight, screen: screen)
        let across = try axis(near: (h(tl), h(bl)), far: (h(tr), h(br)), nearCell: left.x, farCell: right.x,
                              cells: screen.width, names: ("left", "right"))
        let down = try axis(near: (v(tl), v(tr)), far: (v(bl), v(br)), nearCell: left.y, farCell: right.y,
                            cells: screen.height, names: ("top", "bottom"))

        let hRange = ranges.map { swap ? $0.y : $0.x }, vRange = ranges.map { swap ? $0.x : $0.y }
        let (hr, marginLeft, marginRight) = across.fit(hRange)
        let (vr, marginTop, marginBottom) = down.fit(vRange)
        return TouchConfig(device: nil, xRange: swap ? vr : hr, yRange: swap ? hr : vr, swapXY: swap,
                           invertX: across.inverted, invertY: down.inverted,
                           margins: .init(left: marginLeft, top: marginTop, right: marginRight, bottom: marginBottom))
    }

    /// One screen axis: the raw values at its two edges.
    struct Axis {
        var atNear: Double, atFar: Double
        var inverted: Bool { atFar < atNear }

        /// The range and the margins at the near and far edges.
        func fit(_ range: ClosedRange<Int>?) -> (ClosedRange<Int>, Int, Int) {
            let lo = Int(min(atNear, atFar).rounded()), hi = Int(max(atNear, atFar).rounded())
            guard let r = range else { return (lo...max(hi, lo + 1), 0, 0) }
            // Device units between each end of the range and the picture's edge.
            let belowLow = lo - r.lowerBound, aboveHigh = r.upperBound - hi
            return inverted ? (r, aboveHigh, belowLow) : (r, belowLow, aboveHigh)
        }
    }

    /// Extrapolates from the targets' centres (cell + 0.5) to the edges.
    static func axis(near: (Double, Double), far: (Double, Double), nearCell: Int, farCell: Int, cells: Int,
                     names: (String, String)) throws -> Axis {
        let n = (near.0 + near.1) / 2, f = (far.0 + far.1) / 2
        let perCell = (f - n) / Double(farCell - nearCell)
        guard Swift.abs(perCell) >= 0.01 else { throw Failure.cornersNotApart("\(names.0) and \(names.1)") }
        // The two touches of one side must agree better than a third of the way across.
        if Swift.abs(near.0 - near.1) > Swift.abs(f - n) / 3 { throw Failure.notARectangle(names.0) }
        if Swift.abs(far.0 - far.1) > Swift.abs(f - n) / 3 { throw Failure.notARectangle(names.1) }
        return Axis(atNear: n - (Double(nearCell) + 0.5) * perCell,
                    atFar: f + (Double(cells - farCell) - 0.5) * perCell)
    }
}
