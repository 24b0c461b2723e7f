/// Identifies one armed timer. Stale ids (fired or cancelled) are recognised and ignored.
public struct TimerID: Hashable, Sendable {
    @usableFromInline let slot: UInt32
    @usableFromInline let generation: UInt32
}

/// The timers of one loop: an indexed binary min-heap over a slab of slots, so arming and cancelling are
/// O(log n) with no allocation once the slab has grown. Equal deadlines fire in the order they were armed.
/// Pure data: tests drive it with any clock.
public struct TimerQueue<Payload> {
    @usableFromInline struct Slot {
        var deadline: UInt64 = 0
        var sequence: UInt64 = 0
        var heapIndex: Int32 = -1
        var generation: UInt32 = 0
        var payload: Payload?
    }

    @usableFromInline var slots: [Slot] = []
    @usableFromInline var heap: [UInt32] = []
    @usableFromInline var free: [UInt32] = []
    @usableFromInline var sequence: UInt64 = 0

    public init() {}

    /// The number of armed timers.
    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }

    /// The earliest deadline, if any timer is armed.
    public var nextDeadline: MonotonicTime? {
        guard let first = heap.first else { return nil }
        return MonotonicTime(nanoseconds: slots[Int(first)].deadline)
    }

    /// Arms a timer.
    public mutating func schedule(at deadline: MonotonicTime, _ payload: Payload) -> TimerID {
        let slot: UInt32
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = UInt32(slots.count)
            slots.append(Slot())
        }
        sequence &+= 1
        let index = Int(slot)
        slots[index].deadline = deadline.nanoseconds
        slots[index].sequence = sequence
        slots[index].payload = payload
        slots[index].heapIndex = Int32(heap.count)
        heap.append(slot)
        siftUp(heap.count - 1)
        return TimerID(slot: slot, generation: slots[index].generation)
    }

    /// Whether `id` is still armed.
    public func isArmed(_ id: TimerID) -> Bool {
        Int(id.slot) < slots.count && slots[Int(id.slot)].generation == id.generation
            && slots[Int(id.slot)].heapIndex >= 0
    }

    /// Disarms a timer; false when it already fired or was cancelled.
    @discardableResult
    public mutating func cancel(_ id: TimerID) -> Bool {
        guard isArmed(id) else { return false }
        let position = Int(slots[Int(id.slot)].heapIndex)
        removeAt(position)
        release(id.slot)
        return true
    }

    /// Removes and returns the earliest timer whose deadline is at or before `now`.
    public mutating func popDue(now: MonotonicTime) -> (id: TimerID, payload: Payload)? {
        guard let first = heap.first, slots[Int(first)].deadline <= now.nanoseconds else { return nil }
        let id = TimerID(slot: first, generation: slots[Int(first)].generation)
        removeAt(0)
        let payload = slots[Int(first)].payload
        release(first)
        guard let payload else { return nil }
        return (id, payload)
    }

    /// Disarms every timer.
    public mutating func removeAll() {
        while let first = heap.first {
            removeAt(0)
            release(first)
        }
    }

    private mutating func release(_ slot: UInt32) {
        let index = Int(slot)
        slots[index].payload = nil
        slots[index].heapIndex = -1
        slots[index].generation &+= 1
        free.append(slot)
    }

    private mutating func removeAt(_ position: Int) {
        let last = heap.count - 1
        if position != last {
            heap.swapAt(position, last)
            slots[Int(heap[position])].heapIndex = Int32(position)
        }
        heap.removeLast()
        if position < heap.count {
            siftDown(position)
            siftUp(position)
        }
    }

    @inline(__always)
    private func less(_ a: UInt32, _ b: UInt32) -> Bool {
        let da = slots[Int(a)].deadline, db = slots[Int(b)].deadline
        return da < db || (da == db && slots[Int(a)].sequence < slots[Int(b)].sequence)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            slots[Int(heap[child])].heapIndex = Int32(child)
            slots[Int(heap[parent])].heapIndex = Int32(parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var smallest = left
            if left + 1 < count, less(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard less(heap[smallest], heap[parent]) else { break }
            heap.swapAt(smallest, parent)
            slots[Int(heap[smallest])].heapIndex = Int32(smallest)
            slots[Int(heap[parent])].heapIndex = Int32(parent)
            parent = smallest
        }
    }
}
