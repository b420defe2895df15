/// A fault that stops loading: without `bundle.json` or `office.json` there is
/// no catalog to show, and the kiosk keeps the content version it has.
public enum ContentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The content directory itself is missing or not a directory.
    case notADirectory(path: String)
    /// A required file (path relative to the content directory) is absent.
    case missingFile(file: String)
    /// A required file could not be read, is too large, or is not UTF-8 JSON.
    case unreadable(file: String, reason: String)
    /// A required file's field is missing or invalid.
    case invalidField(file: String, field: String, message: String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            return "\(path): not a content directory (expected bundle.json, office.json and items/)"
        case .missingFile(let file):
            return "\(file): required file is missing"
        case .unreadable(let file, let reason):
            return "\(file): \(reason)"
        case .invalidField(let file, let field, let message):
            return "\(file): field \"\(field)\": \(message)"
        }
    }
}
