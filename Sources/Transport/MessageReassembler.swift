/// Joins the parts of one SCTP message that a stack delivers in several reads (a message larger than the
/// read buffer, or partial delivery), until the part flagged end-of-record.
struct MessageReassembler {
    private(set) var buffer: [UInt8] = []
    private(set) var stream: UInt16 = 0
    private(set) var ppid: UInt32 = 0
    let maxMessageSize: Int

    init(maxMessageSize: Int) { self.maxMessageSize = maxMessageSize }

    enum Outcome {
        /// The part completes a message held in `buffer` (call `reset` after use).
        case completeInBuffer
        /// The part is a whole message by itself: use it in place, nothing was copied.
        case completeInPlace
        /// More parts follow.
        case incomplete
        /// The message would exceed `maxMessageSize`.
        case tooLarge
    }

    var isEmpty: Bool { buffer.isEmpty }

    /// Takes one part as received.
    mutating func add(_ part: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, endOfRecord: Bool) -> Outcome {
        if buffer.isEmpty && endOfRecord {
            return part.count > maxMessageSize ? .tooLarge : .completeInPlace
        }
        guard buffer.count + part.count <= maxMessageSize else {
            reset()
            return .tooLarge
        }
        if buffer.isEmpty {
            self.stream = stream
            self.ppid = ppid
        }
        buffer.append(contentsOf: part)
        return endOfRecord ? .completeInBuffer : .incomplete
    }

    mutating func reset() { buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16) }
}
