@testable import borne
import BorneTestSupport
import Foundation
import XCTest

/// libcurl, libssl and libcrypto are loaded on first use (Sources/CCurl and
/// Sources/CCrypto, shim.h), not linked (issue 14: with their dependencies,
/// GnuTLS through librtmp, Kerberos, LDAP..., they were ~5 MiB of a kiosk's
/// PSS although a kiosk never makes a transfer nor checks a signature).
final class KioskLibrariesTests: XCTestCase {
    private static let repo = BuiltBorne.repoRoot

    /// What a kiosk must not map: the network and crypto libraries and the
    /// heaviest of what they pull in.
    static let unwanted = ["libcurl", "libssl", "libcrypto", "libgnutls", "libkrb5", "libldap", "libnghttp2", "libssh2", "librtmp"]

    private func temporaryDirectory(_ name: String) throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("borne-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A real `borne kiosk` on the bundled content shows its home and a list
    /// (a tap on a tile); while it waits, /proc/PID/maps lists the files it maps.
    func testTheKioskShowsHomeAndAListWithoutMappingCurlSSLOrCrypto() throws {
        let borne = try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
        // Home, printed; a tap on a tile; the list, printed (two dumps of 45 rows); then a wait.
        let kiosk = try WaitingKiosk(borne: borne, script: "dump\ntap tile:manger\ndump\nwait 600000\n", lines: 90)
        defer { kiosk.stop() }
        XCTAssertTrue(kiosk.output.contains("Manger") || kiosk.output.contains("manger") || kiosk.output.contains("MANGER"),
                      "the second screen is not the list of the tile tapped:\n\(kiosk.output.suffix(4000))")
        let maps = try kiosk.procFile("maps")
        XCTAssertTrue(kiosk.process.isRunning, "borne kiosk ended before its maps were read: it must still be waiting")
        let files = Set(maps.split(separator: "\n").compactMap { line -> String? in
            let f = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard f.count == 6 else { return nil }
            let path = f[5].trimmingCharacters(in: .whitespaces)
            return path.hasPrefix("/") ? path : nil
        })
        // The reading works: the libraries the kiosk does use are there.
        XCTAssertTrue(files.contains { $0.contains("libncursesw") }, "libncursesw not among the kiosk's mappings: cannot trust this reading of \(files.sorted())")
        let found = files.filter { file in
            let name = (file as NSString).lastPathComponent
            return Self.unwanted.contains { name.hasPrefix($0 + ".") || name.hasPrefix($0 + "-") }
        }
        XCTAssertEqual(found.sorted(), [], "the kiosk maps libraries it never uses (linked instead of loaded on first use?)")
    }

    /// With its library missing, a command that needs it stops with
    /// EX_OSFILE and a message that names the library, says why (dlerror)
    /// and what to do — no crash. BORNE_TEST_DLOPEN_DIR points the loaders
    /// at an empty directory.
    func testACommandWhoseLibraryIsMissingSaysWhichAndWhatToDo() throws {
        let dir = try temporaryDirectory("nolibs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("no-libraries")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let env = ["BORNE_TEST_DLOPEN_DIR": empty.path]

        // With the libraries in place (no hook: the real sonames), keygen works;
        // its public key lets the kiosk's config pass sync's checks below.
        let ok = try BuiltBorne.run(["keygen", "--out", dir.appendingPathComponent("keys").path])
        XCTAssertEqual(ok.code, ExitCode.ok, "stderr: \(ok.err)")
        let publicKey = ok.out.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(publicKey.count, 64, ok.out)

        // keygen signs: libcrypto.
        let keygen = try BuiltBorne.run(["keygen", "--out", dir.appendingPathComponent("keys2").path], environment: env)
        XCTAssertEqual(keygen.code, ExitCode.osFile, "stderr: \(keygen.err)")
        XCTAssertTrue(keygen.err.contains("cannot load \(empty.path)/libcrypto.so.3"), keygen.err)
        XCTAssertTrue(keygen.err.contains("No such file or directory"), "dlerror()'s text is missing: \(keygen.err)")
        XCTAssertTrue(keygen.err.contains("install the package libssl3"), keygen.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("keys2/borne.key").path), "a key was written without libcrypto")

        // sync transfers: libcurl, before any request.
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repo.appendingPathComponent("kiosk-config/vic-sur-cere.json"))) as! [String: Any]
        config["trusted_keys"] = [publicKey]
        let configFile = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configFile)
        let sync = try BuiltBorne.run(["sync", "--config", configFile.path, "--data-dir", dir.appendingPathComponent("data").path,
                                       "--source", "http://127.0.0.1:9/"], environment: env)
        XCTAssertEqual(sync.code, ExitCode.osFile, "stderr: \(sync.err)")
        XCTAssertTrue(sync.err.contains("cannot load \(empty.path)/libcurl.so.4"), sync.err)
        XCTAssertTrue(sync.err.contains("No such file or directory"), "dlerror()'s text is missing: \(sync.err)")
        XCTAssertTrue(sync.err.contains("install the package libcurl4"), sync.err)
    }

    /// A library that loads but lacks a function (another library under the
    /// soname: here zlib as libcurl.so.4) stops the command the same way,
    /// naming the function, before any call through it.
    func testALibraryWithoutTheFunctionSaysWhichAndWhatToDo() throws {
        let dir = try temporaryDirectory("wronglib")
        defer { try? FileManager.default.removeItem(at: dir) }
        let libs = dir.appendingPathComponent("libraries")
        try FileManager.default.createDirectory(at: libs, withIntermediateDirectories: true)
        let zlib = "/lib/x86_64-linux-gnu/libz.so.1"
        XCTAssertTrue(FileManager.default.fileExists(atPath: zlib), "\(zlib) missing: the test needs a library that is not libcurl")
        try FileManager.default.createSymbolicLink(atPath: libs.appendingPathComponent("libcurl.so.4").path, withDestinationPath: zlib)
        let ok = try BuiltBorne.run(["keygen", "--out", dir.appendingPathComponent("keys").path])
        XCTAssertEqual(ok.code, ExitCode.ok, "stderr: \(ok.err)")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repo.appendingPathComponent("kiosk-config/vic-sur-cere.json"))) as! [String: Any]
        config["trusted_keys"] = [ok.out.trimmingCharacters(in: .whitespacesAndNewlines)]
        let configFile = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configFile)

        let sync = try BuiltBorne.run(["sync", "--config", configFile.path, "--data-dir", dir.appendingPathComponent("data").path,
                                       "--source", "http://127.0.0.1:9/"], environment: ["BORNE_TEST_DLOPEN_DIR": libs.path])
        XCTAssertEqual(sync.code, ExitCode.osFile, "stderr: \(sync.err)")
        XCTAssertTrue(sync.err.contains("libcurl.so.4 has no function curl_global_init"), sync.err)
        XCTAssertTrue(sync.err.contains("undefined symbol: curl_global_init"), "dlerror()'s text is missing: \(sync.err)")
        XCTAssertTrue(sync.err.contains("reinstall the package libcurl4"), sync.err)
    }

    /// The .deb's Depends name the packages of the loaded libraries: the
    /// binary's DT_NEEDED no longer does, and build-deb.sh copies control as is.
    func testTheDebDependsOnTheLibrariesItLoads() throws {
        let control = try String(contentsOf: Self.repo.appendingPathComponent("deploy/deb/control"), encoding: .utf8)
        guard let line = control.split(separator: "\n").first(where: { $0.hasPrefix("Depends:") }) else {
            return XCTFail("deploy/deb/control has no Depends line")
        }
        let packages = Set(line.dropFirst("Depends:".count).split(separator: ",").map {
            String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != " " && $0 != "(" })
        })
        // libcurl.so.4 is in libcurl4; libssl.so.3 and libcrypto.so.3 in libssl3 (Debian 12).
        XCTAssertTrue(packages.isSuperset(of: ["libcurl4", "libssl3"]), "Depends: \(packages.sorted())")
    }
}
