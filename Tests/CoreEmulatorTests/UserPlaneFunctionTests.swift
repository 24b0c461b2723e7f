import Bytes
import CoreEmulator
import GTPU
import Packets
import Testing

@Suite("UserPlaneFunction: GTP-U forwarding to a one-host data network, echo, error indication, idle buffering")
struct UserPlaneFunctionTests {
    let gnb = CoreIPAddress.v4(IPv4Address("127.0.0.2")!)
    let key = UPFSessionKey(rawValue: 7)

    func upfWithSession() -> UserPlaneFunction {
        var upf = UserPlaneFunction(n3Address: .v4(IPv4Address("127.0.0.51")!), dnAddress: .v4(IPv4Address("10.60.0.1")!))
        var out: [UPFDatagram] = []
        upf.apply(.createSession(UPFSession(key: key, supi: "imsi-001010000000001", pduSessionID: 1, dnn: "internet", ueIPv4: IPv4Address("10.60.0.2"),
                                            ipv6Prefix: nil, ipv6InterfaceIdentifier: nil,
                                            uplink: GTPTunnelEndpoint(address: .v4(IPv4Address("127.0.0.51")!), teid: 0x11),
                                            qfi: 1, ambrUplink: 1_000_000, ambrDownlink: 1_000_000)), into: &out)
        upf.apply(.setDownlink(key, downlink: GTPTunnelEndpoint(address: gnb, teid: 0x99), isPathSwitch: false), into: &out)
        return upf
    }

    /// An uplink G-PDU from the UE (10.60.0.2) with an ICMP echo request to `destination`.
    func uplinkPing(teid: UInt32 = 0x11, destination: UInt32 = 0x0A3C_0001) throws -> [UInt8] {
        try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
            let g = try w.beginGTPU(.gPDU(teid: teid, pduSession: .uplink(ULPDUSessionInformation(qfi: 1))))
            let ip = try w.beginIPv4(IPv4Header(source: .v4(0x0A3C_0002), destination: .v4(destination), upperProtocol: .icmp))
            let m = try w.beginICMPEcho(ICMPEcho(isICMPv6: false, isReply: false, identifier: 0x1234, sequenceNumber: 9))
            try w.write([1, 2, 3, 4, 5, 6, 7, 8])
            try w.endICMP(m, in: ip)
            try w.endIPv4(ip)
            try w.endGTPU(g)
        }
    }

    @Test("an ICMP echo request to the DN address comes back down the gNB's tunnel as a reply with QFI 1")
    func pingThroughTunnel() throws {
        var upf = upfWithSession()
        var out: [UPFDatagram] = []
        var events: [UPFEvent] = []
        upf.receive(try uplinkPing(), from: gnb, into: &out, events: &events)
        #expect(events.isEmpty)
        let reply = try #require(out.first)
        #expect(out.count == 1)
        #expect(reply.address == gnb)
        let message = try GTPUMessage(decoding: reply.bytes)
        #expect(message.header.teid == 0x99)
        #expect(message.header.pduSession?.qfi == 1)
        try reply.bytes.withUnsafeBytes { raw in
            let view = ByteView(raw)
            let packet = try GTPUPacket(parsing: view)
            let ip = try packet.innerPacket(in: view)
            #expect(ip.source == .v4(0x0A3C_0001))
            #expect(ip.destination == .v4(0x0A3C_0002))
            let tpdu = try #require(view.slice(packet.body.lowerBound, packet.body.count))
            let icmp = try #require(tpdu.slice(ip.payload.lowerBound, ip.payload.count))
            let (echo, _) = try ICMPEcho.parse(icmp, icmpv6: false)
            #expect(echo.isReply && echo.identifier == 0x1234 && echo.sequenceNumber == 9)
            #expect(ICMPEcho.checksumIsValid(icmp, in: ip))
        }
        #expect(upf.counters(key)?.uplinkPackets == 1)
        #expect(upf.counters(key)?.downlinkPackets == 1)
    }

    @Test("a G-PDU on an unknown TEID gets an Error Indication naming that TEID")
    func unknownTEID() throws {
        var upf = upfWithSession()
        var out: [UPFDatagram] = []
        var events: [UPFEvent] = []
        upf.receive(try uplinkPing(teid: 0x4242), from: gnb, port: 40000, into: &out, events: &events)
        let e = try #require(out.first)
        #expect(e.port == 40000)
        let message = try GTPUMessage(decoding: e.bytes)
        #expect(message.header.messageType == .errorIndication)
        #expect(message.teidDataI == 0x4242)
        #expect(message.peerAddress == .v4(0x7F00_0033))
    }

    @Test("Echo Request is answered with Echo Response and the same sequence number")
    func echo() throws {
        var upf = upfWithSession()
        var out: [UPFDatagram] = []
        var events: [UPFEvent] = []
        upf.receive(try GTPUMessage.echoRequest(sequenceNumber: 77).encoded(), from: gnb, into: &out, events: &events)
        let message = try GTPUMessage(decoding: try #require(out.first).bytes)
        #expect(message.header.messageType == .echoResponse)
        #expect(message.header.sequenceNumber == 77)
    }

    @Test("downlink for an idle session is held, reported once, and sent when the tunnel is set again")
    func idleBuffering() throws {
        var upf = upfWithSession()
        var out: [UPFDatagram] = []
        var events: [UPFEvent] = []
        upf.apply(.markIdle(key, buffer: true), into: &out)
        upf.receive(try uplinkPing(), from: gnb, into: &out, events: &events)
        upf.receive(try uplinkPing(), from: gnb, into: &out, events: &events)
        #expect(out.isEmpty)
        #expect(events == [.downlinkData(key)])
        upf.apply(.setDownlink(key, downlink: GTPTunnelEndpoint(address: gnb, teid: 0x77), isPathSwitch: false), into: &out)
        #expect(out.count == 2)
        #expect(try out.allSatisfy { try GTPUMessage(decoding: $0.bytes).header.teid == 0x77 })
    }
}
