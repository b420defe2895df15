import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `TouchInput` end to end on a real FIFO standing in for /dev/input/eventN:
/// records written into it come out as taps; the FIFO appearing later, its
/// writer leaving and the node vanishing are handled as a device would be.
final class TouchInputFIFOTests: XCTestCase {
    var dir: URL!
    var notices: [TouchNotice] = []
    let screen = Size(width: 80, height: 24)
    let config = TouchConfig(xRange: 0...4095, yRange: 0...4095)

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-touch-\(getpid())-\(Int.random(in: 0..<1_000_000))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        notices = []
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func fifo(_ name: String = "event7") throws -> String {
        let path = dir.appendingPathComponent(name).path
        XCTAssertEqual(mkfifo(path, 0o600), 0, "mkfifo: \(String(cString: strerror(errno)))")
        return path
    }

    func input(_ mode: TouchInput.Mode, config: TouchConfig?) -> TouchInput {
        TouchInput(mode: mode, config: config, report: { [unowned self] in self.notices.append($0) })
    }

    /// Opens the FIFO for writing (the reader is there already) and writes `bytes`.
    func writer(_ path: String, _ bytes: [UInt8]) -> Int32 {
        let fd = open(path, O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(fd, 0, "open for writing: \(String(cString: strerror(errno)))")
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        XCTAssertEqual(n, bytes.count)
        return fd
    }

    /// Waits (poll, 10 s at most) and reads until `count` events came or
    /// `until` holds; a wait with nothing readable fails.
    @discardableResult
    func read(_ source: TouchInput, count: Int = 0, until: () -> Bool = { false },
              file: StaticString = #filePath, line: UInt = #line) -> [InputEvent] {
        var events: [InputEvent] = []
        for _ in 0..<50 {
            var fds = source.pollDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 10_000) > 0 else {
                XCTFail("nothing to read; events so far \(events), notices \(notices)", file: file, line: line)
                return events
            }
            events += source.readEvents(screen: screen)
            if (count > 0 && events.count >= count) || until() { break }
        }
        return events
    }

    func testFIFOWithRangesFromTheConfigGivesTaps() throws {
        let path = try fifo()
        let touch = input(.path(path), config: config)
        XCTAssertEqual(touch.devices.count, 1)
        XCTAssertTrue(notices.contains { $0.level == .info && $0.message.contains("reading \(path) (FIFO), x 0…4095, y 0…4095") }, "\(notices)")
        let w = writer(path, try Fixture.bytes("mt-protocol-b"))
        XCTAssertEqual(tapCells(read(touch, count: 6)), [[19, 5], [39, 20], [33, 11]])
        close(w)
    }

    func testAWriterLeavingReopensTheFIFO() throws {
        let path = try fifo()
        let touch = input(.path(path), config: config)
        var w = writer(path, try Fixture.bytes("single-touch"))
        XCTAssertEqual(tapCells(read(touch, count: 6)), [[19, 5], [79, 23], [39, 11]])
        close(w)
        // End of file: the FIFO is opened again, not dropped.
        read(touch, until: { true })
        XCTAssertEqual(touch.devices.count, 1)
        XCTAssertFalse(notices.contains { $0.message.contains("went away") }, "\(notices)")
        w = writer(path, try Fixture.bytes("mt-protocol-a"))
        XCTAssertEqual(tapCells(read(touch, count: 4)), [[19, 5], [39, 20]])
        close(w)
    }

    func testADeviceThatAppearsLaterIsPickedUp() throws {
        let path = dir.appendingPathComponent("event3").path
        let touch = input(.path(path), config: config)
        XCTAssertTrue(touch.devices.isEmpty)
        XCTAssertTrue(notices.contains { $0.level == .warning && $0.message.contains("touch device \(path): cannot open: No such file or directory (errno \(ENOENT)) (no such device") }, "\(notices)")
        XCTAssertEqual(touch.pollDescriptors.count, 1, "the inotify watch on its directory")
        _ = try fifo("event3")
        read(touch, until: { !touch.devices.isEmpty })
        XCTAssertEqual(touch.devices.count, 1)
        let w = writer(path, try Fixture.bytes("mt-protocol-a"))
        XCTAssertEqual(tapCells(read(touch, count: 4)), [[19, 5], [39, 20]])
        close(w)
    }

    func testADirectoryThatAppearsLaterIsWatchedToo() throws {
        // /dev/input does not exist on a machine without any input device yet.
        let sub = dir.appendingPathComponent("input")
        let path = sub.appendingPathComponent("event3").path
        let touch = input(.path(path), config: config)
        XCTAssertEqual(touch.pollDescriptors.count, 1)
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        XCTAssertEqual(read(touch, until: { true }), [])
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        read(touch, until: { !touch.devices.isEmpty })
        XCTAssertEqual(touch.devices.count, 1)
        XCTAssertEqual(notices.filter { $0.level == .warning }.count, 1, "the missing device told once: \(notices)")
        let w = writer(path, try Fixture.bytes("mt-protocol-a"))
        XCTAssertEqual(tapCells(read(touch, count: 4)), [[19, 5], [39, 20]])
        close(w)
    }

    func testADeviceThatDisappearsIsNotAnError() throws {
        let path = try fifo()
        let touch = input(.path(path), config: config)
        XCTAssertEqual(touch.devices.count, 1)
        XCTAssertEqual(unlink(path), 0)
        let events = read(touch, until: { touch.devices.isEmpty })
        XCTAssertEqual(events, [])
        XCTAssertTrue(touch.devices.isEmpty)
        XCTAssertTrue(notices.contains { $0.level == .warning && $0.message.contains("\(path) went away (removed)") }, "\(notices)")
        // And it comes back.
        _ = try fifo()
        read(touch, until: { !touch.devices.isEmpty })
        XCTAssertEqual(touch.devices.count, 1)
    }

    func testAFIFOWithoutRangesIsRefusedWithWhatToDo() throws {
        let path = try fifo()
        let touch = input(.path(path), config: nil)
        XCTAssertTrue(touch.devices.isEmpty)
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].message.contains("give \"x_range\" and \"y_range\" in the kiosk config's \"touch\" object"), "\(notices)")
    }

    func testOnlyEvdevNodesAndFIFOsAreRead() throws {
        // A regular file would read to its end again and again; /dev/null is a
        // character device but not evdev: both refused once, with what to give instead.
        let file = dir.appendingPathComponent("event9").path
        try Data(EvdevDecoder.encode(frame((EvdevCode.evKey, EvdevCode.btnTouch, 1)))).write(to: URL(fileURLWithPath: file))
        let regular = input(.path(file), config: config)
        XCTAssertTrue(regular.devices.isEmpty)
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].message.hasPrefix("touch device \(file): not a device nor a FIFO: give an evdev node"), "\(notices)")
        notices = []
        let null = input(.path("/dev/null"), config: config)
        XCTAssertTrue(null.devices.isEmpty)
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].message.hasPrefix("touch device /dev/null: not an evdev device with absolute axes"), "\(notices)")
    }

    func testAutoSkipsWhatIsNotATouchscreen() throws {
        // A FIFO answers no EVIOCGBIT: auto must not take it (nor a keyboard).
        _ = try fifo("event0")
        let touch = input(.auto(directory: dir.path), config: config)
        XCTAssertTrue(touch.devices.isEmpty)
        XCTAssertEqual(notices.map(\.message), ["touch: no touchscreen under \(dir.path) yet; waiting for one"])
        // One created later is looked at and skipped too, silently.
        _ = try fifo("event1")
        read(touch, until: { true })
        XCTAssertTrue(touch.devices.isEmpty)
        XCTAssertEqual(notices.count, 1)
    }

    func testMakeTakesTheOptionThenTheConfig() throws {
        XCTAssertNil(try TouchInput.make(option: nil, config: nil))
        XCTAssertNil(try TouchInput.make(option: nil, config: TouchConfig(xRange: 0...1, yRange: 0...1)))
        XCTAssertNil(try TouchInput.make(option: "none", config: TouchConfig(device: "auto")), "none turns the config's device off")
        XCTAssertThrowsError(try TouchInput.make(option: "event3", config: nil)) { error in
            XCTAssertEqual("\(error)", "touch device \"event3\": expected auto, none or an absolute path such as /dev/input/event3")
        }
        let path = try fifo()
        let fromConfig = try TouchInput.make(option: nil, config: TouchConfig(device: path, xRange: 0...9, yRange: 0...9),
                                             report: { _ in })
        XCTAssertEqual(fromConfig?.mode, .path(path))
        let fromOption = try TouchInput.make(option: path, config: TouchConfig(device: "auto", xRange: 0...9, yRange: 0...9),
                                             report: { _ in })
        XCTAssertEqual(fromOption?.mode, .path(path))
        let auto = try TouchInput.make(option: "auto", config: nil, report: { _ in })
        XCTAssertEqual(auto?.mode, .auto(directory: "/dev/input"))
    }
}
