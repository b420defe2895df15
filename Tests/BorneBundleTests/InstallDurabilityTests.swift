import Foundation
import XCTest
@testable import BorneBundle

/// What a power cut needs, which no process crash can show: every file and
/// directory of a version is fsynced before the version is renamed in, the
/// version's rename is made durable before `current` is switched, and the
/// switch itself is fsynced. Checked on the recorded operations of an install.
final class InstallDurabilityTests: BundleTestCase {
    func testEverythingIsSyncedBeforeTheSwitchAndTheSwitchAfter() throws {
        let data = url("data")
        let b = try makeSmallBundle("b")
        let id = try manifest(of: b).id
        let recorder = FaultyFileSystem(base: RealFileSystem(), failAt: Int.max)
        try BundleInstaller(dataDirectory: data, fileSystem: recorder).install(bundle: b, trustedKeys: trusted, kioskID: nil)
        let trace = recorder.trace
        let content = data.standardizedFileURL.path + "/content"
        let stage = content + "/staging/" + id + ".tmp"
        func index(_ op: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
            guard let i = trace.firstIndex(of: op) else { XCTFail("no \(op)", file: file, line: line); return -1 }
            return i
        }
        let renameIn = index("rename \(stage)")
        let syncVersions = index("syncDirectory \(content)/versions")
        let switchCurrent = index("rename \(content)/current.tmp")
        let syncContent = trace.lastIndex(of: "syncDirectory \(content)") ?? -1
        // Every staged file: created, then fsynced, before the rename in.
        let created = trace.filter { $0.hasPrefix("create \(stage)/") }.map { String($0.dropFirst("create ".count)) }
        XCTAssertEqual(created.count, try manifest(of: b).files.count + 4,
                       "the files, .manifest.json, .manifest.sig, the track index .tracks and the item index .items")
        XCTAssertTrue(created.contains(stage + "/.tracks"), "\(created)")
        XCTAssertTrue(created.contains(stage + "/.items"), "\(created)")
        for file in created {
            let synced = index("sync \(file)")
            XCTAssertLessThan(index("create \(file)"), synced)
            XCTAssertLessThan(synced, renameIn, file)
        }
        // Every staged directory, the stage itself included, fsynced before the rename in.
        let directories = [stage] + trace.filter { $0.hasPrefix("mkdir \(stage)/") }.map { String($0.dropFirst("mkdir ".count)) }
        XCTAssertGreaterThanOrEqual(directories.count, 3, "stage, gpx, items")
        for directory in directories { XCTAssertLessThan(index("syncDirectory \(directory)"), renameIn, directory) }
        XCTAssertLessThan(renameIn, syncVersions)
        XCTAssertLessThan(syncVersions, switchCurrent)
        XCTAssertLessThan(switchCurrent, syncContent)
    }
}
