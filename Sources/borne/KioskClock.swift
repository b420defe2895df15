import Foundation

/// The kiosk's idea of now. An offline kiosk with a dead RTC boots in 1970
/// or 2000: its hours, agenda and statistics would be nonsense. The installed
/// content's creation time is a floor: when the wall clock is before it, the
/// kiosk counts from that floor with the monotonic clock instead, until the
/// wall clock catches up (NTP, or the contractor setting it).
///
/// While the floor is in use, `state.isAdjusted` is true and `TouchLog`
/// flags every tap `clockAdjusted`: the tap is real, its date a guess, and
/// the office reports such rows apart.
struct KioskClock {
    let floor: Date?
    /// Shared with the `TouchLog` of the same process (both default to `.process`).
    let state: ClockFloorState
    private var anchor: (wall: Date, mono: UInt64)?
    private var reported = false

    init(floor: Date?, state: ClockFloorState = .process) {
        self.floor = floor
        self.state = state
    }

    mutating func now() -> Date {
        let wall = Date()
        guard let floor, wall < floor else {
            anchor = nil
            state.isAdjusted = false
            return wall
        }
        state.isAdjusted = true
        let mono = DispatchTime.now().uptimeNanoseconds
        if anchor == nil {
            anchor = (floor, mono)
            if !reported {
                reported = true
                FileHandle.standardError.write(Data(
                    "borne kiosk: the clock says \(wall), before the content was made (\(floor)): counting from the content's date\n".utf8))
            }
        }
        return anchor!.wall.addingTimeInterval(Double(mono - anchor!.mono) / 1e9)
    }
}

/// Whether the kiosk's clock is counting from the content's date (the
/// floor) rather than the wall clock. One per process (`.process`), so the
/// loop needs no wiring between `KioskClock` and `TouchLog`; tests make their own.
final class ClockFloorState: @unchecked Sendable {
    static let process = ClockFloorState()

    private let lock = NSLock()
    private var adjusted = false

    var isAdjusted: Bool {
        get { lock.lock(); defer { lock.unlock() }; return adjusted }
        set { lock.lock(); adjusted = newValue; lock.unlock() }
    }
}
