import BorneTestSupport
import BorneCore
import Foundation
import XCTest
@testable import BorneBundle

/// SHA-256 and Ed25519 through libcrypto, against published test vectors.
final class CryptoTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testSHA256StreamsInChunks() {
        // FIPS 180-2: one million 'a', fed in uneven chunks.
        let h = SHA256()
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 999)
        var fed = 0
        while fed < 1_000_000 {
            let n = min(chunk.count, 1_000_000 - fed)
            h.update(chunk.prefix(n))
            fed += n
        }
        XCTAssertEqual(h.finalizeHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 8032, section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    static let rfc8032: [(secret: String, public: String, message: String, signature: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
         "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
         "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ]

    func testEd25519MatchesRFC8032Vectors() throws {
        for v in Self.rfc8032 {
            let key = try Ed25519PrivateKey(rawSecret: Hex.decode(v.secret)!)
            XCTAssertEqual(key.publicKey.hex, v.public)
            let message = Data(Hex.decode(v.message)!)
            XCTAssertEqual(Hex.encode(try key.sign(message)), v.signature)
            let pub = try Ed25519PublicKey(hex: v.public)
            XCTAssertTrue(pub.verify(signature: Hex.decode(v.signature)!, message: message))
        }
    }

    func testEd25519RejectsAlteredSignatureMessageOrKey() throws {
        let v = Self.rfc8032[1]
        let pub = try Ed25519PublicKey(hex: v.public)
        let sig = Hex.decode(v.signature)!
        var flipped = sig
        flipped[10] ^= 0x01
        XCTAssertFalse(pub.verify(signature: flipped, message: Data([0x72])))
        XCTAssertFalse(pub.verify(signature: sig, message: Data([0x73])))
        XCTAssertFalse(pub.verify(signature: Array(sig.prefix(63)), message: Data([0x72])))
        let other = try Ed25519PublicKey(hex: Self.rfc8032[0].public)
        XCTAssertFalse(other.verify(signature: sig, message: Data([0x72])))
    }

    func testGeneratedKeyRoundTripsThroughPEMAndSigns() throws {
        let key = try Ed25519PrivateKey.generate()
        let pem = try key.pem()
        XCTAssertTrue(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let again = try Ed25519PrivateKey(pem: pem, source: "test")
        XCTAssertEqual(again.publicKey, key.publicKey)
        XCTAssertEqual(try again.rawSecret(), try key.rawSecret())
        let message = Data("manifest".utf8)
        XCTAssertTrue(key.publicKey.verify(signature: try again.sign(message), message: message))
        XCTAssertNotEqual(try Ed25519PrivateKey.generate().publicKey, key.publicKey)
    }

    func testPrivateKeyIsNeverPrinted() throws {
        let key = try Ed25519PrivateKey(rawSecret: Hex.decode(Self.rfc8032[0].secret)!)
        for text in ["\(key)", String(describing: key), String(reflecting: key)] {
            XCTAssertFalse(text.contains(Self.rfc8032[0].secret), text)
            XCTAssertFalse(text.contains("9d61b19d"), text)
        }
    }

    func testKeyFilesArePEMWithMode0600AndHexPublic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try Ed25519PrivateKey.generate()
        let keyFile = dir.appendingPathComponent("borne.key")
        let pubFile = dir.appendingPathComponent("borne.pub")
        try key.write(to: keyFile)
        try key.publicKey.write(to: pubFile)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? NSNumber)
        XCTAssertEqual(mode.intValue & 0o777, 0o600)
        XCTAssertNil(Ed25519PrivateKey.permissionWarning(file: keyFile))
        XCTAssertEqual(try Ed25519PrivateKey.load(file: keyFile).publicKey, key.publicKey)
        XCTAssertEqual(try String(contentsOf: pubFile, encoding: .utf8), key.publicKey.hex + "\n")
        XCTAssertEqual(try Ed25519PublicKey.load(file: pubFile), key.publicKey)
        // Never overwrite a key.
        XCTAssertThrowsError(try Ed25519PrivateKey.generate().write(to: keyFile))
        XCTAssertEqual(try Ed25519PrivateKey.load(file: keyFile).publicKey, key.publicKey)
    }

    /// The key file is what OpenSSL itself reads: its public half matches.
    func testOpenSSLCommandReadsTheKeyFile() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { throw MissingPrerequisite("no openssl command") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try Ed25519PrivateKey.generate()
        let keyFile = dir.appendingPathComponent("borne.key")
        try key.write(to: keyFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["pkey", "-in", keyFile.path, "-pubout", "-outform", "DER"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let der = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(Hex.encode(der.suffix(32)), key.publicKey.hex)
    }

    func testPublicKeyHexIsStrict() {
        XCTAssertThrowsError(try Ed25519PublicKey(hex: String(repeating: "a", count: 63)))
        XCTAssertThrowsError(try Ed25519PublicKey(hex: String(repeating: "g", count: 64)))
        XCTAssertNoThrow(try Ed25519PublicKey(hex: " " + String(repeating: "A", count: 64) + "\n"))
    }
}
