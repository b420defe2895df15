import BorneStore
import BorneUI
import Foundation

/// Hands the state machine's reactions to the store, in order, after the
/// frame they produced is on screen: sessions and taps become rows without
/// ever delaying a frame (the recorder writes on its own thread).
struct TouchLog {
    let recorder: TouchRecorder
    var flags: TouchFlags = []
    /// Set while `KioskClock` counts from the content's date: taps then get `clockAdjusted`.
    var clock: ClockFloorState = .process

    func forward(_ reactions: [Reaction], contentVersion: String, monoNs: UInt64) {
        for r in reactions {
            switch r {
            case .sessionStarted(let d):
                recorder.sessionStarted(at: d, monoNs: monoNs)
            case .touch(let t):
                let f = touchFlags(activated: t.activated)
                recorder.record(TouchRecord(wall: t.time, monoNs: monoNs, screen: t.screen,
                                            section: t.section?.rawValue, target: t.target, x: t.x, y: t.y,
                                            language: t.language.rawValue, contentVersion: contentVersion, flags: f))
            case .sessionEnded(let d):
                recorder.sessionEnded(at: d, monoNs: monoNs)
            case .redraw, .quit, .contentReplaced:
                break
            }
        }
    }

    /// The flags of a tap: the log's own (`scripted`), `noAction` when it did
    /// nothing, `clockAdjusted` while the clock counts from the content's date.
    func touchFlags(activated: Bool) -> TouchFlags {
        var f = flags
        if !activated { f.insert(.noAction) }
        if clock.isAdjusted { f.insert(.clockAdjusted) }
        return f
    }
}
