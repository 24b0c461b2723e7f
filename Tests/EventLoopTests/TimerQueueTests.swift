import EventLoop
import Testing

@Suite("TimerQueue")
struct TimerQueueTests {
    @Test("timers pop in deadline order; equal deadlines in the order armed")
    func popsInOrder() {
        var queue = TimerQueue<Int>()
        let deadlines: [UInt64] = [50, 10, 30, 10, 40, 20, 10]
        for (index, deadline) in deadlines.enumerated() {
            _ = queue.schedule(at: MonotonicTime(nanoseconds: deadline), index)
        }
        var fired: [Int] = []
        while let (_, payload) = queue.popDue(now: MonotonicTime(nanoseconds: 100)) { fired.append(payload) }
        #expect(fired == [1, 3, 6, 5, 2, 4, 0])
        #expect(queue.isEmpty)
    }

    @Test("nothing pops before its deadline")
    func notEarly() {
        var queue = TimerQueue<Int>()
        _ = queue.schedule(at: MonotonicTime(nanoseconds: 1000), 1)
        #expect(queue.popDue(now: MonotonicTime(nanoseconds: 999)) == nil)
        #expect(queue.nextDeadline == MonotonicTime(nanoseconds: 1000))
        #expect(queue.popDue(now: MonotonicTime(nanoseconds: 1000))?.payload == 1)
    }

    @Test("cancel removes exactly that timer; stale ids are refused")
    func cancel() {
        var queue = TimerQueue<Int>()
        let ids = (0..<10).map { queue.schedule(at: MonotonicTime(nanoseconds: UInt64(100 - $0)), $0) }
        let first = queue.cancel(ids[3]), again = queue.cancel(ids[3]), last = queue.cancel(ids[9])
        #expect(first && !again && last)
        var fired: [Int] = []
        while let (_, payload) = queue.popDue(now: MonotonicTime(nanoseconds: 1000)) { fired.append(payload) }
        #expect(fired == [8, 7, 6, 5, 4, 2, 1, 0])
        // A slot reused after firing does not honour the old id.
        let fresh = queue.schedule(at: MonotonicTime(nanoseconds: 5), 42)
        let stale = queue.cancel(ids[0])
        #expect(!stale)
        #expect(queue.isArmed(fresh))
    }

    @Test("random arm and cancel agree with a sorted model", arguments: [1 as UInt64, 7, 99])
    func matchesModel(seed: UInt64) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var queue = TimerQueue<Int>()
        var model: [(deadline: UInt64, order: Int, id: TimerID)] = []
        var order = 0
        var now: UInt64 = 0
        for _ in 0..<5000 {
            switch next() % 4 {
            case 0, 1:
                let deadline = now + next() % 1000
                let id = queue.schedule(at: MonotonicTime(nanoseconds: deadline), order)
                model.append((deadline, order, id))
                order += 1
            case 2 where !model.isEmpty:
                let victim = Int(next() % UInt64(model.count))
                let cancelled = queue.cancel(model[victim].id)
                #expect(cancelled)
                model.remove(at: victim)
            default:
                now += next() % 300
                var fired: [Int] = []
                while let (_, payload) = queue.popDue(now: MonotonicTime(nanoseconds: now)) { fired.append(payload) }
                let due = model.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
                #expect(fired == due.map(\.order))
                model.removeAll { $0.deadline <= now }
            }
            #expect(queue.count == model.count)
        }
    }
}
