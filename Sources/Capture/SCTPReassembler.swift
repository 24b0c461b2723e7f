/// Rebuilds fragmented SCTP user messages of one direction of an association (RFC 9260 §6.9, RFC 8260).
/// DATA fragments of a message have consecutive TSNs, B on the first and E on the last; I-DATA fragments share
/// a message identifier and count up from fragment sequence number 0. Fragments may arrive in any order and
/// streams may interleave. Memory is bounded by `maxBytes`.
struct SCTPReassembler {
    struct GroupKey: Hashable {
        var streamID: UInt16
        var unordered: Bool
        /// I-DATA message identifier; nil for DATA.
        var messageIdentifier: UInt32?
    }

    struct Piece {
        var begins: Bool
        var ends: Bool
        var tsn: UInt32
        var ssn: UInt16
        var ppid: UInt32
        var bytes: [UInt8]
    }

    struct Message {
        var payload: [UInt8]
        var firstTSN: UInt32
        var lastTSN: UInt32
        var ssn: UInt16
        var ppid: UInt32
        var fragmentCount: Int
    }

    enum Outcome {
        case incomplete
        case complete(Message)
        case dropped(String)
    }

    private var groups: [GroupKey: [UInt32: Piece]] = [:]
    private var pendingBytes = 0
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    /// Adds a fragment. `sequence` is the TSN (DATA) or the fragment sequence number (I-DATA).
    mutating func add(_ piece: Piece, sequence: UInt32, key: GroupKey) -> Outcome {
        guard pendingBytes + piece.bytes.count <= maxBytes else {
            return .dropped("reassembly limit of \(maxBytes) bytes reached on this association")
        }
        var group = groups[key, default: [:]]
        guard group[sequence] == nil else {
            return .dropped("fragment \(sequence) of stream \(key.streamID) already pending with different TSN")
        }
        group[sequence] = piece
        pendingBytes += piece.bytes.count

        // Walk back to the B fragment and forward to the E fragment through consecutive sequence numbers.
        let ordered = !key.unordered && key.messageIdentifier == nil
        var first = sequence, last = sequence
        var steps = 0
        while let p = group[first], !p.begins, steps < group.count {
            guard let previous = group[first &- 1], !ordered || previous.ssn == p.ssn else { break }
            first = first &- 1
            steps += 1
        }
        steps = 0
        while let p = group[last], !p.ends, steps < group.count {
            guard let following = group[last &+ 1], !ordered || following.ssn == p.ssn else { break }
            last = last &+ 1
            steps += 1
        }
        guard let head = group[first], head.begins, let tail = group[last], tail.ends else {
            groups[key] = group
            return .incomplete
        }
        let count = Int(last &- first) + 1
        var size = 0
        for i in 0..<count { size += group[first &+ UInt32(i)]?.bytes.count ?? 0 }
        var payload = [UInt8]()
        payload.reserveCapacity(size)
        for i in 0..<count {
            if let p = group.removeValue(forKey: first &+ UInt32(i)) { payload.append(contentsOf: p.bytes) }
        }
        pendingBytes -= size
        groups[key] = group.isEmpty ? nil : group
        return .complete(Message(payload: payload, firstTSN: head.tsn, lastTSN: tail.tsn, ssn: head.ssn,
                                 ppid: head.ppid, fragmentCount: count))
    }
}
