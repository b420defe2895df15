import BorneTouch
import XCTest

/// The contact state machine on streams built here, (type, code, value) at a time.
final class ContactTrackerTests: XCTestCase {
    let syn = EvdevCode.evSyn, key = EvdevCode.evKey, abs = EvdevCode.evAbs

    func changes(_ events: [EvdevEvent]) -> [ContactChange] {
        var t = ContactTracker()
        return events.flatMap { t.feed($0) }
    }

    func p(_ x: Int32, _ y: Int32) -> RawPoint { RawPoint(x: x, y: y) }

    func testTwoFingersLandingInOneFrameFollowTheLowerSlot() {
        let events = frame((abs, EvdevCode.absMTTrackingID, 5), (abs, EvdevCode.absMTPositionX, 100), (abs, EvdevCode.absMTPositionY, 100),
                           (abs, EvdevCode.absMTSlot, 1), (abs, EvdevCode.absMTTrackingID, 6), (abs, EvdevCode.absMTPositionX, 900),
                           (abs, EvdevCode.absMTPositionY, 900))
            + frame((abs, EvdevCode.absMTPositionX, 950))                      // slot 1 moves: not followed
            + frame((abs, EvdevCode.absMTTrackingID, -1))                      // slot 1 lifts
            + frame((abs, EvdevCode.absMTSlot, 0), (abs, EvdevCode.absMTTrackingID, -1))
        XCTAssertEqual(changes(events), [.down(p(100, 100)), .up])
    }

    func testASecondFingerLiftingFirstDoesNotEndTheFirst() {
        let events = frame((abs, EvdevCode.absMTTrackingID, 5), (abs, EvdevCode.absMTPositionX, 100), (abs, EvdevCode.absMTPositionY, 100))
            + frame((abs, EvdevCode.absMTSlot, 1), (abs, EvdevCode.absMTTrackingID, 6), (abs, EvdevCode.absMTPositionX, 900))
            + frame((abs, EvdevCode.absMTTrackingID, -1))
            + frame((abs, EvdevCode.absMTSlot, 0), (abs, EvdevCode.absMTPositionX, 110))
            + frame((abs, EvdevCode.absMTTrackingID, -1))
        XCTAssertEqual(changes(events), [.down(p(100, 100)), .move(p(110, 100)), .up])
    }

    func testSynDroppedCancelsAndIgnoresUpToTheNextReport() {
        let events = frame((key, EvdevCode.btnTouch, 1), (abs, EvdevCode.absX, 10), (abs, EvdevCode.absY, 20))
            + [EvdevEvent(syn, EvdevCode.synDropped, 0), EvdevEvent(abs, EvdevCode.absX, 999)]
            + frame()
            + frame((key, EvdevCode.btnTouch, 0))
            + frame((key, EvdevCode.btnTouch, 1))
            + frame((key, EvdevCode.btnTouch, 0))
        // The position of the dropped stretch (999) was ignored: the next touch is at 10.
        XCTAssertEqual(changes(events), [.down(p(10, 20)), .cancelled, .down(p(10, 20)), .up])
    }

    func testProtocolBAfterSynDroppedWaitsForANewContact() {
        let events = frame((abs, EvdevCode.absMTTrackingID, 5), (abs, EvdevCode.absMTPositionX, 100), (abs, EvdevCode.absMTPositionY, 100))
            + [EvdevEvent(syn, EvdevCode.synDropped, 0)] + frame()
            + frame((abs, EvdevCode.absMTPositionX, 120))                       // the old finger, unknown now
            + frame((abs, EvdevCode.absMTTrackingID, -1))
            + frame((abs, EvdevCode.absMTTrackingID, 7))
            + frame((abs, EvdevCode.absMTTrackingID, -1))
        XCTAssertEqual(changes(events), [.down(p(100, 100)), .cancelled, .down(p(120, 100)), .up])
    }

    func testOutOfRangeSlotsAreIgnored() {
        let events = frame((abs, EvdevCode.absMTSlot, 100_000), (abs, EvdevCode.absMTTrackingID, 5),
                           (abs, EvdevCode.absMTPositionX, 1), (abs, EvdevCode.absMTPositionY, 1))
            + frame((abs, EvdevCode.absMTTrackingID, -1))
        XCTAssertEqual(changes(events), [])
    }

    func testHoveringPenMovesNothing() {
        let events = frame((abs, EvdevCode.absX, 5), (abs, EvdevCode.absY, 5)) + frame((abs, EvdevCode.absX, 50))
        XCTAssertEqual(changes(events), [])
    }
}
