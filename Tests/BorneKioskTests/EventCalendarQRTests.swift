import BorneTestSupport
import Foundation
import XCTest

/// The event's calendar entry at 80×24 (issue 12): the built `borne kiosk`
/// runs a script (Agenda → the 14 July ball → "Sur votre téléphone") on a
/// 80×24 screen; the code it draws is read back with zbarimg and must be a
/// VEVENT a phone camera adds to the calendar: the event's name and start.
/// Before, a 80×24 screen offered the website only (the full entry's code
/// is taller than the screen).
extension HikeQREndToEndTests {
    func testEventCalendarEntryAt80x24IsReadByZbarimg() throws {
        guard Tmux.sh("command -v zbarimg >/dev/null") == 0 else { throw MissingPrerequisite("zbarimg is not installed: make test-deps (zbar-tools)") }
        let script = work.appendingPathComponent("script.txt")
        try "tap tile:agenda\ntap item:fete-nationale-vic-2027\ndump --targets\ntap nav:qr\ndump\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try BuiltBorne.run(["kiosk", "--config", BuiltBorne.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path,
                                    "--content", BuiltBorne.repoRoot.appendingPathComponent("content").path,
                                    "--data-dir", work.appendingPathComponent("data").path,
                                    "--size", "80x24", "--script", script.path, "--clock", "2027-07-10T12:00:00"])
        let text = r.out
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(text.contains("nav:qr "), "the event page offers a code at 80×24:\n\(text)")
        let screens = text.components(separatedBy: "========")
        guard let qrScreen = screens.last(where: { $0.contains("█▀▀▀▀▀█") }) else { return XCTFail("no code drawn:\n\(text)") }
        let lines = qrScreen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.contains { $0.contains("Scannez : dans l'agenda") }, qrScreen)
        XCTAssertTrue(lines.contains { $0.contains("Fête nationale : bal…") }, "the line under the code names the event:\n\(qrScreen)")
        XCTAssertFalse(qrScreen.contains("BEGIN:VEVENT"), "the VEVENT text is for the phone, not printed:\n\(qrScreen)")
        let decoded = try decodeQR(lines)
        XCTAssertEqual(decoded, "BEGIN:VEVENT\nSUMMARY:Fête nationale : bal…\nDTSTART:20270714T210000\nEND:VEVENT",
                       "the code on screen:\n\(qrScreen)")
    }
}
