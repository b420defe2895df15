/// A position in the device's own units, before any calibration.
public struct RawPoint: Equatable, Sendable {
    public var x: Int32, y: Int32
    public init(x: Int32, y: Int32) { self.x = x; self.y = y }
}

/// What happened to the one contact a `ContactTracker` follows, decided at
/// each `SYN_REPORT` (the end of a device's frame).
public enum ContactChange: Equatable, Sendable {
    case down(RawPoint)
    case move(RawPoint)
    case up
    /// The kernel dropped events (`SYN_DROPPED`): the contact is lost, not lifted.
    case cancelled
}

/// Follows the first finger (or pen, or pointer button) of an evdev stream.
///
/// - Single touch and absolute pointers: `ABS_X`/`ABS_Y` with `BTN_TOUCH`
///   or `BTN_LEFT` (a tablet, a VM's absolute mouse).
/// - Multitouch protocol B (`ABS_MT_SLOT`, `ABS_MT_TRACKING_ID`): the
///   contact that starts while no other is down is followed; fingers added
///   meanwhile are ignored, and so is any finger still down when it lifts,
///   until every finger is up. The legacy `ABS_X`/`BTN_TOUCH` such devices
///   also send are then ignored.
/// - Multitouch protocol A (`SYN_MT_REPORT` after each contact): contacts
///   have no identity, so the one followed is the nearest to where it was;
///   the contact ends when a frame reports no finger.
///
/// Devices only send values that changed, so every last value is kept:
/// a new contact in a slot may come without a position if it lands where
/// the slot's last one was.
public struct ContactTracker: Sendable {
    private struct Slot: Sendable { var id: Int32 = -1; var x: Int32 = 0; var y: Int32 = 0 }

    // Single touch / pointer.
    private var absX: Int32 = 0, absY: Int32 = 0
    private var touchButton = false, leftButton = false
    // Protocol B.
    private var slots: [Int: Slot] = [:]
    /// The current slot; -1 after an out-of-range ABS_MT_SLOT (its events are ignored).
    private var slot = 0
    static let maxSlots = 256
    private var followedSlot: Int?
    /// A followed finger lifted while others stayed down: no new contact until all are up.
    private var waitForAllUp = false
    private var isProtocolB = false
    // Protocol A.
    private var isProtocolA = false
    private var frameContacts: [RawPoint] = []
    private var pendingX: Int32?, pendingY: Int32?
    // Both.
    private var dropping = false
    private var contact: RawPoint?

    public init() {}

    /// True while a contact is followed.
    public var isDown: Bool { contact != nil }

    public mutating func feed(_ e: EvdevEvent) -> [ContactChange] {
        if dropping {
            // After SYN_DROPPED everything up to the next SYN_REPORT is to be ignored.
            guard e.type == EvdevCode.evSyn, e.code == EvdevCode.synReport else { return [] }
            return resync()
        }
        switch e.type {
        case EvdevCode.evSyn:
            switch e.code {
            case EvdevCode.synReport: return endFrame()
            case EvdevCode.synMTReport:
                isProtocolA = true
                if let x = pendingX, let y = pendingY { frameContacts.append(RawPoint(x: x, y: y)) }
                pendingX = nil; pendingY = nil
            case EvdevCode.synDropped: dropping = true
            default: break
            }
        case EvdevCode.evKey:
            if e.code == EvdevCode.btnTouch { touchButton = e.value != 0 }
            if e.code == EvdevCode.btnLeft { leftButton = e.value != 0 }
        case EvdevCode.evAbs:
            abs(e.code, e.value)
        default: break
        }
        return []
    }

    private mutating func abs(_ code: UInt16, _ value: Int32) {
        switch code {
        case EvdevCode.absX: absX = value
        case EvdevCode.absY: absY = value
        case EvdevCode.absMTSlot:
            isProtocolB = true
            // Screens have a few dozen slots at most; anything else is noise, not memory to spend.
            slot = (0..<Self.maxSlots).contains(Int(value)) ? Int(value) : -1
        case EvdevCode.absMTTrackingID:
            if !isProtocolA { isProtocolB = true }
            if slot >= 0 { slots[slot, default: Slot()].id = value }
        case EvdevCode.absMTPositionX:
            pendingX = value
            if slot >= 0 { slots[slot, default: Slot()].x = value }
        case EvdevCode.absMTPositionY:
            pendingY = value
            if slot >= 0 { slots[slot, default: Slot()].y = value }
        default: break
        }
    }

    private mutating func endFrame() -> [ContactChange] {
        defer { frameContacts.removeAll(); pendingX = nil; pendingY = nil }
        if isProtocolA { return endFrameA() }
        if isProtocolB { return endFrameB() }
        return update(touchButton || leftButton ? RawPoint(x: absX, y: absY) : nil)
    }

    private mutating func endFrameA() -> [ContactChange] {
        var contacts = frameContacts
        // A last contact without its SYN_MT_REPORT still counts.
        if let x = pendingX, let y = pendingY { contacts.append(RawPoint(x: x, y: y)) }
        guard let first = contacts.first else { return update(nil) }
        guard let current = contact else { return update(first) }
        let nearest = contacts.min { distance($0, current) < distance($1, current) } ?? first
        return update(nearest)
    }

    private mutating func endFrameB() -> [ContactChange] {
        let active = slots.filter { $0.value.id >= 0 }.keys.sorted()
        if let s = followedSlot {
            if let p = slots[s], p.id >= 0 { return update(RawPoint(x: p.x, y: p.y)) }
            followedSlot = nil
            waitForAllUp = !active.isEmpty
            return update(nil)
        }
        if waitForAllUp {
            if active.isEmpty { waitForAllUp = false }
            return []
        }
        guard let s = active.first, let p = slots[s] else { return [] }
        followedSlot = s
        return update(RawPoint(x: p.x, y: p.y))
    }

    /// Turns the followed position of this frame (nil: no contact) into a change.
    private mutating func update(_ now: RawPoint?) -> [ContactChange] {
        defer { contact = now }
        switch (contact, now) {
        case (nil, nil): return []
        case (nil, let p?): return [.down(p)]
        case (_?, nil): return [.up]
        case (let was?, let p?): return was == p ? [] : [.move(p)]
        }
    }

    /// SYN_DROPPED then SYN_REPORT: what is down now is unknown, so the
    /// contact is cancelled and fingers count as up; a finger still down
    /// makes no tap, the next one does.
    private mutating func resync() -> [ContactChange] {
        dropping = false
        frameContacts.removeAll(); pendingX = nil; pendingY = nil
        for k in slots.keys { slots[k]?.id = -1 }
        followedSlot = nil
        waitForAllUp = false
        touchButton = false; leftButton = false
        guard contact != nil else { return [] }
        contact = nil
        return [.cancelled]
    }

    private func distance(_ a: RawPoint, _ b: RawPoint) -> Int64 {
        let dx = Int64(a.x) - Int64(b.x), dy = Int64(a.y) - Int64(b.y)
        return dx * dx + dy * dy
    }
}
