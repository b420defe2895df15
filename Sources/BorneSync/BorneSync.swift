/// BorneSync — getting content onto a kiosk: `borne sync` over HTTP and
/// `borne usb` from a stick, both ending in BorneBundle's verified install.
///
/// It owns the transport side: the conditional manifest fetch, the object
/// staging area (`DATA/sync/objects/ab/cdef…`), resume, hashes checked on
/// arrival, the byte budget, retries, `DATA/sync/state.json`, the lock, and
/// the status report written back to a USB stick. What a manifest means and
/// whether it is trusted is the `BundleGate`'s business.
///
/// It must never leave a half-installed version or replace good content
/// with content that failed a check: nothing is handed to the gate's install
/// until every object it names is staged and its SHA-256 matched.
public enum BorneSync {}
