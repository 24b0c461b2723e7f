import EventLoop
import Glibc
import Testing
import Transport

@Suite("UDPEndpoint")
struct UDPEndpointTests {
    @Test("datagrams echo through recvmmsg/sendmmsg batches with their sources and a batch time")
    func echo() throws {
        let loop = try EventLoop()
        let server = try UDPEndpoint(loop: loop, bind: SocketAddress("127.0.0.1", port: 0), batchSize: 16)
        let client = try UDPEndpoint(loop: loop, bind: SocketAddress("127.0.0.1", port: 0), batchSize: 16)
        #expect(server.localAddress.port != 0)
        var sources: Set<SocketAddress> = []
        var times: [MonotonicTime] = []
        server.onReceive = { [unowned server] batch in
            times.append(batch.receivedAt)
            for i in 0..<batch.count {
                let datagram = batch[i]
                if let source = datagram.source { sources.insert(source) }
                server.stage(datagram.bytes, toSockAddr: datagram.sourcePointer, length: datagram.sourceLength)
            }
        }
        var echoed: [[UInt8]] = []
        client.onReceive = { batch in
            for i in 0..<batch.count { echoed.append(Array(batch[i].bytes)) }
            if echoed.count == 100 { loop.stop() }
        }
        let start = loop.refreshTime()
        for i in 0..<100 {
            // More than one batch: staging the 17th flushes the first 16.
            client.stage([UInt8(i), 0x34, 0xff].withUnsafeBytes { $0 }, to: server.localAddress)
        }
        client.flush()
        #expect(try loop.run(until: start.advanced(by: .seconds(5))))
        #expect(echoed.sorted { $0[0] < $1[0] } == (0..<100).map { [UInt8($0), 0x34, 0xff] })
        #expect(sources == [client.localAddress])
        #expect(times.allSatisfy { $0 >= start })
        #expect(server.receiveBatches < 100, "datagrams were read in batches")
        #expect(client.datagramsSent == 100 && server.datagramsSent == 100 && server.datagramsDropped == 0)
    }

    @Test("a wildcard bind is refused")
    func wildcard() throws {
        let loop = try EventLoop()
        let error = #expect(throws: TransportError.self) { _ = try UDPEndpoint(loop: loop, bind: SocketAddress("0.0.0.0", port: 2152)) }
        #expect(error?.code == .wildcardAddress)
    }

    @Test("addresses parse, print and refuse bad text")
    func addresses() throws {
        let v4 = try SocketAddress("127.0.0.2", port: 2152)
        #expect(v4.description == "127.0.0.2:2152" && !v4.isIPv6 && !v4.isWildcard)
        let v6 = try SocketAddress("::1", port: 38412)
        #expect(v6.description == "[::1]:38412" && v6.isIPv6)
        #expect(try SocketAddress("::", port: 1).isWildcard)
        #expect(v4.with(port: 9).port == 9)
        #expect(throws: TransportError.self) { _ = try SocketAddress("localhost", port: 1) }
    }
}
