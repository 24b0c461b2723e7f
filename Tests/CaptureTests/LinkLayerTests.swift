import Capture
import Testing

/// Every supported link type delivers the SCTP message inside it, with the right addresses.
@Suite struct LinkLayerTests {
    typealias B = PacketBuilder
    static let payload: [UInt8] = [0x00, 0x15, 0x00, 0x33, 0xAA]
    static let sctp = B.sctp(sport: 40000, dport: 38412, chunks: [B.dataChunk(tsn: 7, sid: 3, ssn: 9, payload: payload)])
    static let v4 = B.ipv4(payload: sctp)
    static let v6 = B.ipv6(payload: sctp)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var linkType: UInt32
        var frame: [UInt8]
        var expectedLink: LinkLayer
        var ipv6: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Ethernet IPv4", linkType: 1, frame: B.ethernet(type: 0x0800, payload: v4), expectedLink: .ethernet, ipv6: false),
        Case(name: "Ethernet IPv6", linkType: 1, frame: B.ethernet(type: 0x86DD, payload: v6), expectedLink: .ethernet, ipv6: true),
        Case(name: "Ethernet 802.1Q", linkType: 1, frame: B.ethernet(type: 0x0800, vlans: [100], payload: v4), expectedLink: .ethernet, ipv6: false),
        Case(name: "Ethernet QinQ", linkType: 1, frame: B.ethernet(type: 0x86DD, vlans: [100, 200], payload: v6), expectedLink: .ethernet, ipv6: true),
        Case(name: "Linux SLL", linkType: 113, frame: B.sll(type: 0x0800, payload: v4), expectedLink: .linuxSLL, ipv6: false),
        Case(name: "Linux SLL2", linkType: 276, frame: B.sll2(type: 0x86DD, payload: v6), expectedLink: .linuxSLL2, ipv6: true),
        Case(name: "LINKTYPE_RAW v4", linkType: 101, frame: v4, expectedLink: .rawIP, ipv6: false),
        Case(name: "LINKTYPE_RAW v6", linkType: 101, frame: v6, expectedLink: .rawIP, ipv6: true),
        Case(name: "DLT_RAW 12", linkType: 12, frame: v4, expectedLink: .rawIP, ipv6: false),
        Case(name: "DLT_RAW 14 (OpenBSD)", linkType: 14, frame: v6, expectedLink: .rawIP, ipv6: true),
        Case(name: "IPv4 228", linkType: 228, frame: v4, expectedLink: .ipv4, ipv6: false),
        Case(name: "IPv6 229", linkType: 229, frame: v6, expectedLink: .ipv6, ipv6: true),
        Case(name: "NULL little endian", linkType: 0, frame: B.null(family: 2, littleEndian: true, payload: v4), expectedLink: .null, ipv6: false),
        Case(name: "NULL big endian IPv6", linkType: 0, frame: B.null(family: 30, littleEndian: false, payload: v6), expectedLink: .null, ipv6: true),
        Case(name: "LOOP", linkType: 108, frame: B.null(family: 2, littleEndian: false, payload: v4), expectedLink: .loop, ipv6: false),
    ]

    @Test(arguments: cases)
    func linkTypeDeliversSCTPMessage(_ c: Case) throws {
        let contents = try Synthetic.read(linkType: c.linkType, frames: [[0xFF], c.frame])
        #expect(contents.linkLayer == c.expectedLink)
        #expect(contents.frameCount == 2)
        let message = try #require(contents.messages.first)
        #expect(contents.messages.count == 1)
        #expect(message.frame == 2)
        #expect(message.payload == Self.payload)
        #expect(message.streamID == 3 && message.streamSequenceNumber == 9 && message.firstTSN == 7)
        #expect(message.source.port == 40000 && message.destination.port == 38412 && message.isNGAP)
        #expect(message.timestamp == CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 1))
        if c.ipv6 {
            #expect(message.source.address.description == "2001:db8::1")
            #expect(message.destination.address.description == "2001:db8::2")
        } else {
            #expect(message.source.address.description == "10.0.0.1")
            #expect(message.destination.address.description == "10.0.0.2")
        }
    }

    @Test func ipv4OptionsAreSkipped() throws {
        let frame = B.ipv4(options: [1, 1, 1, 0, 0x94, 4, 0, 0], payload: Self.sctp)
        let contents = try Synthetic.read(linkType: 101, frames: [frame])
        #expect(contents.messages.map(\.payload) == [Self.payload])
    }

    @Test func ipv6ExtensionHeadersAreSkipped() throws {
        let hopByHop: (type: UInt8, body: [UInt8]) = (0, [0, 0, 1, 4, 0, 0, 0, 0])
        let destination: (type: UInt8, body: [UInt8]) = (60, [0, 1] + [UInt8](repeating: 0, count: 14))
        let frame = B.ipv6(extensions: [hopByHop, destination], payload: Self.sctp)
        let contents = try Synthetic.read(linkType: 229, frames: [frame])
        #expect(contents.messages.map(\.payload) == [Self.payload])
    }

    @Test func nonIPFramesAreSkippedSilently() throws {
        let arp = B.ethernet(type: 0x0806, payload: [UInt8](repeating: 0, count: 28))
        let contents = try Synthetic.read(linkType: 1, frames: [arp, B.ethernet(type: 0x0800, payload: Self.v4)])
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.messages.map(\.frame) == [2])
    }

    @Test func unknownLinkTypeIsATypedError() throws {
        var writer = PcapWriter(linkType: 147)  // LINKTYPE_USER0
        writer.add(Self.v4)
        let path = try writer.write()
        #expect(throws: CaptureError.self) { try CaptureReader(path: path) }
        do {
            _ = try CaptureReader(path: path)
        } catch {
            #expect(error.code == .unsupportedLinkType)
            #expect(error.message.contains("147"))
        }
    }

    @Test func udpDatagramsAreDeliveredWhenAsked() throws {
        let gtp: [UInt8] = [0x30, 0xFF, 0x00, 0x04, 0, 0, 0, 1, 9, 9, 9, 9]
        let frame = B.ipv4(proto: 17, payload: B.udp(sport: 2152, dport: 2152, payload: gtp))
        var options = CaptureOptions()
        options.includeUDP = true
        let contents = try Synthetic.read(linkType: 101, frames: [frame], options: options)
        let datagram = try #require(contents.udpDatagrams.first)
        #expect(datagram.payload == gtp && datagram.source.port == 2152 && datagram.frame == 1)
        #expect(try Synthetic.read(linkType: 101, frames: [frame]).udpDatagrams.isEmpty)
    }
}
