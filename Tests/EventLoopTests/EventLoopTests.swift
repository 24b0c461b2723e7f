import EventLoop
import Foundation
import Glibc
import Testing

@Suite("EventLoop")
struct EventLoopTests {
    @Test("timers fire in deadline order on a running loop, cancelled ones never")
    func timersFireInOrder() throws {
        let loop = try EventLoop()
        var fired: [Int] = []
        let start = loop.refreshTime()
        let handler = loop.addTimerHandler { token in fired.append(Int(token)) }
        for (token, ms) in [(3, 30), (1, 10), (4, 40), (2, 20), (5, 25)] {
            loop.schedule(at: start.advanced(by: .milliseconds(ms)), handler: handler, token: UInt64(token))
        }
        let cancelled = loop.schedule(after: .milliseconds(15)) { fired.append(99) }
        #expect(loop.cancel(cancelled))
        loop.schedule(at: start.advanced(by: .milliseconds(45))) { loop.stop() }
        let stopped = try loop.run(until: start.advanced(by: .seconds(5)))
        #expect(stopped)
        #expect(fired == [1, 2, 5, 3, 4])
        #expect(loop.now >= start.advanced(by: .milliseconds(45)))
        #expect(loop.armedTimers == 0)
    }

    @Test("run(until:) returns at the deadline when nothing happens")
    func boundedRun() throws {
        let loop = try EventLoop()
        let start = loop.refreshTime()
        let stopped = try loop.run(until: start.advanced(by: .milliseconds(20)))
        #expect(!stopped)
        #expect(loop.now >= start.advanced(by: .milliseconds(20)))
    }

    @Test("tokens posted from several threads all arrive, with fewer wake-ups than posts")
    func crossThreadPosts() throws {
        let loop = try EventLoop()
        let threads = 4, perThread = 5000
        var received = 0
        var sum: UInt64 = 0
        loop.onToken = { token in
            received += 1
            sum += token
            if received == threads * perThread { loop.stop() }
        }
        let remote = loop.remote
        for t in 0..<threads {
            Thread.detachNewThread {
                for i in 0..<perThread { remote.post(UInt64(t * perThread + i)) }
            }
        }
        let stopped = try loop.run(until: loop.refreshTime().advanced(by: .seconds(10)))
        #expect(stopped)
        #expect(received == threads * perThread)
        let n = UInt64(threads * perThread)
        #expect(sum == n * (n - 1) / 2)
        #expect(loop.wakeUps <= received)
    }

    @Test("a closure executed from another thread runs on the loop's thread")
    func executeRunsOnLoopThread() throws {
        let loop = try EventLoop()
        let loopThread = pthread_self()
        let remote = loop.remote
        let ranOnLoop = Box()
        Thread.detachNewThread {
            remote.execute {
                ranOnLoop.value = pthread_equal(pthread_self(), loopThread) != 0
                remote.stop()
            }
        }
        #expect(try loop.run(until: loop.refreshTime().advanced(by: .seconds(5))))
        #expect(ranOnLoop.value)
    }

    @Test("a readable descriptor calls its handler until deregistered")
    func descriptorReadiness() throws {
        let loop = try EventLoop()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        defer { close(fds[0]); close(fds[1]) }
        var reads = 0
        var registration: IORegistration?
        registration = try loop.register(fd: fds[0], interest: .readable) { events in
            #expect(events.contains(.readable))
            var byte: UInt8 = 0
            while read(fds[0], &byte, 1) == 1 { reads += 1 }
            if reads == 3, let registration {
                loop.deregister(registration)
                // Still readable, but no longer watched: the loop must not call us again.
                var one: UInt8 = 1
                _ = write(fds[1], &one, 1)
                loop.schedule(after: .milliseconds(20)) { loop.stop() }
            }
        }
        var bytes: [UInt8] = [1, 2]
        _ = write(fds[1], &bytes, 2)
        loop.schedule(after: .milliseconds(5)) {
            var third: UInt8 = 3
            _ = write(fds[1], &third, 1)
        }
        #expect(try loop.run(until: loop.refreshTime().advanced(by: .seconds(5))))
        #expect(reads == 3)
    }

    @Test("thousands of timers arm and cancel; the survivors fire once each")
    func manyTimers() throws {
        let loop = try EventLoop()
        let start = loop.refreshTime()
        var fired = Set<UInt64>()
        var duplicates = 0
        let handler = loop.addTimerHandler { token in
            if !fired.insert(token).inserted { duplicates += 1 }
        }
        var ids: [TimerID] = []
        for i in 0..<20_000 {
            ids.append(loop.schedule(at: start.advanced(by: .microseconds(10 * (i % 1000))), handler: handler, token: UInt64(i)))
        }
        for i in stride(from: 0, to: 20_000, by: 2) { #expect(loop.cancel(ids[i])) }
        loop.schedule(at: start.advanced(by: .milliseconds(30))) { loop.stop() }
        #expect(try loop.run(until: start.advanced(by: .seconds(5))))
        #expect(fired.count == 10_000)
        #expect(fired.allSatisfy { $0 % 2 == 1 })
        #expect(duplicates == 0)
    }
}

final class Box: @unchecked Sendable {
    var value = false
}
