import Foundation
import BorneBundle

/// `borne keygen --out DIR`: a new Ed25519 key pair for signing bundles.
enum KeygenCommand {
    static let help = """
        usage: borne keygen --out DIR

        Creates DIR/borne.key, the private key (PEM PKCS#8, mode 0600: keep it on
        the contractor's laptop, never on a kiosk), and DIR/borne.pub, the public
        key (64 hex digits). Prints the public key: put it in trusted_keys of every
        kiosk configuration. Existing keys are never overwritten.

        Exit: 0 ok, 64 usage, 73 a key file exists, 74 I/O error.
        """

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "keygen", spec: ArgumentSpec(options: ["--out DIR"], required: ["--out"]), help: help) { a in
            write(to: ContentCommand.url(a.value("--out")!))
        }
    }

    static func write(to dir: URL) -> Int32 {
        let keyFile = dir.appendingPathComponent("borne.key")
        let pubFile = dir.appendingPathComponent("borne.pub")
        for file in [keyFile, pubFile] where FileManager.default.fileExists(atPath: file.path) {
            printError("borne keygen: \(file.path): already exists; keys are never overwritten (choose another --out)")
            return ExitCode.canCreate
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let key = try Ed25519PrivateKey.generate()
            try key.write(to: keyFile)
            try key.publicKey.write(to: pubFile)
            print(key.publicKey.hex)
            printError("borne keygen: wrote \(keyFile.path) (private, mode 0600) and \(pubFile.path); "
                       + "add the public key above to trusted_keys of the kiosk configurations")
            return ExitCode.ok
        } catch let e as BundleError {
            printError("borne keygen: \(e)")
            return ContentCommand.exitCode(e)
        } catch {
            printError("borne keygen: \(dir.path): \(error.localizedDescription)")
            return ExitCode.ioErr
        }
    }
}
