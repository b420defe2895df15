internal import CEvdev

/// One `struct input_event` without its time stamp (taps do not need it).
public struct EvdevEvent: Equatable, Sendable, CustomStringConvertible {
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(_ type: UInt16, _ code: UInt16, _ value: Int32) {
        self.type = type; self.code = code; self.value = value
    }

    public var description: String { "(\(type), \(code), \(value))" }

    /// The size of a record on this machine: 24 on 64-bit Linux.
    public static let nativeRecordSize = Int(borne_evdev_event_size())
}

/// Cuts a byte stream into `input_event` records. A device always returns
/// whole records, but a FIFO may hand them over in pieces, so a partial
/// record waits for the rest. The layout is the kernel's: a `timeval`,
/// then type (u16), code (u16) and value (s32) in the host's byte order —
/// the last 8 bytes of each record.
public struct EvdevDecoder: Sendable {
    public let recordSize: Int
    private var partial: [UInt8] = []

    public init(recordSize: Int = EvdevEvent.nativeRecordSize) {
        precondition(recordSize >= 8, "an input_event record ends with 8 bytes of type, code and value")
        self.recordSize = recordSize
    }

    /// Bytes of a record not complete yet.
    public var pendingBytes: Int { partial.count }

    public mutating func decode(_ bytes: some Collection<UInt8>) -> [EvdevEvent] {
        partial.append(contentsOf: bytes)
        let whole = partial.count / recordSize
        guard whole > 0 else { return [] }
        var events: [EvdevEvent] = []
        events.reserveCapacity(whole)
        partial.withUnsafeBytes { raw in
            for i in 0..<whole {
                let tail = i * recordSize + recordSize - 8
                events.append(EvdevEvent(raw.loadUnaligned(fromByteOffset: tail, as: UInt16.self),
                                         raw.loadUnaligned(fromByteOffset: tail + 2, as: UInt16.self),
                                         raw.loadUnaligned(fromByteOffset: tail + 4, as: Int32.self)))
            }
        }
        partial.removeFirst(whole * recordSize)
        return events
    }

    /// Forgets a partial record (the device was reopened).
    public mutating func reset() { partial.removeAll() }

    /// Records as the kernel writes them, time stamps zero: for FIFOs in
    /// tests and for the committed fixtures.
    public static func encode(_ events: [EvdevEvent], recordSize: Int = EvdevEvent.nativeRecordSize) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(events.count * recordSize)
        for e in events {
            out.append(contentsOf: [UInt8](repeating: 0, count: recordSize - 8))
            withUnsafeBytes(of: e.type) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: e.code) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: e.value) { out.append(contentsOf: $0) }
        }
        return out
    }
}
