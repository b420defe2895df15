import BorneUI

/// Bytes of one device → taps: decoder, contact tracker and tap recognizer
/// chained, as `TouchDevice` uses them and the recorded-stream tests check them.
public struct TapDecoder: Sendable {
    public var decoder: EvdevDecoder
    public var tracker = ContactTracker()
    public var recognizer: TapRecognizer

    public init(mapping: TouchMapping, recordSize: Int = EvdevEvent.nativeRecordSize) {
        decoder = EvdevDecoder(recordSize: recordSize)
        recognizer = TapRecognizer(mapping: mapping)
    }

    public mutating func feed(_ bytes: some Collection<UInt8>, screen: Size) -> [InputEvent] {
        feed(events: decoder.decode(bytes), screen: screen)
    }

    public mutating func feed(events: [EvdevEvent], screen: Size) -> [InputEvent] {
        var out: [InputEvent] = []
        for e in events {
            for change in tracker.feed(e) { out += recognizer.handle(change, screen: screen) }
        }
        return out
    }
}
