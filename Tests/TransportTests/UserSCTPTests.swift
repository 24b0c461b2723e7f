import EventLoop
import Glibc
import Testing
@testable import Transport

/// usrsctp over raw IP on loopback, both ends in this process (one usrsctp instance for the whole test
/// process). Needs root (raw sockets) and the extra loopback addresses; every wait is bounded.
@Suite("usrsctp associations", .enabled(if: geteuid() == 0 && Loopback.ready, "needs root and 127.0.0.2-5 on lo"))
struct UserSCTPTests {
    @Test("an association comes up on both sides with the negotiated stream counts")
    func associationUp() throws {
        let h = try SCTPHarness()
        var serverOptions = SCTPOptions()
        serverOptions.outboundStreams = 2
        serverOptions.maxInboundStreams = 8
        let (_, address) = try h.listen(options: serverOptions)
        var clientOptions = SCTPOptions()
        clientOptions.outboundStreams = 5
        clientOptions.maxInboundStreams = 8
        let client = try h.transport.connect(from: SocketAddress("127.0.0.2", port: 0), to: address, options: clientOptions)
        #expect(try h.run { h.isUp(client) && h.accepted.count == 1 && h.accepted.allSatisfy(h.isUp) })
        #expect(h.events.contains(.up(client, inbound: 2, outbound: 5)))
        let server = try #require(h.accepted.first)
        #expect(h.events.contains(.up(server, inbound: 5, outbound: 2)))
        #expect(h.transport.streams(of: client)! == (2, 5))
        #expect(h.transport.stack == .user)
    }

    @Test("messages go both ways on several streams with PPID 60, in order on each stream, batched or not",
          arguments: [true, false])
    func messagesBothWays(batchSends: Bool) throws {
        let h = try SCTPHarness(batchSends: batchSends)
        h.echo = true
        var options = SCTPOptions()
        options.outboundStreams = 4
        options.maxInboundStreams = 4
        let (_, address) = try h.listen(options: options)
        let client = try h.transport.connect(from: SocketAddress("127.0.0.2", port: 0), to: address, options: options)
        #expect(try h.run { h.isUp(client) })
        var results: Set<SCTPSendResult> = []
        for i in 0..<200 {
            let message = [UInt8(i % 4), UInt8(i / 4)] + [UInt8](repeating: 0xab, count: 98)
            results.insert(try h.transport.send(message, on: client, stream: UInt16(i % 4), ppid: 60))
        }
        // Batched sends wait for the end of the loop round; unbatched ones go out at once (or queue when
        // the stack pushes back).
        #expect(batchSends ? results == [.batched] : !results.contains(.batched))
        #expect(try h.run { h.messages(on: client).count == 200 })
        let server = try #require(h.accepted.first)
        let atServer = h.messages(on: server)
        let echoed = h.messages(on: client)
        #expect(atServer.count == 200)
        for received in [atServer, echoed] {
            #expect(received.allSatisfy { $0.ppid == 60 && $0.bytes.count == 100 && UInt16($0.bytes[0]) == $0.stream })
            for stream in 0..<4 {
                let order = received.filter { $0.stream == stream }.map { Int($0.bytes[1]) }
                #expect(order == Array(0..<50), "stream \(stream) out of order")
            }
        }
    }

    @Test("large messages arrive whole, reassembled from several reads", arguments: [60_000, 300_000])
    func largeMessages(size: Int) throws {
        let h = try SCTPHarness()
        h.echo = true
        var options = SCTPOptions()
        options.sendBuffer = 1 << 20
        options.receiveBuffer = 1 << 20
        let (_, address) = try h.listen(options: options)
        let client = try h.transport.connect(from: SocketAddress("127.0.0.3", port: 0), to: address, options: options)
        #expect(try h.run { h.isUp(client) })
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try h.transport.send(payload, on: client, stream: 1, ppid: 60)
        #expect(try h.run(seconds: 20) { h.messages(on: client).count == 1 })
        let server = try #require(h.accepted.first)
        #expect(h.messages(on: server).map(\.bytes) == [payload])
        #expect(h.messages(on: client).first?.bytes == payload)
        #expect(h.messages(on: client).first?.stream == 1)
    }

    @Test("fifty associations to one listener each get their own echo")
    func manyAssociations() throws {
        let h = try SCTPHarness()
        h.echo = true
        let (_, address) = try h.listen()
        let hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
        var clients: [SCTPAssociationID] = []
        for i in 0..<50 {
            clients.append(try h.transport.connect(from: SocketAddress(hosts[i % hosts.count], port: 0), to: address))
        }
        // Sent before the associations are up: queued, then delivered once up.
        for (i, client) in clients.enumerated() {
            #expect(try h.transport.send([UInt8(i)], on: client, stream: 0, ppid: 60) == .queued)
        }
        #expect(try h.run(seconds: 20) { clients.allSatisfy { h.messages(on: $0).count == 1 } })
        for (i, client) in clients.enumerated() {
            #expect(h.messages(on: client).first?.bytes == [UInt8(i)])
        }
        #expect(h.accepted.count == 50)
        #expect(h.transport.associationCount == 100)
    }

    @Test("a graceful shutdown is reported on both sides")
    func gracefulShutdown() throws {
        let h = try SCTPHarness()
        let (_, address) = try h.listen()
        let client = try h.transport.connect(from: SocketAddress("127.0.0.2", port: 0), to: address)
        #expect(try h.run { h.isUp(client) && h.accepted.count == 1 })
        let server = h.accepted[0]
        try h.transport.send([1, 2, 3], on: client, stream: 0, ppid: 60)
        try h.transport.shutdown(client)
        #expect(try h.run { h.ended(client) != nil && h.ended(server) != nil })
        #expect(h.ended(client) == .shutdown(client))
        #expect(h.ended(server) == .shutdown(server))
        // The message sent before the shutdown still arrived.
        #expect(h.messages(on: server).map(\.bytes) == [[1, 2, 3]])
        #expect(!h.transport.isOpen(client))
        #expect(throws: TransportError.self) { try h.transport.send([1], on: client, stream: 0, ppid: 60) }
    }

    @Test("an abort is reported to the peer as lost, by ABORT")
    func abortSeenByPeer() throws {
        let h = try SCTPHarness()
        let (_, address) = try h.listen()
        let client = try h.transport.connect(from: SocketAddress("127.0.0.4", port: 0), to: address)
        #expect(try h.run { h.isUp(client) && h.accepted.count == 1 })
        let server = h.accepted[0]
        h.transport.abort(client)
        #expect(try h.run { h.ended(server) != nil })
        #expect(h.ended(server) == .lost(server, .abortReceived))
        #expect(h.ended(client) == nil, "the side that aborts gets no event")
    }

    @Test("a stream at or above the negotiated count is refused")
    func streamBeyondNegotiated() throws {
        let h = try SCTPHarness()
        let (_, address) = try h.listen()
        let client = try h.transport.connect(from: SocketAddress("127.0.0.2", port: 0), to: address)
        #expect(try h.run { h.isUp(client) })
        let error = #expect(throws: TransportError.self) { try h.transport.send([1], on: client, stream: 2, ppid: 60) }
        #expect(error?.code == .invalidStream)
    }

    @Test("wildcard and absent local addresses are refused with a reason")
    func explicitAddressesOnly() throws {
        let h = try SCTPHarness()
        let wildcard = #expect(throws: TransportError.self) { _ = try h.transport.listen(on: SocketAddress("0.0.0.0", port: 0)) }
        #expect(wildcard?.code == .wildcardAddress)
        let absent = #expect(throws: TransportError.self) {
            _ = try h.transport.connect(from: SocketAddress("127.0.0.77", port: 0), to: SocketAddress("127.0.0.1", port: 9))
        }
        #expect(absent?.code == .socketFailed)
        #expect(absent?.message.contains("ip addr add") == true)
        #expect(h.transport.associationCount == 0)
    }

    @Test("a connect to a port nobody listens on ends as cannotStart")
    func connectRefused() throws {
        let h = try SCTPHarness()
        var options = SCTPOptions.fastFailureDetection
        options.initMaxAttempts = 2
        let client = try h.transport.connect(from: SocketAddress("127.0.0.2", port: 0), to: SocketAddress("127.0.0.5", port: 9), options: options)
        #expect(try h.run(seconds: 15) { h.ended(client) != nil })
        #expect(h.ended(client) == .lost(client, .cannotStart))
    }
}
