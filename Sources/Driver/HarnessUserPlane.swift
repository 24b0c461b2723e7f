import Bytes
import EventLoop
import GTPU
import Packets
import Simulation
import Transport

/// The UEs' user plane on N3: one GTP-U socket per gNB, the sessions' tunnels, ICMP echo through them with
/// the send time in the payload (so the round trip is measured on the reply alone), and the GTP-U path
/// management a gNB owes its peer (Echo Response, TS 29.281 §7.2.2).
final class HarnessUserPlane {
    weak var driver: HarnessDriver?
    let loop: EventLoop
    let endpoints: [UDPEndpoint]
    let addresses: [IPAddress]

    struct Session {
        var ueAddress: IPAddress?
        var tunnel: GNBTunnel?
        var gnb: GNBIndex?
    }

    struct SessionKey: Hashable {
        var ue: UEIndex
        var pduSessionID: UInt8
    }

    var sessions: [SessionKey: Session] = [:]
    /// (gNB, downlink TEID) → the session.
    var byTEID: [UInt64: SessionKey] = [:]
    var scratch = [UInt8](repeating: 0, count: 2048)
    /// Echo payloads start with this marker and the send time in nanoseconds.
    static let marker: UInt32 = 0x4347_5450  // "CGTP"
    /// ICMP echo identifier of the harness's pings.
    static let identifier: UInt16 = 0xC0DE

    public private(set) var echoesSent = 0
    public private(set) var echoesReceived = 0

    let upfPort: UInt16

    init(loop: EventLoop, addresses: [SocketAddress], upfPort: UInt16) throws(DriverError) {
        self.loop = loop
        self.upfPort = upfPort
        var endpoints: [UDPEndpoint] = []
        var ips: [IPAddress] = []
        for address in addresses {
            do {
                endpoints.append(try UDPEndpoint(loop: loop, bind: address))
            } catch {
                throw DriverError(.transport, "GTP-U socket on \(address): \(error.message)")
            }
            guard let ip = IPAddress(address.host) else { throw DriverError(.configuration, "N3 address \(address) is not an IP address") }
            ips.append(ip)
        }
        self.endpoints = endpoints
        self.addresses = ips
        for (i, e) in endpoints.enumerated() {
            e.onReceive = { [unowned self] batch in self.received(batch, gnb: GNBIndex(i)) }
        }
    }

    func key(_ gnb: GNBIndex, _ teid: UInt32) -> UInt64 { UInt64(UInt32(bitPattern: gnb.rawValue)) << 32 | UInt64(teid) }

    func sessionChanged(ue: UEIndex, _ event: PDUSessionEvent) {
        switch event {
        case .up(let info), .modified(let info):
            let k = SessionKey(ue: ue, pduSessionID: info.id)
            sessions[k, default: Session()].ueAddress = info.ipv4.map { IPAddress.v4($0) }
        case .down(let id, _):
            let k = SessionKey(ue: ue, pduSessionID: id)
            if let s = sessions.removeValue(forKey: k), let t = s.tunnel, let g = s.gnb { byTEID[key(g, t.dlTEID)] = nil }
        }
    }

    func tunnelUp(_ t: GNBTunnel, gnb: GNBIndex) {
        let k = SessionKey(ue: t.ue, pduSessionID: t.pduSessionID)
        if let old = sessions[k], let ot = old.tunnel, let og = old.gnb { byTEID[key(og, ot.dlTEID)] = nil }
        sessions[k, default: Session()].tunnel = t
        sessions[k]?.gnb = gnb
        byTEID[key(gnb, t.dlTEID)] = k
    }

    func tunnelDown(ue: UEIndex, pduSessionID: UInt8, dlTEID: UInt32, gnb: GNBIndex) {
        byTEID[key(gnb, dlTEID)] = nil
        let k = SessionKey(ue: ue, pduSessionID: pduSessionID)
        if sessions[k]?.tunnel?.dlTEID == dlTEID { sessions[k]?.tunnel = nil; sessions[k]?.gnb = nil }
    }

    /// Sends one echo request through the session's tunnel; false when it has no tunnel or address.
    func ping(ue: UEIndex, pduSessionID: UInt8, gnb: GNBIndex, destination: IPAddress, sequence: UInt16, payloadSize: Int,
              now: MonotonicTime) -> Bool {
        guard let s = sessions[SessionKey(ue: ue, pduSessionID: pduSessionID)], let source = s.ueAddress, let t = s.tunnel,
              let g = s.gnb, let upf = Self.address(t.ulAddress) else { return false }
        let qfi = t.qfis.first ?? 1
        let header = GTPUHeader.gPDU(teid: t.ulTEID, pduSession: .uplink(ULPDUSessionInformation(qfi: qfi)))
        let size = max(12, min(payloadSize, 1400))
        let sent = now.nanoseconds
        let built = scratch.withUnsafeMutableBytes { raw -> Int? in
            var w = PacketWriter(raw)
            do throws(PacketError) {
                let gtp = try w.beginGTPU(header)
                let ip = try w.beginIPv4(IPv4Header(source: source, destination: destination, upperProtocol: .icmp))
                let icmp = try w.beginICMPEcho(ICMPEcho(isICMPv6: false, isReply: false, identifier: Self.identifier, sequenceNumber: sequence))
                try w.writeU32(Self.marker)
                try w.writeU64(sent)
                for i in 12..<size { try w.writeU8(UInt8(truncatingIfNeeded: i)) }
                try w.endICMP(icmp, in: ip)
                try w.endIPv4(ip)
                try w.endGTPU(gtp)
            } catch {
                return nil
            }
            return w.count
        }
        guard let length = built, let address = try? SocketAddress(upf.description, port: upfPort) else { return false }
        let ok = scratch.withUnsafeBytes { raw in endpoints[g.int].stage(UnsafeRawBufferPointer(rebasing: raw[0..<length]), to: address) }
        if ok {
            echoesSent += 1
            scratch.withUnsafeBytes { raw in
                driver?.recordN3(UnsafeRawBufferPointer(rebasing: raw[0..<length]), gnb: g, peer: upf, sent: true)
            }
            endpoints[g.int].flush()
        }
        return ok
    }

    func received(_ batch: UDPReceivedBatch, gnb: GNBIndex) {
        for i in 0..<batch.count {
            let datagram = batch[i]
            let peer = datagram.source.flatMap { IPAddress($0.host) }
            if let peer { driver?.recordN3(datagram.bytes, gnb: gnb, peer: peer, sent: false) }
            let view = ByteView(datagram.bytes)
            let packet: GTPUPacket
            do {
                packet = try GTPUPacket(parsing: view)
            } catch {
                driver?.userPlaneDeviation("malformedGTPU", "TS 29.281 §5.1", "a datagram on N3 is not GTP-U: \(error.message)",
                                           bytes: Array(datagram.bytes), gnb: gnb)
                continue
            }
            switch packet.messageType {
            case .gPDU:
                deliver(packet, view, gnb: gnb, receivedAt: batch.receivedAt)
            case .echoRequest:
                answerEcho(packet, to: datagram, gnb: gnb)
            case .errorIndication:
                driver?.userPlaneDeviation("errorIndication", "TS 29.281 §7.3.1", "the UPF sent an Error Indication",
                                           bytes: Array(datagram.bytes), gnb: gnb)
            default:
                break
            }
        }
        endpoints[gnb.int].flush()
    }

    func deliver(_ packet: GTPUPacket, _ view: ByteView, gnb: GNBIndex, receivedAt: MonotonicTime) {
        guard let k = byTEID[key(gnb, packet.teid)] else {
            driver?.userPlaneDeviation("unknownTEID", "TS 29.281 §7.3.1", "a G-PDU for TEID \(packet.teid), which no session of this gNB has",
                                       bytes: [], gnb: gnb)
            return
        }
        // Only the harness's own echo replies are measured; other downlink traffic is counted by the UPF side.
        guard let inner = view.slice(packet.body.lowerBound, packet.body.count),
              let ip = try? IPPacket(parsing: inner), ip.upperProtocol == .icmp,
              let icmpBytes = inner.slice(ip.payload.lowerBound, ip.payload.count),
              let (echo, data) = try? ICMPEcho.parse(icmpBytes, icmpv6: false),
              echo.isReply, echo.identifier == Self.identifier,
              let payload = icmpBytes.slice(data.lowerBound, data.count),
              payload.count >= 12, payload.u32(at: 0) == Self.marker, let sent = payload.u64(at: 4) else { return }
        echoesReceived += 1
        let rtt = receivedAt.duration(since: MonotonicTime(nanoseconds: sent))
        driver?.onEvent(.echoReply(k.ue, pduSessionID: k.pduSessionID, sequence: echo.sequenceNumber, rtt: rtt))
    }

    /// Echo Response with the request's sequence number and a Recovery IE (restart counter 0).
    func answerEcho(_ request: GTPUPacket, to datagram: UDPDatagram, gnb: GNBIndex) {
        let sequence = request.sequenceNumber ?? 0
        let response: [UInt8] = [0x32, 0x02, 0x00, 0x06, 0, 0, 0, 0, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 14, 0]
        response.withUnsafeBytes { raw in
            _ = endpoints[gnb.int].stage(raw, toSockAddr: datagram.sourcePointer, length: datagram.sourceLength)
            if let peer = datagram.source.flatMap({ IPAddress($0.host) }) { driver?.recordN3(raw, gnb: gnb, peer: peer, sent: true) }
        }
    }

    /// The address of a tunnel's endpoint (IPv4 first when the UPF gave both).
    static func address(_ bytes: [UInt8]) -> IPAddress? {
        switch bytes.count {
        case 4, 20: return .v4(UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3]))
        case 16:
            var high: UInt64 = 0, low: UInt64 = 0
            for i in 0..<8 { high = high << 8 | UInt64(bytes[i]); low = low << 8 | UInt64(bytes[8 + i]) }
            return .v6(high: high, low: low)
        default: return nil
        }
    }
}
