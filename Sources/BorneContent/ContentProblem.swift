/// Something wrong in the content that did not stop loading: the item, field
/// or file it concerns was skipped or dropped, and the rest loaded.
///
/// `description` reads like
/// `items/manger.json: item "auberge-x": field "opening_hours": expected a time at character 12`.
public struct ContentProblem: Equatable, Sendable, CustomStringConvertible {
    /// Path relative to the content directory ("items/manger.json").
    public var file: String
    /// The item's id, when the item has a usable one.
    public var itemID: String?
    /// The item's position in its file's `items` array (0-based), shown as
    /// `items[3]` when the item has no usable id.
    public var itemIndex: Int?
    /// The field, dotted and indexed for nested ones ("hike.gpx", "dates[1].end").
    public var field: String?
    public var message: String

    public init(file: String, itemID: String? = nil, itemIndex: Int? = nil, field: String? = nil, message: String) {
        self.file = file; self.itemID = itemID; self.itemIndex = itemIndex
        self.field = field; self.message = message
    }

    public var description: String {
        var parts = [file]
        if let id = itemID {
            parts.append("item \"\(id)\"")
        } else if let index = itemIndex {
            parts.append("items[\(index)]")
        }
        if let field { parts.append("field \"\(field)\"") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
