import BorneQR
import BorneUI
import Foundation

/// QR codes are the same for a given text: compute each once. The UI asks
/// for them on every frame of a detail screen.
final class QRCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: QRMatrix?] = [:]
    private let lowCorrection: Bool

    /// `lowCorrection`: codes at error correction L (`QR.matrix(for:lowCorrection:)`).
    init(lowCorrection: Bool = false) { self.lowCorrection = lowCorrection }

    func matrix(_ text: String) -> QRMatrix? {
        lock.lock(); defer { lock.unlock() }
        if let hit = cache[text] { return hit }
        let m = QR.matrix(for: text, lowCorrection: lowCorrection)
        if cache.count > 512 { cache.removeAll() }
        cache[text] = m
        return m
    }

    var provider: QRProvider { { [self] in self.matrix($0) } }
}
