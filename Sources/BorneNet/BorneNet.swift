/// BorneNet — HTTP transfers through libcurl: conditional GET (ETag,
/// If-Modified-Since), resumable downloads (Range), PUT, timeouts, low-speed
/// abort, full-jitter retry delays and a per-day byte budget for the 4G kiosk.
///
/// It must never interpret what it transfers: callers verify every byte.
/// It must never put credentials in a message: URLs in errors are redacted.
public enum BorneNet {}
