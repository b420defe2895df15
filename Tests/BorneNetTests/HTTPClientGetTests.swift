import BorneNet
import Foundation
import XCTest

final class HTTPClientGetTests: NginxTestCase {
    func testGetThenConditionalGetWithETagIs304AndLeavesTheFile() throws {
        let body = Self.bytes(100_000)
        try server.publish("manifest.json", body)
        let client = HTTPClient()
        let file = work.appendingPathComponent("manifest.json")

        let first = try client.get(server.url("manifest.json"), to: file)
        XCTAssertEqual(first.status, 200)
        XCTAssertFalse(first.notModified)
        XCTAssertEqual(first.bytesReceived, 100_000)
        XCTAssertEqual(try Data(contentsOf: file), body)
        let etag = try XCTUnwrap(first.etag)
        XCTAssertTrue(etag.hasPrefix("\""), "ETag kept verbatim, quotes included: \(etag)")
        XCTAssertNotNil(first.lastModified)

        try Data("keep me".utf8).write(to: file)
        let second = try client.get(server.url("manifest.json"), to: file, ifNoneMatch: etag)
        XCTAssertEqual(second.status, 304)
        XCTAssertTrue(second.notModified)
        XCTAssertEqual(second.bytesReceived, 0)
        XCTAssertEqual(try Data(contentsOf: file), Data("keep me".utf8), "a 304 must not touch the file")
    }

    func testIfModifiedSinceWithTheServersLastModifiedIs304() throws {
        try server.publish("a.bin", Self.bytes(1000))
        let client = HTTPClient()
        let file = work.appendingPathComponent("a.bin")
        let first = try client.get(server.url("a.bin"), to: file)
        let lastModified = try XCTUnwrap(first.lastModified)

        let second = try client.get(server.url("a.bin"), to: file, ifModifiedSince: lastModified)
        XCTAssertTrue(second.notModified)

        // Published again with a newer date: the condition no longer holds.
        let newer = try server.publish("a.bin", Self.bytes(1200, seed: 7))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: newer.path)
        let third = try client.get(server.url("a.bin"), to: file, ifModifiedSince: lastModified)
        XCTAssertEqual(third.status, 200)
        XCTAssertEqual(try Data(contentsOf: file), Self.bytes(1200, seed: 7))
    }

    func testResumeOfATruncatedPartFetchesOnlyTheMissingBytes() throws {
        let body = Self.bytes(300_000)
        try server.publish("objects/ab/cdef", body)
        let part = work.appendingPathComponent("cdef.part")
        try body.prefix(123_456).write(to: part)
        let budget = ByteBudget(limit: 10_000_000, dataDir: work)
        let client = HTTPClient(budget: budget)

        let r = try client.resume(server.url("objects/ab/cdef"), into: part, expectedLength: 300_000)
        XCTAssertEqual(r.status, 206)
        XCTAssertEqual(r.resumedFrom, 123_456)
        XCTAssertEqual(r.bytesReceived, 300_000 - 123_456)
        XCTAssertEqual(r.fileLength, 300_000)
        XCTAssertEqual(try Data(contentsOf: part), body, "the resumed file equals the original")
        // On the wire: the missing part plus headers, HTTP's and TCP/IP's,
        // within what the budget allows for before such a transfer.
        let moved = budget.used
        XCTAssertGreaterThanOrEqual(moved, 300_000 - 123_456)
        XCTAssertLessThan(moved, 300_000 - 123_456 + HTTPClient.wireAllowance(body: 300_000 - 123_456), "measured \(moved) bytes")
    }

    func testServerIgnoringRangeRestartsThePart() throws {
        let body = Self.bytes(50_000)
        try server.publish("norange/obj", body)
        let part = work.appendingPathComponent("obj.part")
        try Data(repeating: 0xEE, count: 20_000).write(to: part)  // stale bytes that must go
        let r = try HTTPClient().resume(server.url("norange/obj"), into: part, expectedLength: 50_000)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.resumedFrom, 0)
        XCTAssertEqual(r.bytesReceived, 50_000)
        XCTAssertEqual(try Data(contentsOf: part), body)
    }

    func testRangeNotSatisfiableWithAWholePartIsComplete() throws {
        let body = Self.bytes(4096)
        try server.publish("whole", body)
        let part = work.appendingPathComponent("whole.part")
        try body.write(to: part)
        // Known length from the manifest, then from the 416's Content-Range.
        for expected in [Int64(4096), nil] {
            let r = try HTTPClient().resume(server.url("whole"), into: part, expectedLength: expected)
            XCTAssertEqual(r.status, 416)
            XCTAssertEqual(r.bytesReceived, 0)
            XCTAssertEqual(r.fileLength, 4096)
            XCTAssertEqual(try Data(contentsOf: part), body)
        }
    }

    func testRangeNotSatisfiableWithAPartLongerThanTheFileRestarts() throws {
        let body = Self.bytes(4096)
        try server.publish("shrunk", body)
        let part = work.appendingPathComponent("shrunk.part")
        try Self.bytes(6000, seed: 3).write(to: part)   // an older, longer version
        let r = try HTTPClient().resume(server.url("shrunk"), into: part)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.resumedFrom, 0)
        XCTAssertEqual(try Data(contentsOf: part), body)
    }

    func testPartLongerThanTheExpectedLengthIsFetchedWhole() throws {
        let body = Self.bytes(4096)
        try server.publish("x", body)
        let part = work.appendingPathComponent("x.part")
        try Self.bytes(5000, seed: 9).write(to: part)
        let r = try HTTPClient().resume(server.url("x"), into: part, expectedLength: 4096)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try Data(contentsOf: part), body)
    }

    func testNotFoundThrowsHTTP404AndWritesNothing() throws {
        let file = work.appendingPathComponent("missing")
        XCTAssertThrowsError(try HTTPClient().get(server.url("nope/missing.json"), to: file)) { error in
            XCTAssertEqual(error as? NetError, .http(status: 404, url: server.url("nope/missing.json")))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), "an error page never lands in the file")
    }

    func testEmptyBodyCreatesAnEmptyFile() throws {
        try server.publish("empty", Data())
        let file = work.appendingPathComponent("empty")
        try Data("old".utf8).write(to: file)
        let r = try HTTPClient().get(server.url("empty"), to: file)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try Data(contentsOf: file), Data())
    }

    func testOneClientReusesItsConnection() throws {
        for i in 0..<3 { try server.publish("k\(i)", Self.bytes(100, seed: UInt64(i))) }
        let client = HTTPClient()
        for i in 0..<3 { _ = try client.get(server.url("k\(i)"), to: work.appendingPathComponent("k\(i)")) }
        let lines = accessLines("/k")
        XCTAssertEqual(lines.count, 3)
        let connections = Set(lines.compactMap { $0.split(separator: " ").first { $0.hasPrefix("c=") } })
        XCTAssertEqual(connections.count, 1, "one keep-alive connection for all three: \(lines)")
    }
}
