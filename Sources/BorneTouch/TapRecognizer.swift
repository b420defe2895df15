import BorneUI

/// Contacts → taps. A contact that stays within one cell of where it landed
/// (in both directions, measured in device units scaled to cells) becomes a
/// tap: `.press` and `.release` at the cell where it landed, sent when the
/// finger lifts. A contact that moved further — a swipe, a finger sliding
/// off — gives nothing at all: no press that would light a target, no
/// release elsewhere that the app would have to cancel. Lost contacts
/// (`SYN_DROPPED`) give nothing either.
public struct TapRecognizer: Sendable {
    public var mapping: TouchMapping
    private var landed: (x: Double, y: Double)?
    private var landedCell: (x: Int, y: Int) = (0, 0)
    private var moved = false

    public init(mapping: TouchMapping) { self.mapping = mapping }

    public mutating func handle(_ change: ContactChange, screen: Size) -> [InputEvent] {
        switch change {
        case .down(let p):
            landed = mapping.position(p, screen: screen)
            landedCell = mapping.cell(p, screen: screen)
            moved = false
        case .move(let p):
            guard let start = landed else { return [] }
            let now = mapping.position(p, screen: screen)
            if Swift.abs(now.x - start.x) > 1 || Swift.abs(now.y - start.y) > 1 { moved = true }
        case .up:
            defer { landed = nil }
            guard landed != nil, !moved else { return [] }
            return [.press(x: landedCell.x, y: landedCell.y), .release(x: landedCell.x, y: landedCell.y)]
        case .cancelled:
            landed = nil
        }
        return []
    }
}
