import BorneTestSupport
import Foundation
import XCTest

/// The built kiosk under tmux with `$NOTIFY_SOCKET` set, as systemd runs it
/// (`Type=notify`, `WatchdogSec=`): READY=1 once the first frame is drawn,
/// WATCHDOG=1 at half the interval, STOPPING=1 and exit 0 on SIGTERM.
final class KioskNotifyTests: XCTestCase {
    var term: Tmux!

    override func setUpWithError() throws { term = try Tmux("notify") }
    override func tearDown() { term?.close() }

    func testTheKioskSpeaksSystemdsNotifyProtocol() throws {
        let notify = try NotifySocket(path: term.work.appendingPathComponent("notify").path)
        let root = BuiltBorne.repoRoot.path
        try term.startKeepingStatus(try term.kioskCommand(
            config: "\(root)/kiosk-config/vic-sur-cere.json", content: "\(root)/content",
            env: "NOTIFY_SOCKET=\(notify.path) WATCHDOG_USEC=1000000"))

        let ready = notify.next(timeout: 20)
        XCTAssertEqual(ready?.hasPrefix("READY=1\nSTATUS=showing content "), true, ready ?? "no READY")
        XCTAssertTrue(term.capture().contains("Où dormir ?"), "READY only once the first frame is drawn")
        let started = Date()
        XCTAssertEqual(notify.next(timeout: 3), "WATCHDOG=1")
        XCTAssertEqual(notify.next(timeout: 3), "WATCHDOG=1")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "pings every half of WATCHDOG_USEC (1 s)")

        let pid = try XCTUnwrap(Tmux.bornePID("kiosk", argument: term.dataDir), "the kiosk's process")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        var message: String?
        repeat { message = notify.next(timeout: 5) } while message == "WATCHDOG=1"
        XCTAssertEqual(message, "STOPPING=1")
        XCTAssertEqual(try term.waitForExit(timeout: 10), "0", "SIGTERM exits 0")
        let log = term.read("stderr.log")
        XCTAssertTrue(log.contains("<6>borne kiosk: stopped (SIGTERM)"), log)
    }
}
