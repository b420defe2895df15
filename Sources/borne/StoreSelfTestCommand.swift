import BorneStore
import Foundation

/// `borne store-selftest` (hidden): records touches through the kiosk's
/// `TouchRecorder` as fast as it takes them and prints each sequence number
/// once its commit has returned. BorneStoreTests kill it with SIGKILL at a
/// random moment and check that every printed number is in the database.
enum StoreSelfTestCommand {
    static let help = """
        Usage: borne store-selftest --data-dir DIR [--count N] [--kiosk ID]

        Records N touches (default 100000), a session every 10, through the kiosk's
        touch recorder into DIR/sessions.db, and prints on stdout the sequence number
        of each touch once its transaction has committed. For the store's kill -9
        test; a kiosk never runs it.

        Exit codes: 0 ok, 64 usage, 75 touches left unwritten (see stderr).
        """

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "store-selftest", spec: spec, help: help) { a in
            var count = 100_000
            if let v = a.value("--count") {
                guard let n = Int(v), n > 0 else { throw UsageError("--count needs a positive number, got '\(v)'") }
                count = n
            }
            return selftest(dataDir: a.value("--data-dir")!, count: count, kiosk: a.value("--kiosk") ?? "selftest")
        }
    }

    static let spec = ArgumentSpec(options: ["--data-dir DIR", "--count N", "--kiosk ID"], required: ["--data-dir"])

    static func selftest(dataDir: String, count: Int, kiosk: String) -> Int32 {

        var config = RecorderConfig(dataDir: dataDir, kioskID: kiosk)
        config.onCommit = { seqs in
            // One write(2) per commit, unbuffered: what is printed was durable first.
            FileHandle.standardOutput.write(Data(seqs.map { "\($0)\n" }.joined().utf8))
        }
        let recorder = TouchRecorder(config: config)
        let start = Date()
        for n in 1...count {
            let now = Date()
            let mono = DispatchTime.now().uptimeNanoseconds
            if n % 10 == 1 { recorder.sessionStarted(at: now, monoNs: mono) }
            recorder.record(TouchRecord(wall: now, monoNs: mono, screen: "list:manger", section: "manger",
                                        target: "item:selftest-\(n % 7)", x: n % 160, y: n % 45,
                                        language: "fr", contentVersion: "selftest"))
            if n % 10 == 0 { recorder.sessionEnded(at: now, monoNs: mono) }
            // Keep the queue short: the test wants commits, not a memory backlog.
            while recorder.status.waiting > 2000 { usleep(1000) }
        }
        let done = recorder.close(timeout: 30)
        let status = recorder.status
        printError("borne store-selftest: \(status.touchesWritten) touches in "
                   + String(format: "%.1f s", Date().timeIntervalSince(start)) + "; \(status.summary)")
        return done ? ExitCode.ok : ExitCode.tempFail
    }
}
