import BorneTestSupport
import Foundation
import XCTest

/// Issue 14, one-item change: a published tree holds each object also as
/// `objects/ab/cdef….gz`; `borne sync` fetches those, inflates each within
/// the signed manifest's size and checks it against the manifest before
/// anything is installed. The built `borne`, real Ed25519 keys and
/// signatures, a real nginx, the repository's content.
///
/// Each refusal (tampered, truncated, missing object, full disk) must name
/// the content path and the version, exit non-zero, and leave the previous
/// version current and intact; the next run once the cause is gone installs.
final class CompressedObjectSyncTests: NginxTestCase {
    struct Outcome { var status: Int32; var out: String; var err: String; var all: String { out + err } }

    private var keys: URL { work.appendingPathComponent("keys") }
    private var content: URL { work.appendingPathComponent("content") }
    private var tree: URL { server.root.appendingPathComponent("borne") }
    private var kioskData: URL { work.appendingPathComponent("kiosk") }
    private var kioskConfig: URL { work.appendingPathComponent("vic-sur-cere.json") }

    /// Runs the built borne; stdout and stderr through files (no pipe to fill).
    @discardableResult
    func borne(_ args: String..., expect: Int32? = 0, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try BuiltBorne.path())
        p.arguments = args
        let name = UUID().uuidString
        let (o, e) = (work.appendingPathComponent("\(name).out"), work.appendingPathComponent("\(name).err"))
        FileManager.default.createFile(atPath: o.path, contents: nil)
        FileManager.default.createFile(atPath: e.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: o)
        p.standardError = try FileHandle(forWritingTo: e)
        try p.run()
        p.waitUntilExit()
        let r = Outcome(status: p.terminationStatus, out: try String(contentsOf: o, encoding: .utf8),
                        err: try String(contentsOf: e, encoding: .utf8))
        if let expect { XCTAssertEqual(r.status, expect, "borne \(args.joined(separator: " ")):\n\(r.all)", file: file, line: line) }
        return r
    }

    /// Packs and signs `content/` as bundle `name` and publishes it to nginx; returns its id.
    @discardableResult
    func publish(_ name: String) throws -> String {
        let bundle = work.appendingPathComponent(name)
        try borne("content", "pack", content.path, "--out", bundle.path, "--key", keys.appendingPathComponent("borne.key").path)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("manifest.json")))
        let id = (manifest as? [String: Any])?["id"] as? String ?? "?"
        try borne("content", "publish", bundle.path, "--to", tree.path, "--kiosk-config", work.appendingPathComponent("configs").path)
        XCTAssertEqual(system("chmod -R a+rX '\(server.root.path)'"), 0)
        return id
    }

    /// Keys, a copy of the repository's content, configs trusting the key;
    /// bundle v1 published and synced.
    func startWithVersionOne() throws -> String {
        try borne("keygen", "--out", keys.path)
        let pub = try String(contentsOf: keys.appendingPathComponent("borne.pub"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(at: BuiltBorne.repoRoot.appendingPathComponent("content"), to: content)
        let configs = work.appendingPathComponent("configs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        let committed = BuiltBorne.repoRoot.appendingPathComponent("kiosk-config")
        for name in try FileManager.default.contentsOfDirectory(atPath: committed.path) where name.hasSuffix(".json") {
            var c = try JSONSerialization.jsonObject(with: Data(contentsOf: committed.appendingPathComponent(name))) as! [String: Any]
            c["trusted_keys"] = [pub]
            if name == "vic-sur-cere.json" {
                c["sync_url"] = server.url("borne")
                c.removeValue(forKey: "weather_url")
                try JSONSerialization.data(withJSONObject: c).write(to: kioskConfig)
            }
            try JSONSerialization.data(withJSONObject: c).write(to: configs.appendingPathComponent(name))
        }
        let v1 = try publish("v1")
        try sync()
        XCTAssertEqual(current(), v1)
        let objects = accessLines("/borne/objects/")
        XCTAssertFalse(objects.isEmpty)
        XCTAssertTrue(objects.allSatisfy { $0.contains(".gz HTTP/") }, "every object fetched compressed:\n\(objects.joined(separator: "\n"))")
        return v1
    }

    @discardableResult
    func sync(expect: Int32? = 0, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        try borne("sync", "--config", kioskConfig.path, "--data-dir", kioskData.path, expect: expect, file: file, line: line)
    }

    /// The id of the current version.
    func current() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: kioskData.appendingPathComponent("content/current").path))?
            .components(separatedBy: "/").last
    }

    /// Renames one restaurant in `content/items/manger.json`; returns the file's new bytes.
    func renameOneRestaurant() throws -> Data {
        let manger = content.appendingPathComponent("items/manger.json")
        let text = try String(contentsOf: manger, encoding: .utf8)
        XCTAssertTrue(text.contains("Auberge du Buron Fleuri"))
        try text.replacingOccurrences(of: "Auberge du Buron Fleuri", with: "Auberge du Buron Refleuri")
            .write(to: manger, atomically: true, encoding: .utf8)
        sleep(1)   // bundle ids carry their creation second: v2 must sort after v1
        return try Data(contentsOf: manger)
    }

    /// `objects/ab/cdef…` of the published tree for these bytes.
    func publishedObject(_ bytes: Data) -> URL {
        let sha = sha256Hex(bytes)
        return tree.appendingPathComponent("objects/\(sha.prefix(2))/\(sha.dropFirst(2))")
    }

    func gz(_ object: URL) -> URL { object.appendingPathExtension("gz") }

    /// The previous version is current and passes `content status --verify`.
    func assertStillOn(_ version: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(current(), version, "the old content stays current", file: file, line: line)
        try borne("content", "status", "--data-dir", kioskData.path, "--verify", file: file, line: line)
    }

    /// A refusal says which file, which object and which version.
    func assertNames(_ r: Outcome, path: String, object: Data, version: String, file: StaticString = #filePath, line: UInt = #line) {
        for needle in [path, sha256Hex(object), version] {
            XCTAssertTrue(r.err.contains(needle), "the message names \(needle):\n\(r.all)", file: file, line: line)
        }
    }

    // MARK: - Tests

    func testAOneItemChangeFetchesOnlyThatFileCompressed() throws {
        let v1 = try startWithVersionOne()
        let manger = try renameOneRestaurant()
        let v2 = try publish("v2")
        let before = accessLines("/borne/").count
        let r = try sync()
        XCTAssertEqual(current(), v2)
        XCTAssertNotEqual(v1, v2)
        XCTAssertEqual(try Data(contentsOf: kioskData.appendingPathComponent("content/current/items/manger.json")), manger)

        let requests = Array(accessLines("/borne/").dropFirst(before))
        let objects = requests.filter { $0.contains("/objects/") }
        XCTAssertEqual(objects.count, 1, "only items/manger.json changed:\n\(requests.joined(separator: "\n"))")
        XCTAssertTrue(objects.first?.contains(sha256Hex(manger).dropFirst(2) + ".gz HTTP/") == true, "\(objects)")
        // borne's own count of body bytes: manifest, signature and the one compressed object.
        let fetched = Int(r.out.components(separatedBy: " bytes").first?.split(separator: " ").last ?? "") ?? -1
        let manifest = try Data(contentsOf: tree.appendingPathComponent("manifest.json")).count
        let signature = try Data(contentsOf: tree.appendingPathComponent("manifest.sig")).count
        let compressed = try Data(contentsOf: gz(publishedObject(manger))).count
        XCTAssertEqual(fetched, manifest + signature + compressed, r.out)
        XCTAssertLessThan(compressed * 2, manger.count, "the object travels compressed: \(compressed) of \(manger.count) bytes")
        print("CompressedObjectSyncTests: one-item change fetched \(fetched) body bytes (manifest \(manifest), "
              + "signature \(signature), items/manger.json \(compressed) compressed of \(manger.count))")
    }

    /// v1 synced, then v2 (one restaurant renamed) published: the new
    /// items/manger.json, and its `.gz` on the server with its right bytes.
    func versionTwoPublished() throws -> (v1: String, v2: String, manger: Data, packed: URL, good: Data) {
        let v1 = try startWithVersionOne()
        let manger = try renameOneRestaurant()
        let v2 = try publish("v2")
        let packed = gz(publishedObject(manger))
        return (v1, v2, manger, packed, try Data(contentsOf: packed))
    }

    func testATamperedCompressedObjectIsRefusedByNameAndTheOldContentStays() throws {
        let (v1, v2, manger, packed, good) = try versionTwoPublished()
        // A well-formed gzip of other bytes: inflates, but not to what the manifest signed.
        var forged = manger
        forged[forged.count / 2] ^= 0x20
        try gzip(forged).write(to: packed)

        let r = try sync(expect: 65)
        assertNames(r, path: "items/manger.json", object: manger, version: v2)
        XCTAssertTrue(r.err.contains("SHA-256"), r.all)
        try assertStillOn(v1)

        // One that inflates past the signed size (a gzip bomb, or another file): stopped at that size.
        try gzip(manger + manger).write(to: packed)
        let bomb = try sync(expect: 65)
        assertNames(bomb, path: "items/manger.json", object: manger, version: v2)
        XCTAssertTrue(bomb.err.contains("inflates past \(manger.count) bytes"), bomb.all)
        try assertStillOn(v1)

        try good.write(to: packed)
        try sync()
        XCTAssertEqual(current(), v2, "once the server holds the right object, the next run installs")
    }

    func testATruncatedCompressedObjectIsRefusedByNameAndTheOldContentStays() throws {
        let (v1, v2, manger, packed, good) = try versionTwoPublished()
        try good.prefix(good.count / 2).write(to: packed)

        let r = try sync(expect: 65)
        assertNames(r, path: "items/manger.json", object: manger, version: v2)
        XCTAssertTrue(r.err.contains("cut short"), r.all)
        try assertStillOn(v1)
        XCTAssertEqual(try stagedFiles(), [], "nothing of the refused object is kept")

        try good.write(to: packed)
        try sync()
        XCTAssertEqual(current(), v2)
    }

    func testAMissingObjectIsRefusedByNameAndAMissingCompressedCopyFallsBackToThePlainObject() throws {
        let (v1, v2, manger, packed, packedBytes) = try versionTwoPublished()
        let plain = publishedObject(manger)
        let plainBytes = try Data(contentsOf: plain)
        try FileManager.default.removeItem(at: plain)
        try FileManager.default.removeItem(at: packed)

        let r = try sync(expect: 69)
        assertNames(r, path: "items/manger.json", object: manger, version: v2)
        XCTAssertTrue(r.err.contains("404"), r.all)
        try assertStillOn(v1)

        // A tree published before compressed objects: only the plain object is there.
        try plainBytes.write(to: plain)
        XCTAssertEqual(system("chmod -R a+rX '\(server.root.path)'"), 0)
        let before = accessLines("/borne/objects/").count
        try sync()
        XCTAssertEqual(current(), v2)
        let objects = Array(accessLines("/borne/objects/").dropFirst(before))
        XCTAssertEqual(objects.count, 2, "the .gz (404), then the plain object:\n\(objects.joined(separator: "\n"))")
        XCTAssertTrue(objects.last?.contains(" 200 ") == true && objects.last?.contains(".gz") == false, "\(objects)")
        XCTAssertEqual(try Data(contentsOf: kioskData.appendingPathComponent("content/current/items/manger.json")), manger)
        XCTAssertGreaterThan(packedBytes.count, 0)
    }

    /// The kiosk's data partition is a real tmpfs, filled so that the
    /// compressed object arrives but its inflated bytes do not fit.
    func testAFullDiskWhileInflatingIsRefusedByNameAndTheOldContentStays() throws {
        guard getuid() == 0 else { throw MissingPrerequisite("mounting a tmpfs for the kiosk's data needs root") }
        try FileManager.default.createDirectory(at: kioskData, withIntermediateDirectories: true)
        XCTAssertEqual(system("mount -t tmpfs -o size=16m borne-test-full '\(kioskData.path)'"), 0, "mount a tmpfs")
        defer { _ = system("umount '\(kioskData.path)'") }

        let v1 = try startWithVersionOne()
        let track = content.appendingPathComponent("gpx/cyclo-planeze.gpx")
        let text = try String(contentsOf: track, encoding: .utf8)
        try text.replacingOccurrences(of: "Tracé de démonstration", with: "Tracé de démonstration révisé")
            .write(to: track, atomically: true, encoding: .utf8)
        let changed = try Data(contentsOf: track)
        sleep(1)
        let v2 = try publish("v2")
        let packed = try Data(contentsOf: gz(publishedObject(changed))).count
        XCTAssertLessThan(packed + 64 << 10, changed.count - 16 << 10, "the test needs a well compressible object")

        // Leave room for the manifest, the signature, the state files and the .gz; not for the inflated bytes.
        let manifest = try Data(contentsOf: tree.appendingPathComponent("manifest.json")).count
        var fs = statvfs()
        XCTAssertEqual(statvfs(kioskData.path, &fs), 0)
        let free = Int(fs.f_bavail) * Int(fs.f_frsize)
        let room = manifest + packed + 48 << 10
        let filler = kioskData.appendingPathComponent("filler")
        XCTAssertEqual(system("fallocate -l \(free - room) '\(filler.path)'"), 0)

        let r = try sync(expect: 74)
        assertNames(r, path: "gpx/cyclo-planeze.gpx", object: changed, version: v2)
        XCTAssertTrue(r.err.contains("No space left on device") && r.err.contains("free space"), r.all)
        try assertStillOn(v1)

        try FileManager.default.removeItem(at: filler)
        try sync()
        XCTAssertEqual(current(), v2, "with space again, the next run installs")
        XCTAssertEqual(try Data(contentsOf: kioskData.appendingPathComponent("content/current/gpx/cyclo-planeze.gpx")), changed)
    }

    // MARK: - Helpers

    /// Files left in the kiosk's sync staging area.
    func stagedFiles() throws -> [String] {
        let dir = kioskData.appendingPathComponent("sync/objects")
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { !$0.hasSuffix("/") && $0.count > 3 }
    }

    func sha256Hex(_ data: Data) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let out = (try? pipe(p, data)) ?? Data()
        return String(decoding: out.prefix(64), as: UTF8.self)
    }

    /// `gzip -9n` of `data`, the format the publisher writes.
    func gzip(_ data: Data) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-9n", "-c"]
        return try pipe(p, data)
    }

    private func pipe(_ p: Process, _ input: Data) throws -> Data {
        let i = work.appendingPathComponent("pipe-\(UUID().uuidString)"), o = work.appendingPathComponent("pipe-\(UUID().uuidString)")
        try input.write(to: i)
        FileManager.default.createFile(atPath: o.path, contents: nil)
        p.standardInput = try FileHandle(forReadingFrom: i)
        p.standardOutput = try FileHandle(forWritingTo: o)
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: o)
    }
}
