/// The recorder's bounded FIFO of events not yet committed. Each event has
/// an index, increasing by one per event for the life of the recorder.
/// Events are removed only once committed; the writer works on a prefix
/// ("in flight"), which overflow never drops.
struct EventQueue {
    struct Entry { var index: UInt64; var event: RecorderEvent }

    private var items: [Entry] = []
    private var head = 0
    private(set) var nextIndex: UInt64 = 1
    /// Events with index ≤ this are being written by the writer.
    var inFlightThrough: UInt64 = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    /// Appends; when `capacity` is reached, drops the oldest event that is
    /// not in flight and returns true.
    mutating func append(_ event: RecorderEvent, capacity: Int) -> Bool {
        items.append(Entry(index: nextIndex, event: event))
        nextIndex += 1
        guard count > capacity else { return false }
        // Skip the in-flight prefix (at most one batch), drop the next one.
        var k = head
        while k < items.count - 1, items[k].index <= inFlightThrough { k += 1 }
        var i = k
        while i > head { items[i] = items[i - 1]; i -= 1 }
        head += 1
        compact()
        return true
    }

    /// Up to `max` events from the front.
    func prefix(_ max: Int) -> [Entry] { Array(items[head..<min(items.count, head + max)]) }

    /// Removes every event with index ≤ `index` (they are committed).
    mutating func removeThrough(_ index: UInt64) {
        while head < items.count, items[head].index <= index { head += 1 }
        compact()
    }

    private mutating func compact() {
        if head == items.count { items.removeAll(keepingCapacity: true); head = 0 }
        else if head > 4096, head * 2 > items.count { items.removeFirst(head); head = 0 }
    }
}
