import BorneStore
import BorneSystem
import Foundation

/// `DATA/upload/lock`: one shipper at a time (the daemon's round, a
/// `--once`, a stick visit), so two of them never plan or park at once.
/// An advisory `flock`, released by the kernel when the process dies.
final class UploadLock {
    private let fd: Int32

    /// Takes the lock, waiting up to `wait` seconds of `clock` (monotonic:
    /// a wall clock set back does not stretch the wait); nil when still held.
    init?(dataDir: URL, wait: Double = 0, clock: MonotonicClock = .system) throws {
        let dir = dataDir.appendingPathComponent("upload").path
        try AtomicFile.makeDirectories(dir)
        let path = dir + "/lock"
        let f = try syscall("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        let deadline = clock.now() + wait
        while flock(f, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, clock.now() < deadline else {
                close(f)
                return nil
            }
            usleep(100_000)
        }
        fd = f
    }

    deinit { close(fd) }     // closing releases the flock
}
