/// The idle UEs of a shard in the order they became idle: an iteration takes the one that has waited
/// longest (at first, the lowest index). A fixed ring over the shard's UE count: no allocation after `init`.
struct IdleQueue: Sendable {
    private var ring: [Int32]
    private var head = 0
    private(set) var count: Int

    /// Every UE offset `0..<capacity` idle, lowest first.
    init(capacity: Int) {
        ring = (0..<capacity).map { Int32(truncatingIfNeeded: $0) }
        count = capacity
    }

    var isEmpty: Bool { count == 0 }

    /// The UE that has waited longest, or nil when none is idle.
    mutating func popFirst() -> Int? {
        guard count > 0 else { return nil }
        let value = ring[head]
        head = head + 1 == ring.count ? 0 : head + 1
        count -= 1
        return Int(value)
    }

    /// Queues `offset` as the most recently idle. The caller guarantees it is not already queued, so the ring
    /// never overflows.
    mutating func append(_ offset: Int) {
        guard count < ring.count else { return }
        var tail = head + count
        if tail >= ring.count { tail -= ring.count }
        ring[tail] = Int32(truncatingIfNeeded: offset)
        count += 1
    }
}
