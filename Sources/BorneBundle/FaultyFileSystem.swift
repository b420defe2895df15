import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `FileSystem` that fails the Nth operation, for tests of what a fault at
/// any point leaves behind (SQLite's I/O-error tests: N = 1, 2, ... until a
/// run sees no fault) — and, with `.kill`, a real crash at that point.
///
/// A failed `write` first writes half its bytes, as a disk filling up does.
///
/// Compiled in debug builds only (`BORNE_TEST_HOOKS`, Package.swift): the
/// release binary of the .deb has no fault injection at all.
#if BORNE_TEST_HOOKS
public final class FaultyFileSystem: FileSystem {
    public enum Operation: String, CaseIterable, Sendable {
        case kind, list, mkdir, openRead, create, read, write, sync, close, syncDirectory,
             rename, symlink, readSymlink, removeFile, removeDirectory
    }

    /// The operations that change what is on disk. A crash just before a
    /// read leaves the disk as a crash just after the previous one of these,
    /// so crash tests need only count these.
    public static let mutating: Set<Operation> = [.mkdir, .create, .write, .sync, .close, .syncDirectory,
                                                  .rename, .symlink, .removeFile, .removeDirectory]

    public enum Fault: Sendable, Equatable {
        /// The Nth operation throws this errno once; later ones succeed.
        case error(Int32)
        /// The Nth and every later counted operation throw this errno (a disk that stays full).
        case persistent(Int32)
        /// The process sends itself SIGKILL before the Nth operation.
        case kill
    }

    public let base: any FileSystem
    public let failAt: Int
    public let fault: Fault
    /// Only these operations are counted and failed; the others pass through.
    public let counted: Set<Operation>
    /// Counted operations so far.
    public private(set) var count = 0
    /// Whether a fault was injected: when a run ends without one, N went past
    /// the last operation and the loop is done.
    public private(set) var injected = false
    /// Every counted operation, "create staging/x.tmp/bundle.json", for messages.
    public private(set) var trace: [String] = []
    /// The first operation that was failed, as in `trace`.
    public private(set) var failedOperation: String?
    /// The operations that ran before it.
    public var traceBeforeFault: ArraySlice<String> { trace.prefix(injected ? failAt - 1 : trace.count) }

    public init(base: any FileSystem, failAt: Int, fault: Fault = .error(EIO),
                counting counted: Set<Operation> = Set(Operation.allCases)) {
        self.base = base; self.failAt = failAt; self.fault = fault; self.counted = counted
    }

    /// Counts one operation and throws (or dies) when it is the one to fail.
    private func step(_ op: Operation, _ path: String) throws {
        guard counted.contains(op) else { return }
        count += 1
        trace.append("\(op.rawValue) \(path)")
        let code: Int32
        switch fault {
        case .kill:
            guard count == failAt else { return }
            kill(getpid(), SIGKILL)
            pause()
            return
        case .error(let e):
            guard count == failAt else { return }
            code = e
        case .persistent(let e):
            guard count >= failAt else { return }
            code = e
        }
        if !injected { failedOperation = trace.last }
        injected = true
        throw BundleError.system("\(op.rawValue) (injected fault #\(count))", path: path, errno: code)
    }

    public func kind(_ path: String) throws -> FileKind? { try step(.kind, path); return try base.kind(path) }
    public func listDirectory(_ path: String) throws -> [String] { try step(.list, path); return try base.listDirectory(path) }
    public func makeDirectory(_ path: String) throws { try step(.mkdir, path); try base.makeDirectory(path) }
    public func openForReading(_ path: String) throws -> Int32 { try step(.openRead, path); return try base.openForReading(path) }
    public func createFile(_ path: String, private isPrivate: Bool) throws -> Int32 {
        try step(.create, path); return try base.createFile(path, private: isPrivate)
    }
    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        try step(.read, path); return try base.read(fd, into: buffer, path: path)
    }
    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        do {
            try step(.write, path)
        } catch {
            // A full disk takes part of a write before refusing the rest.
            if bytes.count > 1 { try? base.write(fd, UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count / 2)]), path: path) }
            throw error
        }
        try base.write(fd, bytes, path: path)
    }
    public func sync(_ fd: Int32, path: String) throws { try step(.sync, path); try base.sync(fd, path: path) }
    public func close(_ fd: Int32, path: String) throws {
        do {
            try step(.close, path)
        } catch {
            // close(2) releases the descriptor even when it reports an error.
            try? base.close(fd, path: path)
            throw error
        }
        try base.close(fd, path: path)
    }
    public func syncDirectory(_ path: String) throws { try step(.syncDirectory, path); try base.syncDirectory(path) }
    public func rename(_ from: String, to: String) throws { try step(.rename, from); try base.rename(from, to: to) }
    public func createSymlink(_ path: String, target: String) throws { try step(.symlink, path); try base.createSymlink(path, target: target) }
    public func readSymlink(_ path: String) throws -> String? { try step(.readSymlink, path); return try base.readSymlink(path) }
    public func removeFile(_ path: String) throws { try step(.removeFile, path); try base.removeFile(path) }
    public func removeDirectory(_ path: String) throws { try step(.removeDirectory, path); try base.removeDirectory(path) }
}
#endif
