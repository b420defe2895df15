import BorneTestSupport
import Foundation

/// BorneNetTests' nginx: `BorneTestSupport.Nginx` with the locations these
/// tests use (the old name is kept so tests written against it still build).
///
/// - `/`          static files, ETag and Last-Modified on;
/// - `/collect/`  WebDAV PUT (201 on create, 204 on overwrite);
/// - `/norange/`  static files served whole whatever the Range (`max_ranges 0`);
/// - `/gzip/`     a content server as docs/SYNC.md recommends: compressed on the fly;
/// - `/slow/`     static files trickled at `slowRate` bytes per second.
typealias NginxServer = Nginx

extension Nginx {
    convenience init(slowRate: Int = 256) throws {
        try self.init([
            .files("/"),
            .upload("/collect/"),
            .files("/norange/", "max_ranges 0;"),
            .files("/gzip/", "gzip on; gzip_types *; gzip_min_length 64; gzip_comp_level 6;"),
            .files("/slow/", "limit_rate \(slowRate);"),
        ])
    }
}
