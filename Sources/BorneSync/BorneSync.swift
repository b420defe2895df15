/// BorneSync — getting content onto a kiosk: `borne sync` over HTTP and
/// `borne usb` from a stick, both ending in BorneBundle's verified install.
///
/// It must never leave a half-installed version or replace good content
/// with content that failed a check.
public enum BorneSync {}
