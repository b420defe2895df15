import XCTest
@testable import borne

/// The one command-line parser (Arguments.swift).
final class ArgumentsTests: XCTestCase {
    let spec = ArgumentSpec(options: ["--config FILE", "--at TIME"], repeatable: ["--kiosk K"], flags: ["--json"],
                            positionals: 1...2, positionalName: "SOURCE", required: ["--config"])

    func parsed(_ words: [String], _ spec: ArgumentSpec? = nil) throws -> Arguments {
        switch try Arguments.parse(words, spec ?? self.spec) {
        case .help: XCTFail("help for \(words)"); throw UsageError("help")
        case .arguments(let a): return a
        }
    }

    func refusal(_ words: [String], _ spec: ArgumentSpec? = nil) -> UsageError? {
        do {
            _ = try Arguments.parse(words, spec ?? self.spec)
            return nil
        } catch {
            return error as? UsageError
        }
    }

    func testBothFormsOfValuesFlagsAndPositionals() throws {
        let a = try parsed(["src", "--config", "k.json", "--at=2020-05-08T10:00", "--json", "--kiosk", "vic", "--kiosk=raulhac", "dst"])
        XCTAssertEqual(a.positionals, ["src", "dst"])
        XCTAssertEqual(a.value("--config"), "k.json")
        XCTAssertEqual(a.value("--at"), "2020-05-08T10:00")
        XCTAssertEqual(a.all("--kiosk"), ["vic", "raulhac"])
        XCTAssertTrue(a.has("--json"))
        XCTAssertEqual(try parsed(["s", "--config=a=b"]).value("--config"), "a=b", "only the first = splits")
        XCTAssertEqual(try parsed(["s", "--config", "--json"]).value("--config"), "--json", "the next word is the value")
        XCTAssertEqual(try parsed(["-", "--config", "k"]).positionals, ["-"], "- alone is a positional")
    }

    func testDoubleDashEndsTheOptions() throws {
        let a = try parsed(["--config", "k", "--", "--json", "-h"])
        XCTAssertEqual(a.positionals, ["--json", "-h"])
        XCTAssertFalse(a.has("--json"))
    }

    func testHelp() throws {
        for words in [["--help"], ["-h"], ["--frobnicate", "--help"], ["--config", "k", "a", "b", "c", "-h"]] {
            guard case .help = try Arguments.parse(words, spec) else { return XCTFail("no help for \(words)") }
        }
    }

    func testRefusals() {
        XCTAssertEqual(refusal(["s", "--config", "k", "--frobnicate"]), .unknownOption("--frobnicate"))
        XCTAssertEqual(refusal(["s", "--config", "k", "-x"]), .unknownOption("-x"))
        XCTAssertEqual(refusal(["s", "--config", "k", "--at"]), .needsValue("--at"))
        XCTAssertEqual(refusal(["s", "--config="]), .needsValue("--config"), "an empty value is no value")
        XCTAssertEqual(refusal(["s", "--config", ""]), .needsValue("--config"))
        XCTAssertEqual(refusal(["s", "--config", "k", "--config", "l"]), .givenTwice("--config"))
        XCTAssertEqual(refusal(["s", "--config", "k", "--json=yes"]), .takesNoValue("--json"))
        XCTAssertEqual(refusal(["--config", "k"]), .missing("SOURCE"))
        XCTAssertEqual(refusal(["a", "b", "c", "--config", "k"]), .unexpected("c"))
        XCTAssertEqual(refusal(["a"]), .missing("--config FILE"))
        XCTAssertEqual(refusal(["a"])?.message, "missing --config FILE")
        XCTAssertEqual(refusal(["x"], ArgumentSpec()), .unexpected("x"))
        XCTAssertEqual(refusal(["x"], ArgumentSpec(positionals: 2...3))?.message, "expected 2 to 3 argument(s), got 1")
        XCTAssertEqual(refusal(["x"], ArgumentSpec(positionals: 2...3))?.french, "2 to 3 argument(s) attendu(s), 1 donné(s)")
    }

    func testTypedValues() throws {
        let s = ArgumentSpec(options: ["--budget BYTES", "--interval MINUTES"])
        XCTAssertEqual(try parsed(["--budget=10", "--interval", "2.5"], s).bytes("--budget"), 10)
        XCTAssertEqual(try parsed(["--budget=10", "--interval", "2.5"], s).positive("--interval"), 2.5)
        XCTAssertNil(try parsed([], s).bytes("--budget"))
        XCTAssertThrowsError(try parsed(["--budget", "-1"], s).bytes("--budget"))
        XCTAssertThrowsError(try parsed(["--interval", "0"], s).positive("--interval"))
        XCTAssertThrowsError(try parsed(["--interval", "inf"], s).positive("--interval"))
    }

    /// The `--name=value` form, now taken by every migrated command.
    func testEqualsFormInMigratedCommands() {
        XCTAssertEqual(SyncCommand.run(["--config=/nonexistent/kiosk.json", "--data-dir=/nonexistent"]), ExitCode.noInput)
        XCTAssertEqual(UploadCommand.run(["--config=/nonexistent/kiosk.json", "--data-dir=/nonexistent"]), ExitCode.noInput)
        XCTAssertEqual(UploadCommand.run(["--config=/x", "--data-dir=/y", "--interval=0"]), ExitCode.usage)
        XCTAssertEqual(SyncCommand.run(["--config=/x", "--data-dir=/y", "--source=ftp://h/"]), ExitCode.usage)
        XCTAssertEqual(SyncCommand.run(["--config=/x", "--data-dir=/y", "--budget=lots"]), ExitCode.usage)
        XCTAssertEqual(UsbCommand.run(["--config=/x", "--data-dir=/y"]), ExitCode.usage, "no MOUNTPOINT")
        XCTAssertEqual(UsbCommand.run(["/a", "/b", "--config=/x", "--data-dir=/y"]), ExitCode.usage, "two MOUNTPOINTs")
        XCTAssertEqual(TouchCalibrateCommand.run(["--config=/nonexistent/kiosk.json", "--touch-device=none"]), ExitCode.noInput)
        XCTAssertEqual(StoreSelfTestCommand.run(["--count=0", "--data-dir=/tmp"]), ExitCode.usage)
        XCTAssertEqual(SimulateCommand.run(["--profile=seed-2020", "--year=2020"]), ExitCode.usage, "no --out")
        XCTAssertEqual(SimulateCommand.run(["--profile=nope", "--year=2020", "--out=/nonexistent"]), ExitCode.usage)
        XCTAssertEqual(KeygenCommand.run(["--out"]), ExitCode.usage)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--json=yes"]), ExitCode.usage)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--at=2020-05-08T10:00", "--at=2020-05-08T11:00"]), ExitCode.usage)
    }

    func testEqualsFormInSetupAndDoctor() {
        XCTAssertEqual(DoctorCommand.run(["--now=yesterday"]), ExitCode.usage)
        XCTAssertEqual(DoctorCommand.run(["--min-free-bytes=-5"]), ExitCode.usage)
        XCTAssertEqual(DoctorCommand.run(["--json=yes"]), ExitCode.usage)
        XCTAssertEqual(DoctorCommand.run(["stray"]), ExitCode.usage)
        XCTAssertEqual(SetupCommand.run(["--kiosk=../etc"]), ExitCode.usage)
        XCTAssertEqual(SetupCommand.run(["--etc=/tmp"]), ExitCode.usage, "no --kiosk")
        XCTAssertEqual(SetupCommand.run(["--kiosk=nowhere", "--config-dir=/nonexistent"]), ExitCode.noInput)
    }

    func testEqualsFormInKioskAndConsoleFont() {
        XCTAssertEqual(KioskCommand.run(["--size=10"]), ExitCode.usage)
        XCTAssertEqual(KioskCommand.run(["--clock=noon", "--script=/nonexistent"]), ExitCode.usage)
        XCTAssertEqual(KioskCommand.run(["--dump-screen=yes"]), ExitCode.usage)
        XCTAssertEqual(KioskCommand.run(["--script=/nonexistent/script.txt", "--touch-device=auto"]), ExitCode.usage)
        XCTAssertEqual(ConsoleFontCommand.run(["--config=/nonexistent/kiosk.json"]), ExitCode.noInput)
        XCTAssertEqual(ConsoleFontCommand.run(["--tty=/dev/tty9"]), ExitCode.usage, "no --config")
        XCTAssertEqual(ConsoleFontCommand.run(["--list=yes"]), ExitCode.usage)
    }

    /// The office's subcommands read their lines with Arguments too, and say it in French.
    func testOfficeParseIsArguments() throws {
        let p = try XCTUnwrap(try OfficeCommand.parse(["K", "--db=x.db", "--kiosk", "a", "--kiosk=b", "--", "--z"],
                                                      options: ["--db"], repeatable: ["--kiosk"]))
        XCTAssertEqual(p.values["--db"], ["x.db"])
        XCTAssertEqual(p.values["--kiosk"], ["a", "b"])
        XCTAssertEqual(p.positional, ["K", "--z"])
        XCTAssertNil(try OfficeCommand.parse(["--db", "x", "-h"], options: ["--db"]))
        for (words, message) in [(["--frob"], "option inconnue « --frob »"), (["--db"], "--db attend une valeur"),
                                 (["--db", "a", "--db=b"], "--db donnée deux fois"), (["--db="], "--db attend une valeur")] {
            XCTAssertThrowsError(try OfficeCommand.parse(words, options: ["--db"])) { e in
                XCTAssertEqual((e as? UsageError)?.french, message)
            }
        }
        XCTAssertEqual(OfficeCommand.run(["trust", "vic", "--key=/nonexistent/k", "--db"]), ExitCode.usage)
    }

    func testEqualsFormInContentCommands() {
        XCTAssertEqual(HikeSheetCommand.run(["puy-griou", "--content=/nonexistent/content", "--out=/tmp/x.pdf"]), ExitCode.noInput)
        XCTAssertEqual(HikeSheetCommand.run(["--content=/c", "--out=/tmp/x.pdf"]), ExitCode.usage, "no ID")
        XCTAssertEqual(HikeSheetCommand.run(["puy-griou", "--content=/c"]), ExitCode.usage, "no --out")
        XCTAssertEqual(ContentInspectCommand.run(["/nonexistent/a.gpx", "/nonexistent/b.gpx"]), ExitCode.usage)
        XCTAssertEqual(ContentInspectCommand.run(["--json=yes", "/nonexistent/a.gpx"]), ExitCode.usage)
        XCTAssertEqual(ContentInspectCommand.run(["--json", "/nonexistent/a.gpx"]), ExitCode.noInput)
        XCTAssertEqual(ContentBuildCommand.run(["--extra=/nonexistent/extra", "--out=/nonexistent/b"]), ExitCode.noInput)
        XCTAssertEqual(ContentBuildCommand.run(["--extra=/e", "--out=/b", "--out=/c"]), ExitCode.usage, "--out twice")
        XCTAssertEqual(ContentBuildCommand.run(["--extra=/e"]), ExitCode.usage, "neither --out nor --content-out")
        XCTAssertEqual(ContentCommand.run(["pack", "content", "--out="]), ExitCode.usage)
        XCTAssertEqual(ContentCommand.run(["verify", "/nonexistent/b", "--pubkey=/nonexistent/1.pub", "--pubkey", "/nonexistent/2.pub"]),
                       ExitCode.noInput, "--pubkey is repeatable")
    }
}
