import Bytes
import Packets
import Testing

/// IPv4 and IPv6 packets built by `PacketWriter` parse back to the same headers, with right lengths and
/// checksums, and rebuild to the same bytes.
@Suite struct IPRoundTripTests {
    static let a4 = IPAddress("10.45.0.2")!, b4 = IPAddress("10.45.0.1")!
    static let a6 = IPAddress("2001:db8::1")!, b6 = IPAddress("2001:db8::2")!
    static let payload: [UInt8] = Array(0..<37)

    static func build4(_ header: IPv4Header, payload: [UInt8] = payload) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = try w.beginIPv4(header)
            try w.write(payload)
            try w.endIPv4(ip)
        }
    }

    static func build6(_ header: IPv6Header, payload: [UInt8] = payload) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = try w.beginIPv6(header)
            try w.write(payload)
            try w.endIPv6(ip)
        }
    }

    @Test func ipv4HeaderRoundTripsWithLengthAndChecksumFilledIn() throws {
        var header = IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .icmp, timeToLive: 255,
                                identification: 0xC623, dontFragment: true)
        header.typeOfService = 0xB8
        let bytes = try Self.build4(header)
        #expect(bytes.count == 20 + 37)
        #expect(Array(bytes[0..<4]) == [0x45, 0xB8, 0x00, 57])
        let (parsed, payload) = try bytes.view { try IPv4Header.parse($0) }
        #expect(payload == 20..<57)
        #expect(Array(bytes[payload]) == Self.payload)
        var expected = header
        expected.totalLength = 57
        expected.headerChecksum = parsed.headerChecksum
        #expect(parsed == expected)
        #expect(bytes.view { IPv4Header.checksumIsValid($0) })
        #expect(try Self.build4(parsed) == bytes)
    }

    @Test func ipv4OptionsAndFragmentFieldsRoundTrip() throws {
        var header = IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp, identification: 77)
        header.options = [0x94, 4, 0, 0, 1, 1, 1, 0]  // router alert, NOPs, end
        header.moreFragments = true
        header.fragmentOffset = 1480
        header.reservedFlag = true
        let bytes = try Self.build4(header)
        #expect(bytes[0] == 0x47)
        let packet = try bytes.view { try IPPacket(parsing: $0) }
        guard case .v4(let parsed) = packet.header else { Issue.record("not IPv4"); return }
        #expect(parsed.options == header.options && parsed.reservedFlag && parsed.moreFragments && parsed.fragmentOffset == 1480)
        #expect(packet.fragment == IPFragment(identification: 77, offset: 1480, moreFragments: true))
        #expect(packet.payload == 28..<65)
        #expect(try Self.build4(parsed) == bytes)
    }

    @Test func ipv6ExtensionHeadersRoundTripAndChainTheirNextHeaders() throws {
        let header = IPv6Header(source: Self.a6, destination: Self.b6, upperProtocol: .sctp, hopLimit: 3, extensionHeaders: [
            .other(type: .hopByHopOptions, body: [5, 2, 0, 0, 1, 0]),  // router alert, PadN
            .other(type: .ipv6DestinationOptions, body: [1, 12] + [UInt8](repeating: 0, count: 12)),
            .fragment(offset: 2048, moreFragments: true, identification: 0xDEAD_BEEF),
            .other(type: .authenticationHeader, body: [0, 0] + [UInt8](repeating: 7, count: 12)),
        ])
        var withFlow = header
        withFlow.trafficClass = 0x2E
        withFlow.flowLabel = 0xABCDE
        let bytes = try Self.build6(withFlow)
        #expect(bytes[6] == 0)  // next header: hop-by-hop
        #expect(bytes[40] == 60 && bytes[48] == 44 && bytes[64] == 51 && bytes[72] == 132)
        let packet = try bytes.view { try IPPacket(parsing: $0) }
        guard case .v6(let parsed) = packet.header else { Issue.record("not IPv6"); return }
        #expect(parsed.extensionHeaders == header.extensionHeaders)
        #expect(parsed.trafficClass == 0x2E && parsed.flowLabel == 0xABCDE && parsed.hopLimit == 3)
        #expect(packet.upperProtocol == .sctp)
        #expect(packet.fragment == IPFragment(identification: 0xDEAD_BEEF, offset: 2048, moreFragments: true))
        #expect(Array(bytes[packet.payload]) == Self.payload)
        #expect(Int(parsed.payloadLength) == bytes.count - 40)
        #expect(try Self.build6(parsed) == bytes)
    }

    @Test func atomicIPv6FragmentIsAWholeDatagram() throws {
        let header = IPv6Header(source: Self.a6, destination: Self.b6, upperProtocol: .udp,
                                extensionHeaders: [.fragment(offset: 0, moreFragments: false, identification: 5)])
        let packet = try Self.build6(header).view { try IPPacket(parsing: $0) }
        #expect(packet.fragment == nil && packet.upperProtocol == .udp)
    }

    @Test func espAndNoNextHeaderEndTheWalkWithTheRestAsPayload() throws {
        for end in [IPProtocol.esp, .ipv6NoNextHeader] {
            let header = IPv6Header(source: Self.a6, destination: Self.b6, upperProtocol: end,
                                    extensionHeaders: [.other(type: .ipv6DestinationOptions, body: [1, 4, 0, 0, 0, 0])])
            let packet = try Self.build6(header).view { try IPPacket(parsing: $0) }
            #expect(packet.upperProtocol == end && packet.payload == 48..<85)
        }
    }

    @Test func buildingRejectsWhatTheHeaderCannotHold() {
        var v4 = IPv4Header(source: Self.a6, destination: Self.b4, upperProtocol: .udp)
        #expect(throws: PacketError.self) { try Self.build4(v4) }
        v4 = IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp)
        v4.options = [1, 1, 1]
        #expect(throws: PacketError.self) { try Self.build4(v4) }
        v4.options = []
        v4.fragmentOffset = 12
        #expect(throws: PacketError.self) { try Self.build4(v4) }
        let v6 = IPv6Header(source: Self.a6, destination: Self.b6, upperProtocol: .udp,
                            extensionHeaders: [.other(type: .hopByHopOptions, body: [1, 2, 0])])
        #expect(throws: PacketError.self) { try Self.build6(v6) }
        #expect(throws: PacketError.self) { try Self.build4(IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp),
                                                            payload: [UInt8](repeating: 0, count: 65_516)) }
    }

    @Test func aBufferTooSmallIsATypedErrorAtEveryLength() {
        let header = IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp)
        for size in 0..<(20 + Self.payload.count) {
            var buffer = [UInt8](repeating: 0, count: size)
            buffer.withUnsafeMutableBytes { raw in
                var w = PacketWriter(raw)
                do {
                    let ip = try w.beginIPv4(header)
                    try w.write(Self.payload)
                    try w.endIPv4(ip)
                    Issue.record("\(size) bytes were enough")
                } catch let error as PacketError {
                    #expect(error.code == .bufferTooSmall)
                } catch {
                    Issue.record("untyped error \(error)")
                }
            }
        }
    }

    @Test func lengthsBeyondTheBytesAreErrorsUnlessTheCaptureWasCut() throws {
        let whole = try Self.build4(IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp))
        let cut = Array(whole.prefix(30))
        #expect(throws: PacketError.self) { try cut.view { try IPPacket(parsing: $0) } }
        let tolerant = try cut.view { try IPPacket(parsing: $0, options: .capture(snapLengthCut: true)) }
        #expect(tolerant.payload == 20..<30)
        var zero = whole
        zero[2] = 0; zero[3] = 0
        #expect(throws: PacketError.self) { try zero.view { try IPPacket(parsing: $0) } }
        #expect(try zero.view { try IPPacket(parsing: $0, options: .capture(snapLengthCut: false)) }.payload == 20..<57)
        let longer = whole + [0xEE, 0xEE]  // Ethernet padding after the datagram is not payload
        #expect(try longer.view { try IPPacket(parsing: $0) }.payload == 20..<57)
    }

    @Test func badVersionAndHeaderLengthAreNamed() throws {
        var bytes = try Self.build4(IPv4Header(source: Self.a4, destination: Self.b4, upperProtocol: .udp))
        bytes[0] = 0x44
        let short = #expect(throws: PacketError.self) { try bytes.view { try IPPacket(parsing: $0) } }
        #expect(short?.code == .badHeaderLength && short?.context.path == ["IPv4", "headerLength"])
        bytes[0] = 0x55
        #expect(#expect(throws: PacketError.self) { try bytes.view { try IPPacket(parsing: $0) } }?.code == .badVersion)
        bytes[0] = 0x75
        #expect(#expect(throws: PacketError.self) { try bytes.view { try IPPacket(parsing: $0) } }?.code == .badVersion)
        let cut = Array(bytes.prefix(30))
        #expect(#expect(throws: PacketError.self) { try cut.view { try IPPacket(parsingIPv6: $0) } }?.code == .truncated)
    }
}
