import Foundation

/// The kiosk's idea of now. An offline kiosk with a dead RTC boots in 1970
/// or 2000: its hours, agenda and statistics would be nonsense. The installed
/// content's creation time is a floor: when the wall clock is before it, the
/// kiosk counts from that floor with the monotonic clock instead, until the
/// wall clock catches up (NTP, or the contractor setting it).
struct KioskClock {
    let floor: Date?
    private var anchor: (wall: Date, mono: UInt64)?
    private var reported = false

    init(floor: Date?) { self.floor = floor }

    mutating func now() -> Date {
        let wall = Date()
        guard let floor, wall < floor else {
            anchor = nil
            return wall
        }
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
