import Foundation

/// A failed system call: what was being done, on which path, and errno.
/// The one error of the system calls of Borne (files, directories, locks):
/// `"PATH: cannot OPERATION: strerror (errno N)"`.
public struct IOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done, as a verb phrase: "create", "rename", "stat the statistics key".
    public var operation: String
    public var path: String
    public var errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation; self.path = path; self.errno = errno
    }

    /// ENOSPC / EDQUOT: the disk (the stick, the collector's disk) is full.
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }

    public var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Runs a system call, again while it fails with EINTR; any other failure
/// (a negative result) becomes an `IOError` naming `operation` and `path`.
/// Returns what the call returned (a descriptor, a byte count...).
@discardableResult
public func syscall<R: BinaryInteger>(_ operation: String, _ path: String, _ body: () -> R) throws -> R {
    while true {
        let rc = body()
        if rc >= 0 { return rc }
        let e = errno
        if e == EINTR { continue }
        throw IOError(operation: operation, path: path, errno: e)
    }
}
