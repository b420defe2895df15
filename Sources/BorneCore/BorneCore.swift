/// BorneCore — the kiosk's pure domain: the content model (sections, items,
/// localized text, events, hikes, weather), opening hours and French public
/// holidays, GPX maths, the sanitizer every content string goes through, and
/// `UTCTime`, the one UTC time (milliseconds, ISO 8601) of every module.
///
/// It must never do I/O: no files, no network, no terminal, no clock of its
/// own (callers pass `Date`s). Everything here is plain values, testable alone.
public enum BorneCore {
    public static let version = "0.1.0"
}
