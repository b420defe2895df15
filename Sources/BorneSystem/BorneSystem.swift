/// BorneSystem — the system calls on files, in one place: `syscall` (runs a
/// call again on EINTR, turns any other failure into the one `IOError` that
/// names the operation, the path and errno), `AtomicFile` (whole or absent
/// after a crash: temporary file, fsync, rename, fsync of the directory;
/// bounded reads) and `KeyFile` (a private file made once, never replaced).
///
/// Must never: lose errno or the path of a failure (every message says what
/// was done, where, and why it failed); leave a half-written file under its
/// final name; replace a key file that exists; know what the bytes mean
/// (codecs are BorneStats', BorneStore's...).
public enum BorneSystem {}
