import Bytes
import Packets
import Testing

/// UDP and ICMP/ICMPv6 echo built inside IPv4 and IPv6 parse back with right lengths and checksums.
@Suite struct TransportRoundTripTests {
    static let data: [UInt8] = Array("abcdefghijklmnopqrstuvwabcdefghi".utf8)

    static func udp(_ source: IPAddress, _ destination: IPAddress, payload: [UInt8] = data, checksum: Bool = true) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = source.version == 4
                ? try w.beginIPv4(IPv4Header(source: source, destination: destination, upperProtocol: .udp))
                : try w.beginIPv6(IPv6Header(source: source, destination: destination, upperProtocol: .udp))
            let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 40000)
            try w.write(payload)
            try w.endUDP(udp, in: ip, checksum: checksum)
            try w.endIP(ip)
        }
    }

    static func echo(_ source: IPAddress, _ destination: IPAddress, _ echo: ICMPEcho) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = source.version == 4
                ? try w.beginIPv4(IPv4Header(source: source, destination: destination, upperProtocol: .icmp))
                : try w.beginIPv6(IPv6Header(source: source, destination: destination, upperProtocol: .icmpv6))
            let icmp = try w.beginICMPEcho(echo)
            try w.write(data)
            try w.endICMP(icmp, in: ip)
            try w.endIP(ip)
        }
    }

    static let pairs: [(IPAddress, IPAddress)] = [(IPAddress("10.45.0.1")!, IPAddress("10.45.0.2")!),
                                                   (IPAddress("2001:db8::1")!, IPAddress("fd00::2")!)]

    @Test(arguments: [0, 1])
    func udpRoundTripsWithAVerifiedChecksum(_ which: Int) throws {
        let (a, b) = Self.pairs[which]
        let bytes = try Self.udp(a, b)
        let ip = try bytes.view { try IPPacket(parsing: $0) }
        #expect(ip.upperProtocol == .udp && ip.source == a && ip.destination == b)
        let datagram = Array(bytes[ip.payload])
        let (udp, payload) = try datagram.view { try UDPHeader.parse($0) }
        #expect(udp.sourcePort == 2152 && udp.destinationPort == 40000 && Int(udp.length) == 8 + Self.data.count)
        #expect(Array(datagram[payload]) == Self.data)
        #expect(datagram.view { UDPHeader.checksumIsValid($0, in: ip) } == true)
        var corrupted = datagram
        corrupted[9] ^= 1
        #expect(corrupted.view { UDPHeader.checksumIsValid($0, in: ip) } == false)
    }

    @Test func udpWithoutChecksumOverIPv4IsReportedAsAbsentButIPv6AlwaysComputesIt() throws {
        let (a, b) = Self.pairs[0]
        let v4 = try Self.udp(a, b, checksum: false)
        let ip4 = try v4.view { try IPPacket(parsing: $0) }
        #expect(Array(v4[ip4.payload]).view { UDPHeader.checksumIsValid($0, in: ip4) } == nil)
        let (c, d) = Self.pairs[1]
        let v6 = try Self.udp(c, d, checksum: false)
        let ip6 = try v6.view { try IPPacket(parsing: $0) }
        #expect(Array(v6[ip6.payload]).view { UDPHeader.checksumIsValid($0, in: ip6) } == true)
    }

    @Test func udpLengthErrorsAreTyped() throws {
        let cut: [UInt8] = [0, 1, 0, 2, 0]
        #expect(#expect(throws: PacketError.self) { try cut.view { try UDPHeader.parse($0) } }?.code == .truncated)
        let long: [UInt8] = [0, 1, 0, 2, 0, 20, 0, 0, 1, 2]
        #expect(#expect(throws: PacketError.self) { try long.view { try UDPHeader.parse($0) } }?.code == .badLength)
        let short: [UInt8] = [0, 1, 0, 2, 0, 7, 0, 0]
        #expect(#expect(throws: PacketError.self) { try short.view { try UDPHeader.parse($0) } }?.code == .badLength)
        let jumbo: [UInt8] = [0, 1, 0, 2, 0, 0, 0, 0, 9, 9]
        #expect(try jumbo.view { try UDPHeader.parse($0) }.payload == 8..<10)
    }

    @Test(arguments: [0, 1])
    func echoRequestAndItsReplyRoundTripWithVerifiedChecksums(_ which: Int) throws {
        let (a, b) = Self.pairs[which]
        let request = ICMPEcho(isICMPv6: which == 1, isReply: false, identifier: 0x1234, sequenceNumber: 7)
        for (echo, src, dst) in [(request, a, b), (request.reply, b, a)] {
            let bytes = try Self.echo(src, dst, echo)
            let ip = try bytes.view { try IPPacket(parsing: $0) }
            let message = Array(bytes[ip.payload])
            var (parsed, data) = try message.view { try ICMPEcho.parse($0, icmpv6: which == 1) }
            #expect(message[0] == echo.type)
            #expect(Array(message[data]) == Self.data)
            #expect(message.view { ICMPEcho.checksumIsValid($0, in: ip) })
            parsed.checksum = 0
            #expect(parsed == echo)
        }
    }

    @Test func icmpOfAnotherTypeIsUnexpected() {
        let unreachable: [UInt8] = [3, 3, 0, 0, 0, 0, 0, 0]
        #expect(#expect(throws: PacketError.self) { try unreachable.view { try ICMPEcho.parse($0, icmpv6: false) } }?.code == .unexpectedType)
        let v4Echo: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0]
        #expect(#expect(throws: PacketError.self) { try v4Echo.view { try ICMPEcho.parse($0, icmpv6: true) } }?.code == .unexpectedType)
    }
}
