/// BorneStats — the statistics wire format shared by the kiosk (`borne
/// upload`, `borne usb`) and the office (`borne office ingest`), exactly as
/// docs/BATCHES.md describes it: the kiosk's stats key, HMAC-SHA256,
/// deterministic gzip, batch files (name ↔ range, header, delta-encoded
/// rows, MAC), heartbeats and receipts.
///
/// Owns: bytes ↔ values, and the checks that make a file trustworthy (MAC,
/// name against header, rows against range, size limits against zip bombs).
///
/// Must never: read the kiosk database or the network (callers hand it rows
/// and bytes); make a system call itself (the key file goes through
/// BorneSystem's `KeyFile`, batch files through the callers' `AtomicFile`);
/// produce different bytes for the same rows (a batch sent or carried twice
/// must overwrite itself with identical bytes); hand back any
/// value from a file whose MAC does not verify; put a key in a message.
public enum BorneStats {
    /// The `format` number of batches, heartbeats and receipts this code writes and reads.
    public static let format = 1
}
