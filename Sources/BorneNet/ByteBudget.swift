import Foundation

/// A per-day cap on the bytes a kiosk moves over its link (the Pas de Cère
/// kiosk is on a metered 4G plan). The day is the Europe/Paris calendar day,
/// so the budget renews at local midnight whatever the system time zone.
///
/// State lives in a small JSON file (`{"date": "2025-11-26", "used": 1234}`)
/// written atomically after every transfer, so a restart, a crash or a second
/// `borne sync` the same day sees what was already spent. `borne sync` and
/// `borne upload` share it: each update (read, add, replace) holds an
/// exclusive `flock` on `FILE.lock`, so two processes never lose each
/// other's bytes. A file that cannot
/// be parsed counts as nothing spent: a damaged file must not stop sync forever.
///
/// Counted: every byte a transfer actually moved — response headers and
/// bodies received, request headers and bodies sent — including those of
/// failed or aborted transfers, since the operator bills them too.
public final class ByteBudget {
    /// Bytes allowed per Europe/Paris day.
    public let limit: Int64
    /// The JSON state file.
    public let file: URL
    private let now: () -> Date

    struct State: Codable, Equatable {
        var date: String
        var used: Int64
    }

    /// - Parameter now: the clock, injectable so tests can cross midnight.
    public init(limit: Int64, file: URL, now: @escaping () -> Date = Date.init) {
        precondition(limit >= 0, "a byte budget cannot be negative")
        self.limit = limit
        self.file = file
        self.now = now
    }

    /// The budget of a data directory: `DIR/net/budget.json`.
    public convenience init(limit: Int64, dataDir: URL, now: @escaping () -> Date = Date.init) {
        self.init(limit: limit, file: dataDir.appendingPathComponent("net/budget.json"), now: now)
    }

    /// Bytes spent today (Europe/Paris).
    public var used: Int64 { load().used }

    /// Bytes still allowed today; never negative.
    public var remaining: Int64 { max(0, limit - used) }

    /// Throws `budgetExceeded` when `bytes` more would pass today's limit.
    public func ensureAllows(_ bytes: Int64) throws {
        let u = used
        if u + bytes > limit { throw NetError.budgetExceeded(used: u, limit: limit) }
    }

    /// Adds bytes actually moved and persists the total.
    public func record(_ bytes: Int64) throws {
        guard bytes > 0 else { return }
        try locked {
            var s = load()
            s.used += bytes
            try save(s)
        }
    }

    /// Runs `update` holding an exclusive lock on `FILE.lock` (flock: released
    /// by the kernel if the process dies, so a crash never leaves it held).
    private func locked(_ update: () throws -> Void) throws {
        let lockPath = file.path + ".lock"
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw NetError.file(path: file.path, message: "cannot record the byte budget: \(error.localizedDescription)")
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw NetError.file(path: lockPath, message: "cannot open the byte budget's lock: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw NetError.file(path: lockPath, message: "cannot lock the byte budget: \(String(cString: strerror(errno)))")
            }
        }
        try update()
    }

    /// "yyyy-MM-dd" of `date` in Europe/Paris.
    public static func parisDay(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Today's state: the file's if it is today's, else a fresh day.
    private func load() -> State {
        let today = Self.parisDay(now())
        guard let data = try? Data(contentsOf: file),
              let s = try? JSONDecoder().decode(State.self, from: data),
              s.date == today, s.used >= 0
        else { return State(date: today, used: 0) }
        return s
    }

    private func save(_ s: State) throws {
        let dir = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            try enc.encode(s).write(to: file, options: .atomic)
        } catch {
            throw NetError.file(path: file.path, message: "cannot record the byte budget: \(error.localizedDescription)")
        }
    }
}
