/// The uploader's operations that touch the world, in the order a round
/// does them. Tests fail the Nth one (`Uploader.faults`, `Outbox.faults`)
/// before or after it happens.
public enum UploadOperation: Equatable, Sendable, CustomStringConvertible {
    /// Opening the database and reading the cursor and rows.
    case readStore
    /// Writing `DATA/upload/plan.json` (the ranges about to be sent).
    case savePlan
    /// One PUT (batch or heartbeat), by its path under the collector's base.
    case put(String)
    /// The transaction that moves `last_acked_seq` to this value.
    case acknowledge(Int64)
    /// Writing `DATA/upload/parked.json`.
    case saveParked
    /// Writing or removing a file on a USB stick.
    case stick(String)

    public var description: String {
        switch self {
        case .readStore: return "read the store"
        case .savePlan: return "save the plan"
        case .put(let p): return "PUT \(p)"
        case .acknowledge(let s): return "acknowledge up to \(s)"
        case .saveParked: return "save the parked batches"
        case .stick(let p): return "stick \(p)"
        }
    }
}

/// `.before`: the operation has not happened; `.after`: it happened and a
/// failure is reported anyway (the ambiguous case: a PUT stored but its
/// answer lost, a COMMIT done but reported failed).
public enum UploadPhase: Sendable { case before, after }

/// Test hook: throwing from it fails the operation.
public typealias UploadFaultHook = (UploadOperation, UploadPhase) throws -> Void

/// Runs `body` between the hook's two calls.
@discardableResult
func withFaults<T>(_ hook: UploadFaultHook?, _ op: UploadOperation, _ body: () throws -> T) throws -> T {
    try hook?(op, .before)
    let result = try body()
    try hook?(op, .after)
    return result
}
