internal import CCrypto

/// HMAC-SHA256 through libcrypto's one-shot `HMAC()` (loaded on first use: CCrypto/shim.h).
public enum HMACSHA256 {
    /// Bytes of a MAC.
    public static let length = 32

    public static func mac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLength: UInt32 = 0
        // Empty arrays may have no base address; HMAC wants pointers either way.
        let keyBytes = key.isEmpty ? [0] : key
        let dataBytes = data.isEmpty ? [0] : data
        let result = keyBytes.withUnsafeBufferPointer { k in
            dataBytes.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    borne_HMAC(borne_EVP_sha256(), k.baseAddress, Int32(key.count), d.baseAddress, data.count,
                         o.baseAddress, &outLength)
                }
            }
        }
        // Only an allocation failure inside libcrypto can get here.
        precondition(result != nil && outLength == UInt32(length), "HMAC-SHA256 failed in libcrypto")
        return Array(out.prefix(length))
    }

    public static func mac(key: StatsKey, _ data: [UInt8]) -> [UInt8] { mac(key: key.bytes, data) }

    /// True when `expected` is the MAC of `data`; compares in constant time.
    public static func verify(_ expected: [UInt8], key: StatsKey, _ data: [UInt8]) -> Bool {
        guard expected.count == length else { return false }
        let actual = mac(key: key, data)
        return expected.withUnsafeBytes { e in
            actual.withUnsafeBytes { a in borne_CRYPTO_memcmp(e.baseAddress, a.baseAddress, length) == 0 }
        }
    }
}
