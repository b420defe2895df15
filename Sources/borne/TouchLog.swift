import BorneStore
import BorneUI
import Foundation

/// Hands the state machine's reactions to the store, in order, after the
/// frame they produced is on screen: sessions and taps become rows without
/// ever delaying a frame (the recorder writes on its own thread).
struct TouchLog {
    let recorder: TouchRecorder
    var flags: TouchFlags = []

    func forward(_ reactions: [Reaction], contentVersion: String, monoNs: UInt64) {
        for r in reactions {
            switch r {
            case .sessionStarted(let d):
                recorder.sessionStarted(at: d, monoNs: monoNs)
            case .touch(let t):
                var f = flags
                if !t.activated { f.insert(.noAction) }
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
}
