import BorneTestSupport
import Foundation

/// The loopback helpers now live in BorneTestSupport (`LoopbackSockets`,
/// `LoopbackListener`); the old names stay for tests written against them.
typealias TestSockets = LoopbackSockets
/// A server that accepts TCP connections (the kernel completes them from the
/// backlog) and never says a word: a link that went silent mid-request.
typealias SilentServer = LoopbackListener

/// Answers each connection with canned bytes, then closes: responses nginx
/// would never send (a body without Content-Length...). Serves `count`
/// connections on a background thread, then stops.
final class CannedServer {
    let port: Int
    private let listener: LoopbackListener

    init(response: Data, count: Int = 1) throws {
        listener = try LoopbackListener()
        port = listener.port
        let fd = listener.fd
        Thread.detachNewThread {
            for _ in 0..<count {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                var request = [UInt8](repeating: 0, count: 4096)
                _ = read(c, &request, request.count)
                response.withUnsafeBytes { buf in
                    var done = 0
                    while done < buf.count {
                        let n = write(c, buf.baseAddress! + done, buf.count - done)
                        if n <= 0 { break }
                        done += n
                    }
                }
                close(c)
            }
        }
    }
}
