import Foundation

/// An exclusive `flock` on `DATA/sync/lock`, so a timer-started sync and a
/// USB import never stage into the same directory at once. The kernel drops
/// the lock when the process dies, so a `kill -9` leaves nothing to clean.
final class SyncLock {
    private let fd: Int32

    init(_ file: URL) throws {
        let f = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard f >= 0 else {
            throw SyncError.file(path: file.path, message: "cannot open the lock: \(String(cString: strerror(errno)))")
        }
        guard flock(f, LOCK_EX | LOCK_NB) == 0 else {
            close(f)
            throw SyncError.busy(lock: file.path)
        }
        fd = f
    }

    deinit { close(fd) }   // closing releases the lock
}
