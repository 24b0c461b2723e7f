import Bytes
import GTPU
import Packets
import Testing

/// Every message kind and every PDU Session Container field built, decoded and re-encoded; the bytes of
/// the common cases pinned to TS 29.281 and TS 38.415 layouts.
@Suite struct GTPURoundTripTests {
    static func roundTrip(_ message: GTPUMessage) throws -> [UInt8] {
        let bytes = try message.encoded()
        let decoded = try GTPUMessage(decoding: bytes)
        #expect(decoded == message)
        #expect(try decoded.encoded() == bytes)
        return bytes
    }

    @Test func uplinkGPDUWithAPDUSessionContainerHasOpen5GSLayout() throws {
        let header = GTPUHeader.gPDU(teid: 1, pduSession: .uplink(ULPDUSessionInformation(qfi: 1)))
        let bytes = try Self.roundTrip(GTPUMessage(header: header, body: .tPDU([0x45, 0, 0, 20])))
        // Flags 0x34, G-PDU, length 12, TEID 1, seq 0, N-PDU 0, next 0x85, [1, 0x10, 0x01, 0x00].
        #expect(bytes == [0x34, 0xFF, 0x00, 0x0C, 0, 0, 0, 1, 0, 0, 0, 0x85, 0x01, 0x10, 0x01, 0x00, 0x45, 0, 0, 20])
    }

    @Test func downlinkContainerWithEveryOptionalFieldRoundTrips() throws {
        let dl = DLPDUSessionInformation(qfi: 63, reflectiveQoSIndicator: true, pagingPolicyIndicator: 5,
                                         sendingTimeStamp: 0x0102_0304_0506_0708, qfiSequenceNumber: 0xABCDEF,
                                         mbsQFISequenceNumber: 0x1122_3344)
        let bytes = try Self.roundTrip(GTPUMessage(header: .gPDU(teid: 0xFEED_BEEF, pduSession: .downlink(dl)), body: .tPDU([])))
        // Content 2 + 1 + 8 + 3 + 4 = 18 octets: length octet + 18 + next = 20 octets, 5 units, no padding.
        #expect(bytes[12] == 5)
        #expect(Array(bytes[13..<16]) == [0x0E, 0xFF, 0xA0])
        #expect(bytes.count == 12 + 20)
    }

    @Test func uplinkContainerWithEveryOptionalFieldRoundTrips() throws {
        let ul = ULPDUSessionInformation(
            qfi: 9, qosMonitoring: .init(dlSendingTimeStampRepeated: 1, dlReceivedTimeStamp: 2, ulSendingTimeStamp: 3),
            dlDelayResult: 4, ulDelayResult: 5, qfiSequenceNumber: 6, n3n9DelayResult: 7, newIEFlags: 0x01, d1ULPDCPDelayResult: 8)
        let bytes = try Self.roundTrip(GTPUMessage(header: .gPDU(teid: 2, pduSession: .uplink(ul)), body: .tPDU([1])))
        #expect(Array(bytes[13..<15]) == [0x1F, 0xC9])
        let pprOnly = try Self.roundTrip(GTPUMessage(header: .gPDU(teid: 2, pduSession: .downlink(DLPDUSessionInformation(qfi: 1, pagingPolicyIndicator: 7))),
                                                     body: .tPDU([])))
        #expect(Array(pprOnly[12..<20]) == [2, 0x00, 0x81, 0xE0, 0, 0, 0, 0])  // 3 content octets, 3 of padding
        for flags: UInt8 in [0x00, 0x02] {  // New IE Flags without the D1 result
            let other = ULPDUSessionInformation(qfi: 1, newIEFlags: flags)
            _ = try Self.roundTrip(GTPUMessage(header: .gPDU(teid: 2, pduSession: .uplink(other)), body: .tPDU([])))
        }
    }

    @Test func otherExtensionHeadersKeepTheirBytesInOrder() throws {
        let header = GTPUHeader(messageType: .gPDU, teid: 3, sequenceNumber: 0x1234, nPDUNumber: 9, extensionHeaders: [
            .udpPort(2152), .pduSessionContainer(.downlink(DLPDUSessionInformation(qfi: 2))), .pdcpPDUNumber(77),
            .other(type: .nrRANContainer, content: Array(0..<10)),
        ])
        let bytes = try Self.roundTrip(GTPUMessage(header: header, body: .tPDU([9, 9])))
        #expect(bytes[0] == 0x37 && Array(bytes[8..<12]) == [0x12, 0x34, 9, 0x40])
        let packet = try bytes.withUnsafeBytes { try GTPUPacket(parsing: ByteView($0)) }
        #expect(packet.extensionHeaderCount == 4 && packet.pduSession == .downlink(DLPDUSessionInformation(qfi: 2)))
        #expect(packet.sequenceNumber == 0x1234 && packet.nPDUNumber == 9)
        #expect(Array(bytes[packet.body]) == [9, 9])
    }

    @Test func signallingMessagesRoundTrip() throws {
        let echo = try Self.roundTrip(.echoRequest(sequenceNumber: 5))
        #expect(echo == [0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x00, 0x05, 0, 0])
        let response = try Self.roundTrip(.echoResponse(sequenceNumber: 5))
        #expect(Array(response.suffix(2)) == [14, 0])
        let v4 = try Self.roundTrip(.errorIndication(teid: 0xAABB_CCDD, peer: IPAddress("10.0.0.7")!))
        #expect(Array(v4.suffix(12)) == [16, 0xAA, 0xBB, 0xCC, 0xDD, 133, 0, 4, 10, 0, 0, 7])
        _ = try Self.roundTrip(.errorIndication(teid: 1, peer: IPAddress("2001:db8::7")!))
        let list = try Self.roundTrip(.supportedExtensionHeadersNotification([.pduSessionContainer, .udpPort]))
        #expect(Array(list.suffix(4)) == [141, 2, 0x85, 0x40])
        _ = try Self.roundTrip(.endMarker(teid: 9, pduSession: .downlink(DLPDUSessionInformation(qfi: 1))))
        let ies: [GTPUInformationElement] = [.recovery(0), .privateExtension(identifier: 10415, value: [1, 2, 3]), .other(type: 200, value: [7])]
        _ = try Self.roundTrip(GTPUMessage(header: GTPUHeader(messageType: .echoRequest, teid: 0, sequenceNumber: 1), body: .informationElements(ies)))
        _ = try Self.roundTrip(GTPUMessage(header: GTPUHeader(messageType: .tunnelStatus, teid: 4), body: .raw([1, 2, 3])))
    }

    @Test func echoResponseAccessorsReadTheElements() throws {
        let m = try GTPUMessage(decoding: try GTPUMessage.errorIndication(teid: 42, peer: IPAddress("10.1.2.3")!).encoded())
        #expect(m.teidDataI == 42 && m.peerAddress == IPAddress("10.1.2.3") && m.recovery == nil)
        #expect(GTPUMessage.echoResponse(sequenceNumber: 1, restartCounter: 3).recovery == 3)
    }

    @Test func aDownlinkGPDUAroundAnICMPEchoReplyIsOnePacketEveryLayerReadsBack() throws {
        // What the UPF emulator sends on N3: IPv4/UDP/GTP-U (DL PDU Session Container, QFI 1)/IPv4/ICMP echo reply.
        let upf = IPAddress("127.0.0.7")!, gnb = IPAddress("127.0.0.2")!
        let dn = IPAddress("10.45.0.1")!, ue = IPAddress("10.45.0.2")!
        let tunnel = GTPUHeader.gPDU(teid: 0x0000_0001, pduSession: .downlink(DLPDUSessionInformation(qfi: 1)))
        let data = [UInt8](repeating: 0x5A, count: 56)
        var buffer = [UInt8](repeating: 0, count: 2048)
        let length = try buffer.withUnsafeMutableBytes { raw throws(PacketError) -> Int in
            var w = PacketWriter(raw)
            let outer = try w.beginIPv4(IPv4Header(source: upf, destination: gnb, upperProtocol: .udp))
            let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 2152)
            let gtp = try w.beginGTPU(tunnel)
            let inner = try w.beginIPv4(IPv4Header(source: dn, destination: ue, upperProtocol: .icmp))
            let icmp = try w.beginICMPEcho(ICMPEcho(isICMPv6: false, isReply: true, identifier: 0x1F73, sequenceNumber: 1))
            try w.write(data)
            try w.endICMP(icmp, in: inner)
            try w.endIPv4(inner)
            try w.endGTPU(gtp)
            try w.endUDP(udp, in: outer)
            try w.endIPv4(outer)
            return w.count
        }
        let packet = Array(buffer.prefix(length))
        #expect(length == 20 + 8 + 16 + 20 + 8 + 56)
        try packet.withUnsafeBytes { raw in
            let view = ByteView(raw)
            let ip = try IPPacket(parsing: view)
            #expect(IPv4Header.checksumIsValid(view))
            let datagram = try #require(view.slice(ip.payload.lowerBound, ip.payload.count))
            #expect(UDPHeader.checksumIsValid(datagram, in: ip) == true)
            let (_, payload) = try UDPHeader.parse(datagram)
            let gtpBytes = try #require(datagram.slice(payload.lowerBound, payload.count))
            let g = try GTPUPacket(parsing: gtpBytes)
            #expect(g.teid == 1 && g.pduSession?.qfi == 1 && g.missingBytes == 0 && g.trailingBytes == 0)
            let inner = try g.innerPacket(in: gtpBytes)
            #expect(inner.source == dn && inner.destination == ue && inner.upperProtocol == .icmp)
            let tpdu = try #require(gtpBytes.slice(g.body.lowerBound, g.body.count))
            let icmp = try #require(tpdu.slice(inner.payload.lowerBound, inner.payload.count))
            #expect(ICMPEcho.checksumIsValid(icmp, in: inner))
            #expect(try ICMPEcho.parse(icmp, icmpv6: false).0.isReply)
        }
    }
}
