import Bytes
import GTPU
import Packets

/// A datagram the UPF sends on N3: to `address` and `port` (nil: the GTP-U port, 2152; answers to Echo Request and
/// Error Indications go back to the port the datagram came from).
public struct UPFDatagram: Hashable, Sendable {
    public var address: IPAddress
    public var port: UInt16?
    public var bytes: [UInt8]
    public init(address: IPAddress, port: UInt16? = nil, bytes: [UInt8]) {
        self.address = address
        self.port = port
        self.bytes = bytes
    }
}

/// Counters of one tunnel (TS 29.244 usage reporting, reduced to what tests and reports need).
public struct UPFTunnelCounters: Hashable, Sendable {
    public var uplinkPackets = 0
    public var uplinkBytes = 0
    public var downlinkPackets = 0
    public var downlinkBytes = 0
    public init() {}
}

/// The emulator's UPF: GTP-U on N3 (TS 29.281) without sockets. Uplink G-PDUs on a session's TEID go to a data
/// network of one host, the UPF's `dn_address`, which answers ICMP echo and reflects UDP; the answers go down the
/// session's tunnel with a DL PDU Session Container (QFI). It answers Echo Request, and sends Error Indication
/// for a G-PDU on an unknown TEID (§7.3.1). Downlink for an idle session is buffered (or dropped) and reported
/// once with `UPFEvent.downlinkData`. The SMF drives it with `UPFCommand`s.
public struct UserPlaneFunction: Sendable {
    struct Session {
        var info: UPFSession
        var downlink: GTPTunnelEndpoint?
        var idle = true
        var buffer: Bool = true
        var reported = false
        var held: [[UInt8]] = []
        var counters = UPFTunnelCounters()
    }

    let n3Address: IPAddress
    let dnAddress: UInt32?
    var sessions: [UPFSessionKey: Session] = [:]
    var byTEID: [UInt32: UPFSessionKey] = [:]
    /// Packets held per idle session at most.
    public var bufferLimit = 64
    public private(set) var echoRequestsAnswered = 0
    public private(set) var errorIndicationsSent = 0
    /// Uplink packets to addresses other than the DN host: there is no further network, they are counted and dropped.
    public private(set) var droppedToUnknownDestination = 0
    /// Datagrams that were not GTP-U or whose inner packet did not parse.
    public private(set) var malformed = 0

    public init(n3Address: IPAddress, dnAddress: IPAddress) {
        self.n3Address = n3Address
        if case .v4(let a) = dnAddress { self.dnAddress = a.rawValue } else { self.dnAddress = nil }
    }

    public var sessionCount: Int { sessions.count }
    public func counters(_ key: UPFSessionKey) -> UPFTunnelCounters? { sessions[key]?.counters }

    /// Applies an SMF command; a downlink tunnel set on an idle session releases what was held.
    public mutating func apply(_ command: UPFCommand, into out: inout [UPFDatagram]) {
        switch command {
        case .createSession(let s):
            if let old = sessions[s.key] { byTEID[old.info.uplink.teid] = nil }
            sessions[s.key] = Session(info: s)
            byTEID[s.uplink.teid] = s.key
        case .setDownlink(let key, let downlink, let isPathSwitch):
            guard var s = sessions[key] else { return }
            if isPathSwitch, let old = s.downlink, old != downlink, let marker = encode(.endMarker(teid: old.teid)) {
                out.append(UPFDatagram(address: old.address, bytes: marker))
            }
            s.downlink = downlink
            s.idle = false
            s.reported = false
            let held = s.held
            s.held = []
            sessions[key] = s
            for inner in held { sendDown(key, inner, into: &out) }
        case .markIdle(let key, let buffer):
            sessions[key]?.idle = true
            sessions[key]?.buffer = buffer
            sessions[key]?.reported = false
        case .removeSession(let key):
            if let s = sessions.removeValue(forKey: key), byTEID[s.info.uplink.teid] == key { byTEID[s.info.uplink.teid] = nil }
        }
    }

    /// Handles one datagram received on N3 from `peer`.
    public mutating func receive(_ datagram: [UInt8], from peer: IPAddress, port: UInt16? = nil, into out: inout [UPFDatagram], events: inout [UPFEvent]) {
        datagram.withUnsafeBytes { raw in receive(raw, from: peer, port: port, into: &out, events: &events) }
    }

    /// `receive` over borrowed bytes (the driver's receive buffers).
    public mutating func receive(_ raw: UnsafeRawBufferPointer, from peer: IPAddress, port: UInt16?, into out: inout [UPFDatagram], events: inout [UPFEvent]) {
        let bytes = ByteView(raw)
        let packet: GTPUPacket
        do {
            packet = try GTPUPacket(parsing: bytes)
        } catch {
            malformed += 1
            return
        }
        switch packet.messageType {
        case .echoRequest:
            echoRequestsAnswered += 1
            if let reply = encode(.echoResponse(sequenceNumber: packet.sequenceNumber ?? 0)) { out.append(UPFDatagram(address: peer, port: port, bytes: reply)) }
        case .gPDU:
            guard let key = byTEID[packet.teid], var s = sessions[key] else {
                errorIndicationsSent += 1
                if let e = encode(.errorIndication(teid: packet.teid, peer: Self.packetsAddress(n3Address))) {
                    out.append(UPFDatagram(address: peer, port: port, bytes: e))
                }
                return
            }
            s.counters.uplinkPackets += 1
            s.counters.uplinkBytes += packet.body.count
            sessions[key] = s
            let ip: IPPacket
            do {
                ip = try packet.innerPacket(in: bytes)
            } catch {
                malformed += 1
                return
            }
            guard let tpdu = bytes.slice(packet.body.lowerBound, packet.body.count) else { return }
            answerFromDataNetwork(key, ip, tpdu, into: &out, events: &events)
        default:
            break
        }
    }

    /// The data network of one host: ICMP echo to `dn_address` is answered, UDP to it is reflected.
    mutating func answerFromDataNetwork(_ key: UPFSessionKey, _ ip: IPPacket, _ tpdu: ByteView, into out: inout [UPFDatagram], events: inout [UPFEvent]) {
        guard case .v4(let dst) = ip.destination, dst == dnAddress, case .v4(let src) = ip.source,
              let payload = tpdu.slice(ip.payload.lowerBound, ip.payload.count) else {
            droppedToUnknownDestination += 1
            return
        }
        var reply: [UInt8]
        do {
            if ip.upperProtocol == .icmp {
                let (echo, data) = try ICMPEcho.parse(payload, icmpv6: false)
                guard !echo.isReply, let body = payload.slice(data.lowerBound, data.count) else { return }
                reply = try [UInt8].packet(capacity: tpdu.count + 64) { (w: inout PacketWriter) throws(PacketError) in
                    let h = try w.beginIPv4(IPv4Header(source: .v4(dst), destination: .v4(src), upperProtocol: .icmp))
                    let m = try w.beginICMPEcho(echo.reply)
                    try w.write(body.bytes)
                    try w.endICMP(m, in: h)
                    try w.endIPv4(h)
                }
            } else if ip.upperProtocol == .udp {
                let (udp, data) = try UDPHeader.parse(payload)
                guard let body = payload.slice(data.lowerBound, data.count) else { return }
                reply = try [UInt8].packet(capacity: tpdu.count + 64) { (w: inout PacketWriter) throws(PacketError) in
                    let h = try w.beginIPv4(IPv4Header(source: .v4(dst), destination: .v4(src), upperProtocol: .udp))
                    let u = try w.beginUDP(sourcePort: udp.destinationPort, destinationPort: udp.sourcePort)
                    try w.write(body.bytes)
                    try w.endUDP(u, in: h)
                    try w.endIPv4(h)
                }
            } else {
                droppedToUnknownDestination += 1
                return
            }
        } catch {
            malformed += 1
            return
        }
        deliverDownlink(key, reply, into: &out, events: &events)
    }

    /// A downlink packet for a session: down its tunnel, or held (and reported once) while the UE is idle.
    mutating func deliverDownlink(_ key: UPFSessionKey, _ inner: [UInt8], into out: inout [UPFDatagram], events: inout [UPFEvent]) {
        guard var s = sessions[key] else { return }
        if s.idle || s.downlink == nil {
            if s.buffer && s.held.count < bufferLimit { s.held.append(inner) }
            if !s.reported {
                s.reported = true
                events.append(.downlinkData(key))
            }
            sessions[key] = s
            return
        }
        sendDown(key, inner, into: &out)
    }

    mutating func sendDown(_ key: UPFSessionKey, _ inner: [UInt8], into out: inout [UPFDatagram]) {
        guard var s = sessions[key], let dl = s.downlink else { return }
        let header = GTPUHeader.gPDU(teid: dl.teid, pduSession: .downlink(DLPDUSessionInformation(qfi: s.info.qfi)))
        do {
            let bytes = try [UInt8].packet(capacity: inner.count + 32) { (w: inout PacketWriter) throws(PacketError) in
                let g = try w.beginGTPU(header)
                try w.write(inner)
                try w.endGTPU(g)
            }
            s.counters.downlinkPackets += 1
            s.counters.downlinkBytes += inner.count
            sessions[key] = s
            out.append(UPFDatagram(address: dl.address, bytes: bytes))
        } catch {
            malformed += 1
        }
    }

    func encode(_ m: GTPUMessage) -> [UInt8]? {
        do { return try m.encoded() } catch { return nil }
    }

    static func packetsAddress(_ a: IPAddress) -> Packets.IPAddress {
        switch a {
        case .v4(let v): .v4(v.rawValue)
        case .v6(let v): .v6(high: v.high, low: v.low)
        }
    }
}
