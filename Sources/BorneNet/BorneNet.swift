/// BorneNet — HTTP transfers through libcurl: conditional GET (ETag,
/// If-Modified-Since), resumable downloads (Range), PUT, timeouts, low-speed
/// abort and a per-day byte budget.
///
/// It must never interpret what it transfers: callers verify every byte.
public enum BorneNet {}
