import BorneTestSupport
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
            throw MissingPrerequisite("\(t) is not installed (apt-get install \(t.hasSuffix("lintian") ? "lintian" : "dpkg"))")
        }
    }

    /// The binary built with these tests; `selfContained` when it carries no
    /// RUNPATH to the toolchain's Swift runtime (`make deb` links it statically).
    func binary() throws -> (path: String, selfContained: Bool) {
        let path = try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
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
        guard getuid() == 0 else { throw MissingPrerequisite("dpkg --root needs root (ownership of the installed files)") }
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
        // borne-kiosk.service's SupplementaryGroups=input: a root without
        // udev's groups gets a system group "input" (else 216/GROUP at start).
        let group = try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8)
        let input = try XCTUnwrap(group.split(separator: "\n").first { $0.hasPrefix("input:") }, group)
        XCTAssertLessThan(Int(input.split(separator: ":", omittingEmptySubsequences: false)[2])!, 1000, "a system group")

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

    /// The Unicode table of a PSF2 font: the characters of each glyph.
    static func psf2Table(_ data: Data) throws -> (glyphs: Int, width: Int, height: Int, chars: Set<UInt32>) {
        let b = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }
        guard b.count > 32, u32(0) == 0x864A_B572 else { throw MissingPrerequisite("not a PSF2 font") }
        XCTAssertEqual(u32(12) & 1, 1, "has a Unicode table")
        let glyphs = u32(16), charsize = u32(20)
        var chars = Set<UInt32>()
        var entry: [UInt8] = []
        var seen = 0
        for byte in b[(u32(8) + glyphs * charsize)...] where seen < glyphs {
            if byte == 0xFF {
                let single = entry.split(separator: 0xFE, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
                for u in String(decoding: single, as: UTF8.self).unicodeScalars { chars.insert(u.value) }
                entry = []; seen += 1
            } else { entry.append(byte) }
        }
        XCTAssertEqual(seen, glyphs, "one table entry per glyph")
        return (glyphs, u32(28), u32(24), chars)
    }

    /// The console fonts the package installs hold every character the
    /// kiosk draws in "glyphs": "console" (`borne console-font --list`, the
    /// set ConsoleGlyphsTests checks the screens against), read back from the
    /// PSF2 fonts' own Unicode tables; the kiosk unit loads them.
    func testTheConsoleFontsHoldEveryCharacterTheKioskDraws() throws {
        try require(["/usr/bin/dpkg-deb"])
        guard FileManager.default.fileExists(atPath: "/usr/share/unifont/unifont.hex") else {
            return XCTFail("/usr/share/unifont/unifont.hex is missing: apt-get install unifont (make deps does it)")
        }
        let (deb, _) = try buildDeb()
        let tree = tmp.appendingPathComponent("x")
        XCTAssertEqual(try run("/usr/bin/dpkg-deb", ["-x", deb, tree.path]).0, 0)
        let (rc, list) = try run(try binary().path, ["console-font", "--list"])
        XCTAssertEqual(rc, 0, list)
        let wanted = Set(list.split(separator: "\n").compactMap { UInt32($0.dropFirst(2), radix: 16) })
        XCTAssertGreaterThan(wanted.count, 400)
        XCTAssertTrue(wanted.isSuperset(of: [0xE9, 0x2500, 0x2588, 0x2596, 0x2192, 0x26A0]), "accents, boxes, blocks, quadrants, arrows, signs")
        for (name, w, h) in [("borne-8x16.psf", 8, 16), ("borne-16x32.psf", 16, 32)] {
            let font = try Self.psf2Table(Data(contentsOf: tree.appendingPathComponent("usr/share/borne/consolefonts/\(name)")))
            XCTAssertEqual(font.glyphs, 512, name)
            XCTAssertEqual(font.width, w, name); XCTAssertEqual(font.height, h, name)
            XCTAssertEqual(wanted.subtracting(font.chars).sorted().map { String(format: "U+%04X", $0) }, [], name)
        }
        let unit = try String(contentsOf: tree.appendingPathComponent("lib/systemd/system/borne-kiosk.service"), encoding: .utf8)
        XCTAssertTrue(unit.contains("ExecStartPre=-+/usr/bin/borne console-font --config /etc/borne/kiosk.json --tty /dev/tty1"), unit)
        XCTAssertTrue(unit.contains("TTYPath=/dev/tty1"))
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
