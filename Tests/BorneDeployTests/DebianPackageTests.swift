import Foundation
import XCTest

/// The Debian package and the systemd units, as a kiosk receives them:
/// `deploy/deb/build-deb.sh` (what `make deb` runs) on the built binary;
/// installed, upgraded and purged with `dpkg --root` into a fresh minimal
/// root (maintainer scripts run chrootless with $DPKG_ROOT set, the way
/// dpkg documents for foreign roots); `lintian` reporting no error; every
/// unit through `systemd-analyze verify`. Skips, saying why, when not root
/// or a tool is missing.
final class DebianPackageTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = URL(fileURLWithPath: "/tmp/borne-pkg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    @discardableResult
    func run(_ tool: String, _ args: [String], env: [String: String] = [:]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func require(_ tools: [String]) throws {
        for t in tools where !FileManager.default.isExecutableFile(atPath: t) {
            throw XCTSkip("\(t) is not installed (apt-get install \(t.hasSuffix("lintian") ? "lintian" : "dpkg"))")
        }
    }

    /// The binary built with these tests; `selfContained` when it carries no
    /// RUNPATH to the toolchain's Swift runtime (`make deb` links it statically).
    func binary() throws -> (path: String, selfContained: Bool) {
        let candidates = [Bundle(for: Self.self).bundleURL.deletingLastPathComponent().appendingPathComponent("borne").path,
                          Self.repo.appendingPathComponent(".build/debug/borne").path]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("borne is not built (swift build)")
        }
        let dynamic = (try? run("/usr/bin/readelf", ["-d", path]).1.contains("RUNPATH")) ?? true
        return (path, !dynamic)
    }

    func buildDeb() throws -> (deb: String, selfContained: Bool) {
        let (bin, selfContained) = try binary()
        let (rc, out) = try run("/bin/bash", [Self.repo.appendingPathComponent("deploy/deb/build-deb.sh").path,
                                              "--binary", bin, "--out", tmp.path, "--version", "0.1.0"])
        XCTAssertEqual(rc, 0, out)
        let deb = out.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n").last ?? ""
        XCTAssertTrue(deb.hasSuffix("/borne_0.1.0_\(try arch()).deb"), out)
        return (deb, selfContained)
    }

    func arch() throws -> String { try run("/usr/bin/dpkg", ["--print-architecture"]).1.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// An empty Debian root: a dpkg database, root in passwd and group.
    func makeRoot() throws -> URL {
        let root = tmp.appendingPathComponent("root")
        for d in ["etc", "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "usr/sbin"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        for (file, text) in [("var/lib/dpkg/status", ""), ("var/lib/dpkg/available", ""),
                             ("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"), ("etc/group", "root:x:0:\ntty:x:5:\n"),
                             ("etc/shadow", "root:*:19000:0:99999:7:::\n"), ("etc/gshadow", "root:*::\n")] {
            try text.write(to: root.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return root
    }

    func dpkg(_ root: URL, _ args: [String]) throws -> (Int32, String) {
        try run("/usr/bin/dpkg", ["--root=\(root.path)", "--force-script-chrootless", "--force-depends"] + args)
    }

    func owner(_ path: URL) throws -> (uid: Int, gid: Int, mode: Int) {
        let a = try FileManager.default.attributesOfItem(atPath: path.path)
        return ((a[.ownerAccountID] as! NSNumber).intValue, (a[.groupOwnerAccountID] as! NSNumber).intValue,
                (a[.posixPermissions] as! NSNumber).intValue)
    }

    func testThePackageInstallsUpgradesKeepingDataAndPurges() throws {
        guard getuid() == 0 else { throw XCTSkip("dpkg --root needs root (ownership of the installed files)") }
        try require(["/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/sbin/useradd"])
        let (deb, _) = try buildDeb()
        let (crc, contents) = try run("/usr/bin/dpkg-deb", ["-c", deb])
        XCTAssertEqual(crc, 0, contents)
        for path in ["./usr/bin/borne", "./lib/systemd/system/borne-kiosk.service", "./lib/systemd/system/borne-sync.timer",
                     "./lib/systemd/system/borne-upload.service", "./lib/systemd/system/borne-usb@.service",
                     "./lib/udev/rules.d/99-borne-usb.rules", "./usr/share/borne/kiosk-config/st-jacques-des-blats.json",
                     "./usr/share/man/man1/borne.1.gz", "./etc/borne/upload.env", "./usr/share/doc/borne/copyright"] {
            XCTAssertTrue(contents.contains(path), path)
        }

        let root = try makeRoot()
        var (rc, out) = try dpkg(root, ["-i", deb])
        XCTAssertEqual(rc, 0, out)
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        let line = try XCTUnwrap(passwd.split(separator: "\n").first { $0.hasPrefix("borne:") }, passwd)
        let fields = line.split(separator: ":", omittingEmptySubsequences: false)
        let uid = Int(fields[2])!, gid = Int(fields[3])!
        XCTAssertLessThan(uid, 1000, "a system user")
        XCTAssertEqual(fields[5], "/var/lib/borne")
        let data = root.appendingPathComponent("var/lib/borne")
        XCTAssertEqual(try owner(data).uid, uid)
        XCTAssertEqual(try owner(data).mode, 0o750)
        XCTAssertEqual(try owner(root.appendingPathComponent("etc/borne")).gid, gid)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("usr/bin/borne").path))

        // The kiosk's data and a changed conffile survive an upgrade (the same package again).
        try FileManager.default.createDirectory(at: data.appendingPathComponent("keys"), withIntermediateDirectories: true)
        try "KEY\n".write(to: data.appendingPathComponent("keys/stats.key"), atomically: true, encoding: .utf8)
        try "{}\n".write(to: root.appendingPathComponent("etc/borne/kiosk.json"), atomically: true, encoding: .utf8)
        let env = root.appendingPathComponent("etc/borne/upload.env")
        try "BORNE_UPLOAD_ARGS=--interval 30\n".write(to: env, atomically: true, encoding: .utf8)
        (rc, out) = try run("/usr/bin/dpkg", ["--root=\(root.path)", "--force-script-chrootless", "--force-depends",
                                              "--force-confold", "-i", deb])
        XCTAssertEqual(rc, 0, out)
        XCTAssertEqual(try String(contentsOf: data.appendingPathComponent("keys/stats.key"), encoding: .utf8), "KEY\n")
        XCTAssertEqual(try String(contentsOf: env, encoding: .utf8), "BORNE_UPLOAD_ARGS=--interval 30\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/borne/kiosk.json").path))

        // remove keeps them too; purge deletes data, configuration and user.
        (rc, out) = try dpkg(root, ["-r", "borne"])
        XCTAssertEqual(rc, 0, out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/bin/borne").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: data.appendingPathComponent("keys/stats.key").path))
        (rc, out) = try dpkg(root, ["-P", "borne"])
        XCTAssertEqual(rc, 0, out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/borne").path))
        XCTAssertFalse(try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8).contains("borne:"))
        XCTAssertFalse(try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8).contains("borne:"))
    }

    func testLintianFindsNoError() throws {
        try require(["/usr/bin/dpkg-deb", "/usr/bin/lintian"])
        let (deb, selfContained) = try buildDeb()
        // A debug build links the toolchain's Swift runtime through a RUNPATH;
        // `make deb`'s release build links it statically and has none (checked there).
        let suppress = selfContained ? [] : ["--suppress-tags", "custom-library-search-path"]
        let (_, out) = try run("/usr/bin/lintian", suppress + [deb])
        let errors = out.split(separator: "\n").filter { $0.hasPrefix("E: ") }
        XCTAssertEqual(errors, [], out)
    }

    func testEveryUnitVerifies() throws {
        let analyze = "/usr/bin/systemd-analyze"
        try require([analyze])
        let dir = tmp.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let units = ["borne-kiosk.service", "borne-sync.service", "borne-sync.timer", "borne-upload.service", "borne-usb@.service"]
        for u in units {
            // /usr/bin/borne is not installed here: point ExecStart at an executable that exists.
            let text = try String(contentsOf: Self.repo.appendingPathComponent("systemd/\(u)"), encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/bin/borne", with: "/bin/true")
                .write(to: dir.appendingPathComponent(u == "borne-usb@.service" ? "borne-usb@sdb1.service" : u), atomically: true, encoding: .utf8)
        }
        let paths = units.map { dir.appendingPathComponent($0 == "borne-usb@.service" ? "borne-usb@sdb1.service" : $0).path }
        let (rc, out) = try run(analyze, ["verify"] + paths)
        XCTAssertEqual(rc, 0, out)
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "", out)

        let kiosk = try String(contentsOf: Self.repo.appendingPathComponent("systemd/borne-kiosk.service"), encoding: .utf8)
        for line in ["Type=notify", "Restart=always", "RestartPreventExitStatus=10", "WatchdogSec=", "NoNewPrivileges=yes",
                     "ProtectSystem=strict", "ReadWritePaths=/var/lib/borne", "PrivateTmp=yes", "ProtectHome=yes",
                     "CapabilityBoundingSet=\n", "RestrictAddressFamilies=AF_UNIX\n"] {
            XCTAssertTrue(kiosk.contains(line), line)
        }
    }
}
