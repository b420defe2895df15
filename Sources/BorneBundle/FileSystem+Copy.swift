import Foundation

extension FileSystem {
    /// Copies `source` to a new file `destination` (created exclusively),
    /// hashing what it copies, and fsyncs the copy. With `limit`, stops
    /// reading after `limit + 1` bytes so an oversized object is not copied
    /// whole; the caller compares the returned size and hash.
    func copyHashing(from source: String, to destination: String, limit: Int64? = nil,
                     private isPrivate: Bool = false) throws -> (sha256: String, size: Int64) {
        let input = try openForReading(source)
        defer { try? close(input, path: source) }
        let output = try createFile(destination, private: isPrivate)
        let hasher = SHA256()
        var size: Int64 = 0
        do {
            var buffer = [UInt8](repeating: 0, count: 256 << 10)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try read(input, into: $0, path: source) }
                if n == 0 { break }
                try buffer.withUnsafeBytes { raw in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[..<n])
                    hasher.update(chunk)
                    try write(output, chunk, path: destination)
                }
                size += Int64(n)
                if let limit, size > limit { break }
            }
            try sync(output, path: destination)
        } catch {
            try? close(output, path: destination)
            throw error
        }
        try close(output, path: destination)
        return (hasher.finalizeHex(), size)
    }

    /// Hashes a file without copying it; stops after `limit + 1` bytes.
    func hashFile(_ path: String, limit: Int64? = nil) throws -> (sha256: String, size: Int64) {
        let fd = try openForReading(path)
        defer { try? close(fd, path: path) }
        let hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(fd, into: $0, path: path) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            size += Int64(n)
            if let limit, size > limit { break }
        }
        return (hasher.finalizeHex(), size)
    }
}

extension BundleManifest.File {
    /// Checks the size and SHA-256 of a copied or read object against this entry.
    func check(_ got: (sha256: String, size: Int64)) throws {
        let file = self
        if got.size < file.size { throw BundleError.truncatedObject(path: file.path, expected: file.size, actual: got.size) }
        if got.size > file.size { throw BundleError.sizeMismatch(path: file.path, expected: file.size, actual: got.size) }
        if got.sha256 != file.sha256 {
            throw BundleError.checksumMismatch(path: file.path, expected: file.sha256, actual: got.sha256)
        }
    }
}
