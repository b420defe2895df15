/// BorneOffice — the office's side of the statistics: the office database
/// (`--db FILE`: trusted kiosk keys by epoch, every touch by (kiosk, key
/// epoch, seq), heartbeats, the ingest log), ingest from a collector
/// directory, a USB stick or an HTTP autoindex, the yearly report (the two
/// tables of the 2020 report and more), the fleet view, and the year
/// simulator that fills kiosk databases through BorneStore as real kiosks
/// would.
///
/// Must never: store a row of a batch whose MAC does not verify with the
/// kiosk's trusted key; count a touch twice (rows are keyed by kiosk, key
/// epoch and seq); count a row as already received unless it is identical
/// to the stored one (the batch is refused instead); drop a row because its
/// clock looks wrong (it is flagged and left out of the tables, and the
/// report says how many); write a USB receipt for rows that are not durably
/// stored; print or write kiosk text except through `Sanitizer`.
enum BorneOffice {}
