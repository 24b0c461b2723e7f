import Bytes
import Packets

/// Rebuilds IPv4/IPv6 datagrams from fragments (RFC 791 / RFC 8200), keyed by addresses, identification and
/// protocol. Fragments may come in any order; overlapping bytes take the later fragment's value.
/// Bounded: at most `maxPending` incomplete datagrams (the oldest is dropped) of at most 65,535 bytes.
struct IPFragmentReassembler {
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt32
        var upperProtocol: UInt8
    }

    private struct Pending {
        var pieces: [(offset: Int, bytes: [UInt8])] = []
        var totalLength: Int?
        var firstFrame: Int
    }

    enum Outcome {
        case incomplete
        /// The upper-layer payload, whole.
        case complete([UInt8], firstFrame: Int)
        case dropped(String)
    }

    static let maxDatagram = 65_535
    let maxPending: Int
    private var pending: [Key: Pending] = [:]

    init(maxPending: Int = 256) { self.maxPending = maxPending }

    /// Adds one fragment's payload. On eviction of an old datagram, `evicted` receives a description.
    mutating func add(_ key: Key, offset: Int, moreFragments: Bool, payload: ByteView, frame: Int,
                      evicted: (String) -> Void) -> Outcome {
        let end = offset + payload.count
        guard end <= Self.maxDatagram else {
            pending[key] = nil
            return .dropped("fragment ends at byte \(end), past the \(Self.maxDatagram)-byte limit")
        }
        if pending[key] == nil {
            if pending.count >= maxPending, let oldest = pending.min(by: { $0.value.firstFrame < $1.value.firstFrame }) {
                pending[oldest.key] = nil
                evicted("incomplete IP datagram first seen in frame \(oldest.value.firstFrame) dropped (too many pending)")
            }
            pending[key] = Pending(firstFrame: frame)
        }
        guard var entry = pending[key] else { return .incomplete }
        if !moreFragments {
            if let known = entry.totalLength, known != end {
                pending[key] = nil
                return .dropped("last fragments disagree on the datagram length (\(known) and \(end))")
            }
            entry.totalLength = end
        }
        entry.pieces.append((offset, payload.copyBytes()))
        guard let total = entry.totalLength, Self.covers(entry.pieces, total) else {
            pending[key] = entry
            return .incomplete
        }
        pending[key] = nil
        var whole = [UInt8](repeating: 0, count: total)
        for piece in entry.pieces {
            let stop = min(piece.offset + piece.bytes.count, total)
            if stop > piece.offset { whole.replaceSubrange(piece.offset..<stop, with: piece.bytes[0..<(stop - piece.offset)]) }
        }
        return .complete(whole, firstFrame: entry.firstFrame)
    }

    private static func covers(_ pieces: [(offset: Int, bytes: [UInt8])], _ total: Int) -> Bool {
        var reached = 0
        for piece in pieces.sorted(by: { $0.offset < $1.offset }) {
            if piece.offset > reached { return false }
            reached = max(reached, piece.offset + piece.bytes.count)
        }
        return reached >= total
    }
}
