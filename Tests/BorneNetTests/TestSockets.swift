import BorneTestSupport
import Foundation
import XCTest

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

/// Accepts one connection on a background thread and hands it to `serve`
/// (the connection is closed after); `wait()` returns once it is over.
class OneConnectionServer: @unchecked Sendable {
    let port: Int
    private let listener: LoopbackListener
    private let done = DispatchSemaphore(value: 0)

    init(serve: @escaping @Sendable (Int32) -> Void) throws {
        listener = try LoopbackListener()
        port = listener.port
        let fd = listener.fd
        let done = self.done
        Thread.detachNewThread {
            defer { done.signal() }
            let c = accept(fd, nil, nil)
            guard c >= 0 else { return }
            defer { close(c) }
            serve(c)
        }
    }

    func wait() {
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success, "the connection did not end")
    }
}

/// Bytes a server thread collects for the test to read after `wait()`.
final class ByteBox: @unchecked Sendable { var bytes: [UInt8] = [] }
