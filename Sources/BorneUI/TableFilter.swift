import BorneCore

/// The hiking table's filters: one optional choice per group (tapping the
/// chosen option again clears it), two switches, and the sort order. Lives
/// in `AppState` and is cleared at every return home by idleness.
public struct TableFilter: Hashable, Sendable {
    public var territory: Territory?
    public var activity: HikeActivity?
    public var difficulty: HikeDifficulty?
    public var duration: DurationBand?
    public var distance: DistanceBand?
    public var loopOnly = false
    public var children = false
    public var sort: TableSort = .distance

    public init() {}

    public var isEmpty: Bool {
        territory == nil && activity == nil && difficulty == nil && duration == nil && distance == nil
            && !loopOnly && !children
    }

    /// Whether `item` passes every filter.
    public func matches(_ item: ContentItem) -> Bool {
        HikeFacets(item).map(matches) ?? false
    }

    /// Whether a hike with these facets passes every filter.
    public func matches(_ h: HikeFacets) -> Bool {
        if let t = territory, h.territory != t { return false }
        if let a = activity, h.activity != a { return false }
        if let d = difficulty, h.difficulty != d { return false }
        if let b = duration, !b.contains(minutes: h.durationMinutes) { return false }
        if let b = distance {
            guard let km = h.km, b.contains(km: km) else { return false }
        }
        if loopOnly && !h.loop { return false }
        if children && !h.children { return false }
        return true
    }

    /// This filter with one change applied: a choice already made is undone.
    public func applying(_ c: TableChange) -> TableFilter {
        var f = self
        switch c {
        case .territory(let v): f.territory = f.territory == v ? nil : v
        case .activity(let v): f.activity = f.activity == v ? nil : v
        case .difficulty(let v): f.difficulty = f.difficulty == v ? nil : v
        case .duration(let v): f.duration = f.duration == v ? nil : v
        case .distance(let v): f.distance = f.distance == v ? nil : v
        case .loop: f.loopOnly.toggle()
        case .children: f.children.toggle()
        case .sort(let s): f.sort = s
        case .clear: f = TableFilter(); f.sort = sort
        }
        return f
    }
}

/// What the filters look at in a hike, copied out of its item once per
/// content: a filter panel's live counts go over these small values, not
/// over the catalog's items (tags, texts, tracks).
public struct HikeFacets: Equatable, Sendable {
    public var territory: Territory?
    public var activity: HikeActivity
    public var difficulty: HikeDifficulty
    public var durationMinutes: Int
    public var km: Double?
    public var loop: Bool
    public var children: Bool

    /// Nil for an item that is not a hike.
    public init?(_ item: ContentItem) {
        guard let h = item.hike else { return nil }
        territory = h.territory; activity = h.activity; difficulty = h.difficulty
        durationMinutes = h.durationMinutes; km = h.effectiveDistanceKm; loop = h.loop
        children = item.tags.contains("enfants")
    }

    /// From what a catalog keeps of every item; nil for an item that is not a hike.
    public init?(_ facts: ItemFacts) {
        guard let f = facts.hike else { return nil }
        let h = f.info
        territory = h.territory; activity = h.activity; difficulty = h.difficulty
        durationMinutes = h.durationMinutes; km = f.distanceKm; loop = h.loop
        children = facts.children
    }
}

/// One tap on the filter panel.
public enum TableChange: Equatable, Sendable {
    case territory(Territory), activity(HikeActivity), difficulty(HikeDifficulty)
    case duration(DurationBand), distance(DistanceBand)
    case loop, children, sort(TableSort), clear
}

/// Duration bands: < 2 h, 2–4 h, > 4 h (4 h itself is "2–4 h").
public enum DurationBand: String, CaseIterable, Sendable {
    case short, medium, long
    public func contains(minutes: Int) -> Bool {
        switch self {
        case .short: return minutes < 120
        case .medium: return minutes >= 120 && minutes <= 240
        case .long: return minutes > 240
        }
    }
    public var label: String {
        switch self { case .short: return "< 2 h"; case .medium: return "2–4 h"; case .long: return "> 4 h" }
    }
}

/// Distance bands: < 8 km, 8–15 km, > 15 km.
public enum DistanceBand: String, CaseIterable, Sendable {
    case short, medium, long
    public func contains(km: Double) -> Bool {
        switch self {
        case .short: return km < 8
        case .medium: return km >= 8 && km <= 15
        case .long: return km > 15
        }
    }
    public var label: String {
        switch self { case .short: return "< 8 km"; case .medium: return "8–15 km"; case .long: return "> 15 km" }
    }
}

public enum TableSort: String, CaseIterable, Sendable {
    /// From the kiosk (its config's `geo`); by name when the kiosk has none.
    case distance, duration, difficulty
}

/// The three views of a hike on the table.
public enum HikeView: String, Equatable, Sendable {
    case map, relief, takeAway
}
