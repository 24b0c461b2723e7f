import EventLoop
import Glibc
import Testing
@testable import Transport

/// A second process with its own usrsctp instance on the same host (blackhole set in both), as the
/// harness and a standalone core run.
@Suite("usrsctp with a peer process", .serialized, .enabled(if: geteuid() == 0 && Loopback.ready, "needs root and 127.0.0.2-5 on lo"))
struct PeerProcessTests {
    @Test("a peer process echoes on several streams and shuts down gracefully on command")
    func twoProcesses() throws {
        let h = try SCTPHarness()
        var options = SCTPOptions.fastFailureDetection
        options.outboundStreams = 4
        options.maxInboundStreams = 4
        let (_, address) = try h.listen(options: options)
        let peer = try PeerProcess(arguments: ["sctp-peer", "127.0.0.3", "127.0.0.1", String(address.port)], loop: h.loop)
        #expect(try h.run { h.accepted.count == 1 && peer.lines.contains { $0.hasPrefix("up") } })
        let server = try #require(h.accepted.first)
        #expect(peer.lines.first == "up 4 4")
        for i in 0..<40 {
            try h.transport.send(Array("msg-\(i)".utf8), on: server, stream: UInt16(i % 4), ppid: 60)
        }
        #expect(try h.run { h.messages(on: server).count == 40 })
        let echoed = h.messages(on: server)
        #expect(echoed.allSatisfy { $0.ppid == 60 })
        #expect(Set(echoed.map { String(decoding: $0.bytes, as: UTF8.self) }) == Set((0..<40).map { "msg-\($0)" }))
        try h.transport.send(Array("shutdown".utf8), on: server, stream: 0, ppid: 60)
        #expect(try h.run { h.ended(server) != nil && peer.lines.contains("shutdown") })
        #expect(h.ended(server) == .shutdown(server))
        #expect(peer.reap() == 0)
    }

    @Test("a killed peer process is reported lost within two seconds")
    func killedPeer() throws {
        let h = try SCTPHarness()
        let (_, address) = try h.listen(options: .fastFailureDetection)
        let peer = try PeerProcess(arguments: ["sctp-peer", "127.0.0.4", "127.0.0.1", String(address.port)], loop: h.loop)
        #expect(try h.run { h.accepted.count == 1 && peer.lines.contains { $0.hasPrefix("up") } })
        let server = try #require(h.accepted.first)
        peer.kill()
        peer.reap()
        let killedAt = h.loop.refreshTime()
        #expect(try h.run(seconds: 10) { h.ended(server) != nil })
        #expect(h.ended(server) == .lost(server, .noResponse))
        let elapsed = h.loop.refreshTime().duration(since: killedAt)
        #expect(elapsed < .seconds(2), "lost after \(elapsed)")
    }

    @Test("an abort from the peer process is reported as lost by ABORT")
    func peerAborts() throws {
        let h = try SCTPHarness()
        let (_, address) = try h.listen(options: .fastFailureDetection)
        let peer = try PeerProcess(arguments: ["sctp-peer", "127.0.0.5", "127.0.0.1", String(address.port)], loop: h.loop)
        #expect(try h.run { h.accepted.count == 1 && peer.lines.contains { $0.hasPrefix("up") } })
        let server = try #require(h.accepted.first)
        try h.transport.send(Array("abort".utf8), on: server, stream: 0, ppid: 60)
        #expect(try h.run { h.ended(server) != nil })
        #expect(h.ended(server) == .lost(server, .abortReceived))
        #expect(peer.reap() == 0)
    }

    @Test("a peer that comes back from the same address and port restarts the association")
    func restart() throws {
        let h = try SCTPHarness()
        // Default (slow) failure detection: the association is still up when the peer comes back.
        let (_, address) = try h.listen()
        let port = String(40_000 + Int(getpid() % 5000))
        let arguments = ["sctp-peer", "127.0.0.2", "127.0.0.1", String(address.port), port]
        let first = try PeerProcess(arguments: arguments, loop: h.loop)
        #expect(try h.run { h.accepted.count == 1 && first.lines.contains { $0.hasPrefix("up") } }, "peer said \(first.lines)")
        let server = try #require(h.accepted.first)
        first.kill()
        first.reap()
        let second = try PeerProcess(arguments: arguments, loop: h.loop)
        #expect(try h.run { h.events.contains(.restarted(server)) && second.lines.contains { $0.hasPrefix("up") } })
        #expect(h.accepted.count == 1, "no new association: the old one restarted")
        #expect(h.transport.isOpen(server))
        try h.transport.send(Array("after restart".utf8), on: server, stream: 0, ppid: 60)
        #expect(try h.run { h.messages(on: server).contains { $0.bytes == Array("after restart".utf8) } })
        try h.transport.send(Array("abort".utf8), on: server, stream: 0, ppid: 60)
        #expect(try h.run { h.ended(server) != nil })
        second.reap()
    }
}
