/// Messages waiting to be handed to the SCTP stack, in order: their bytes in one arena and their stream,
/// PPID and flags beside, so queueing allocates nothing once the arrays have grown.
struct SendQueue {
    struct Entry {
        var offset: Int
        var length: Int
        var stream: UInt16
        var ppid: UInt32
        var unordered: Bool
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    private var head = 0

    var count: Int { entries.count - head }
    var isEmpty: Bool { head == entries.count }

    mutating func append(_ message: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, unordered: Bool) {
        entries.append(Entry(offset: bytes.count, length: message.count, stream: stream, ppid: ppid, unordered: unordered))
        bytes.append(contentsOf: message)
    }

    /// The oldest message, if any.
    var first: Entry? { isEmpty ? nil : entries[head] }

    /// Calls `body` with the bytes of `entry` (an entry of this queue).
    func withBytes<R>(of entry: Entry, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[entry.offset..<entry.offset + entry.length])) }
    }

    /// Drops the oldest message; the arena is reset (keeping its capacity) when the queue empties.
    mutating func removeFirst() {
        guard !isEmpty else { return }
        head += 1
        if head == entries.count {
            bytes.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            head = 0
        }
    }
}
