import BorneCore
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The items of an item index kept where they lie: the file stays open
/// (a new version renamed over it leaves this one's bytes readable), each
/// item's block and place in it are known, and an item is decoded when a
/// screen asks for it: its block read and its checksum checked again, then
/// that item only. The `recentLimit` last items asked are kept. What lists,
/// counts and filters need of every item (`ItemFacts`, with its opening
/// hours already parsed) is kept for all, and hikes' tracks.
///
/// A block that cannot be read or fails its checksum at display time is
/// said through `report` (file, block, why) and every item is then read
/// again from the content's JSON files (`fallback`), once; an item missing
/// from those too is shown as a stand-in with its facts and no texts.
final class IndexShelf: ItemShelf, @unchecked Sendable {
    /// The open index file, closed with the last shelf that reads it.
    final class File: @unchecked Sendable {
        let url: URL
        let fd: Int32
        /// Where each block starts in the file, and its length.
        let blocks: [(offset: Int, length: Int)]
        init(url: URL, fd: Int32, blocks: [(offset: Int, length: Int)]) { self.url = url; self.fd = fd; self.blocks = blocks }
        deinit { close(fd) }

        /// A block's bytes, read and checked.
        func reader(_ block: (offset: Int, length: Int)) throws -> IndexReader {
            try IndexReader(try ItemIndexFile.read(fd, at: block.offset, count: block.length, url: url),
                            magic: ItemIndex.bodyMagic,
                            notAnIndex: "its checksum does not match its contents (truncated or altered)")
        }
    }

    /// An item's block and offset in it.
    struct Place { var block: UInt32; var offset: UInt32 }

    static let recentLimit = 128

    let file: File
    private let places: [Place]
    private let allFacts: [ItemFacts]
    private let tracks: [Int: Track]
    private let geo: GeoPoint?
    private let fallback: @Sendable () -> [ContentItem]
    private let report: @Sendable (String) -> Void

    private let lock = NSLock()
    private var recent: [Int: (item: ContentItem, used: Int)] = [:]
    private var clock = 0
    /// The items read from the JSON files after a block failed.
    private var fallen: [ContentItem]?
    /// Items decoded from the file so far (tests: what a screen cost).
    private(set) var decoded = 0
    /// Items kept decoded now.
    var kept: Int { lock.withLock { recent.count } }

    init(file: File, places: [Place], facts: [ItemFacts], tracks: [Int: Track], geo: GeoPoint?,
         fallback: @escaping @Sendable () -> [ContentItem], report: @escaping @Sendable (String) -> Void) {
        self.file = file; self.places = places; allFacts = facts; self.tracks = tracks; self.geo = geo
        self.fallback = fallback; self.report = report
    }

    var count: Int { allFacts.count }

    func facts(at position: Int) -> ItemFacts { allFacts[position] }

    func item(at position: Int) -> ContentItem {
        lock.lock(); defer { lock.unlock() }
        if let fallen { return fallenItem(position, in: fallen) }
        clock += 1
        if let hit = recent[position] {
            recent[position]!.used = clock
            return hit.item
        }
        do {
            let item = try decode(position)
            if recent.count >= Self.recentLimit, let oldest = recent.min(by: { $0.value.used < $1.value.used }) {
                recent[oldest.key] = nil
            }
            recent[position] = (item, clock)
            return item
        } catch {
            let block = Int(places[position].block)
            return fallenItem(position, in: fallBack("block \(block + 1) of \(file.blocks.count) (item \(position + 1), "
                                                     + "\(allFacts[position].id)): \(error)"))
        }
    }

    /// Says why the file can no longer be read and reads every item from
    /// the JSON files (once; the lock held).
    private func fallBack(_ why: String) -> [ContentItem] {
        if let fallen { return fallen }
        report("item index \(file.url.path), \(why); every item read again from the content's JSON files")
        let items = Self.placed(fallback(), at: geo)
        if items.count != count {
            report("the content's JSON files give \(items.count) item(s) where item index \(file.url.path) "
                   + "listed \(count): items missing shown without their texts; reinstall the content version")
        }
        recent = [:]
        fallen = items
        return items
    }

    /// The item at `position` from the JSON files, or a stand-in with its
    /// facts when they no longer hold it there.
    private func fallenItem(_ position: Int, in items: [ContentItem]) -> ContentItem {
        let f = allFacts[position]
        if position < items.count, items[position].id == f.id { return items[position] }
        if let same = items.first(where: { $0.id == f.id }) { return same }
        return ContentItem(id: f.id, section: f.section, name: LocalizedText([:]),
                           tags: (f.rainy ? ["pluie"] : []) + (f.children ? ["enfants"] : []),
                           dates: f.dates, hike: f.hike?.info)
    }

    /// Reads the item's block, checks it, decodes that item.
    private func decode(_ position: Int) throws -> ContentItem {
        let place = places[position]
        let block = file.blocks[Int(place.block)]
        var r = try file.reader(block)
        try r.seek(Int(place.offset))
        var shared = SharedTexts()
        var (item, _, _) = try r.item(sharing: &shared)
        guard item.id == allFacts[position].id else {
            throw ItemIndex.DecodeError(description: "it holds \(Quote.value(item.id)) where its head said "
                                        + Quote.value(allFacts[position].id))
        }
        item.openingHours = allFacts[position].openingHours
        if let track = tracks[position] { item.hike?.track = track }
        decoded += 1
        return item
    }

    /// Block by block, each checked; of each item only its name is decoded
    /// (it comes after its id, section and demo flag, `IndexWriter.item`).
    func forEachName(_ body: (Int, LocalizedText) -> Void) {
        lock.lock()
        let fallen = self.fallen
        lock.unlock()
        if fallen == nil {
            do {
                var position = 0
                for (b, block) in file.blocks.enumerated() {
                    var r = try file.reader(block)
                    while position < count, places[position].block == UInt32(b) {
                        try r.seek(Int(places[position].offset))
                        _ = try r.str(); _ = try r.str(); _ = try r.bool()
                        body(position, try r.text())
                        position += 1
                    }
                }
                return
            } catch {
                lock.lock()
                _ = fallBack("read in order: \(error)")
                lock.unlock()
            }
        }
        for p in 0..<count { body(p, item(at: p).name) }
    }

    func placingHours(at geo: GeoPoint) -> any ItemShelf {
        var facts = allFacts
        var placed: [ObjectIdentifier: SharedHours] = [:]
        for i in facts.indices {
            guard let shared = facts[i].sharedHours else { continue }
            let key = ObjectIdentifier(shared)
            if placed[key] == nil { placed[key] = shared.placing(at: geo) }
            facts[i].sharedHours = placed[key]
        }
        return IndexShelf(file: file, places: places, facts: facts, tracks: tracks, geo: geo,
                          fallback: fallback, report: report)
    }

    /// The fallback's items with their hours placed as this shelf's.
    static func placed(_ items: [ContentItem], at geo: GeoPoint?) -> [ContentItem] {
        var c = ContentCatalog(version: "", office: OfficeInfo(name: LocalizedText([:]), address: "", phone: "", email: ""),
                               items: items, emergency: [], weather: nil)
        c.placeHours(at: geo)
        return c.items
    }

}

/// The home's stand-ins (`ItemIndex.Home.stand`) as a shelf: what the head
/// of an item index holds of each item, an item made when asked (a home
/// counts through `facts(at:)`), not 10,000 `ContentItem`s held before the
/// first frame.
final class HeadShelf: ItemShelf {
    let home: [ItemIndex.Home]
    init(_ home: [ItemIndex.Home]) { self.home = home }
    var count: Int { home.count }
    func item(at position: Int) -> ContentItem { home[position].stand }
    func facts(at position: Int) -> ItemFacts {
        let h = home[position]
        return ItemFacts(id: "", section: h.section, rainy: h.rainy, dates: h.lastDay.map { [EventDate(start: $0, end: $0)] } ?? [])
    }
    func forEachName(_ body: (Int, LocalizedText) -> Void) {
        for p in home.indices { body(p, LocalizedText([:])) }
    }
    func placingHours(at geo: GeoPoint) -> any ItemShelf { self }
}

extension ItemIndexSession {
    /// The items of the first index that describes the content exactly,
    /// kept on disk (`IndexShelf`): every block read and checked once, the
    /// facts, opening hours and tracks kept; nil when none does
    /// (`use.refused` says why). `fallback` reads the items from the JSON
    /// files should a block fail later; `report` says so.
    func shelved(hoursCache: OpeningHoursCache, tracks: TrackIndexSession,
                 fallback: @escaping @Sendable () -> [ContentItem],
                 report: @escaping @Sendable (String) -> Void) -> (shelf: IndexShelf, problems: [ContentProblem])? {
        for url in candidates {
            guard let head = freshHead(at: url) else { continue }
            let fd = Glibc.open(url.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                use.refused.append("item index \(url.path) not used: cannot open it: \(String(cString: strerror(errno)))")
                continue
            }
            var blocks: [(offset: Int, length: Int)] = []
            var at = head.bodyAt
            for length in head.head.blocks { blocks.append((at, length)); at += length }
            let file = IndexShelf.File(url: url, fd: fd, blocks: blocks)
            do {
                let (places, facts, found, problems, why) = try sweep(file, count: head.head.home.count,
                                                                       hoursCache: hoursCache, tracks: tracks)
                if let why {
                    use.refused.append("item index \(url.path) is stale (\(why))")
                    continue
                }
                use.source = url
                let shelf = IndexShelf(file: file, places: places, facts: facts, tracks: found, geo: nil,
                                       fallback: fallback, report: report)
                return (shelf, problems)
            } catch {
                use.refused.append("item index \(url.path) not used: \(error)")
            }
        }
        return nil
    }

    /// Every block read and checked, every item decoded once: where each
    /// is, its facts (hours parsed as a full load does), hikes' tracks.
    private func sweep(_ file: IndexShelf.File, count: Int, hoursCache: OpeningHoursCache, tracks: TrackIndexSession)
        throws -> ([IndexShelf.Place], [ItemFacts], [Int: Track], [ContentProblem], String?) {
        var places: [IndexShelf.Place] = [], facts: [ItemFacts] = [], found: [Int: Track] = [:]
        var problems: [ContentProblem] = []
        places.reserveCapacity(count); facts.reserveCapacity(count)
        let reader = ItemReader(file: "", section: .manger, directory: directory, hoursCache: hoursCache, tracks: tracks)
        var shared = SharedTexts()
        var hours: [String: SharedHours] = [:]  // one per expression, for every item's facts
        for (b, block) in file.blocks.enumerated() {
            var r = try file.reader(block)
            for _ in 0..<(try r.u32()) {
                let offset = r.at
                var (item, expression, hadTrack) = try r.item(sharing: &shared)
                var sharedHours: SharedHours?
                if let expression {
                    guard case .success(let h) = hoursCache.parse(expression, geo: item.geo),
                          case .success(let unplaced)? = hoursCache.parsed[expression] else {
                        return ([], [], [:], [], "opening hours of \(item.id) no longer parse")
                    }
                    item.openingHours = h
                    sharedHours = hours[expression] ?? SharedHours(unplaced: unplaced, fallback: hoursCache.defaultGeo)
                    hours[expression] = sharedHours
                }
                if let path = item.hike?.gpxPath {
                    let track = reader.loadTrack(path, log: IssueLog(), field: "hike.gpx")
                    guard (track != nil) == hadTrack else { return ([], [], [:], [], "\(path) changed") }
                    if let track { found[facts.count] = track; item.hike?.track = track }
                }
                places.append(IndexShelf.Place(block: UInt32(b), offset: UInt32(offset)))
                var f = ItemFacts(item)
                f.sharedHours = sharedHours
                assert(f.openingHours == item.openingHours)
                facts.append(f)
            }
            for _ in 0..<(try r.u32()) {
                let file = try r.str(), id = try r.optStr(), at = try r.opt { try $0.u32() }
                let field = try r.optStr(), message = try r.str()
                problems.append(ContentProblem(file: file, itemID: id, itemIndex: at, field: field, message: message))
            }
            try r.end()
        }
        guard facts.count == count else {
            throw ItemIndex.DecodeError(description: "its head lists \(count) items, its body \(facts.count)")
        }
        return (places, facts, found, problems, nil)
    }
}
