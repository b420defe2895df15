/// BorneUpload — ships a kiosk's touches to the office: the outbox (rows
/// after `upload_state.last_acked_seq`, cut into batches whose ranges are
/// fixed before the first send), the uploader's round (PUT each batch, then
/// the heartbeat) to a WebDAV collector or a directory, parking of refused
/// batches, and the statistics half of a USB stick visit.
///
/// Rules (docs/STATISTICS.md, "Shipping"):
/// - mark, send, then acknowledge: a batch's range is written to
///   `DATA/upload/plan.json` before it is sent; the cursor moves only after
///   the collector answered 2xx (or a receipt's MAC verified), in a
///   transaction; a failure leaves the range planned, so the retry sends the
///   same bytes under the same name.
/// - 4xx parks a batch with its reason (`DATA/upload/parked.json`, shown in
///   the heartbeat); 5xx, timeouts and dropped connections stop the round
///   and are retried with full-jitter backoff.
///
/// Must never: delete or modify a row of the kiosk database (it only moves
/// the cursor, forwards); move the cursor past a row the office has not
/// acknowledged; block the kiosk's writer for longer than one small
/// transaction; put a password or a key in a log line.
public enum BorneUpload {}
