import Capture
import CoreEmulator
import Glibc
import Packets
import Transport

/// Writes every NGAP message the driver sends and receives to a pcapng file (interface 0, "N2"), each as one
/// IPv4/SCTP packet with one DATA chunk (PPID 60, TSN and stream sequence numbers counted per association and
/// direction), and every N3 datagram (interface 1, "N3") as IPv4/UDP, so tshark decodes NGAP and GTP-U. Write
/// errors end the tap and are kept in `failure`.
final class N2Tap {
    let writer: PcapngWriter
    /// Wall-clock time when the driver started, for the packets' timestamps (the loop's clock is monotonic).
    let epoch: (seconds: Int64, nanoseconds: Int64)
    private(set) var failure: String?
    private var tsns: [UInt64: UInt32] = [:]
    private var ssns: [UInt64: UInt16] = [:]

    init(path: String) throws(CoreDriverError) {
        do {
            writer = try PcapngWriter(path: path, interfaces: [PcapngWriter.Interface(name: "N2", description: "NGAP over SCTP"),
                                                                PcapngWriter.Interface(name: "N3", description: "GTP-U over UDP")])
        } catch {
            throw CoreDriverError(.tap, "\(path): \(error.message)")
        }
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        epoch = (Int64(t.tv_sec), Int64(t.tv_nsec))
    }

    /// Records one NGAP message; `inbound` when the core received it.
    func record(_ bytes: [UInt8], stream: UInt16, association: UInt32, peer: SocketAddress?, local: SocketAddress?, inbound: Bool, at now: Duration) {
        guard failure == nil else { return }
        let peerIP = peer.flatMap { IPv4Address($0.host) }?.rawValue ?? 0x7F00_0001
        let localIP = local.flatMap { IPv4Address($0.host) }?.rawValue ?? 0x7F00_0001
        let peerPort = peer?.port ?? 38412, localPort = local?.port ?? 38412
        let key = UInt64(association) << 1 | (inbound ? 1 : 0)
        let tsn = tsns[key, default: 1]
        tsns[key] = tsn &+ 1
        let ssnKey = key << 16 | UInt64(stream)
        let ssn = ssns[ssnKey, default: 0]
        ssns[ssnKey] = ssn &+ 1
        let (src, dst, sport, dport) = inbound ? (peerIP, localIP, peerPort, localPort) : (localIP, peerIP, localPort, peerPort)
        do {
            let packet = try [UInt8].packet(capacity: bytes.count + 64) { (w: inout PacketWriter) throws(PacketError) in
                let ip = try w.beginIPv4(IPv4Header(source: .v4(src), destination: .v4(dst), upperProtocol: .sctp))
                let sctp = try w.beginSCTP(SCTPCommonHeader(sourcePort: sport, destinationPort: dport, verificationTag: association))
                try bytes.withPacketBytes { (raw) throws(PacketError) in
                    try w.writeDataChunk(SCTPDataChunk(tsn: tsn, streamIdentifier: stream, streamSequenceNumber: ssn, payloadProtocolIdentifier: 60),
                                         userData: raw)
                }
                try w.endSCTP(sctp)
                try w.endIPv4(ip)
            }
            try writer.writeIP(packet, interface: 0, timestamp: timestamp(now), direction: inbound ? .inbound : .outbound)
        } catch {
            failure = "\(error)"
        }
    }

    /// Records one N3 datagram (IPv4 only; others are not written).
    func recordN3(_ bytes: UnsafeRawBufferPointer, peer: IPv4Address, peerPort: UInt16, local: IPv4Address, localPort: UInt16, inbound: Bool, at now: Duration) {
        guard failure == nil else { return }
        let (src, dst, sport, dport) = inbound ? (peer, local, peerPort, localPort) : (local, peer, localPort, peerPort)
        do {
            let packet = try [UInt8].packet(capacity: bytes.count + 64) { (w: inout PacketWriter) throws(PacketError) in
                let ip = try w.beginIPv4(IPv4Header(source: .v4(src.rawValue), destination: .v4(dst.rawValue), upperProtocol: .udp))
                let udp = try w.beginUDP(sourcePort: sport, destinationPort: dport)
                try w.write(bytes)
                try w.endUDP(udp, in: ip)
                try w.endIPv4(ip)
            }
            try writer.writeIP(packet, interface: 1, timestamp: timestamp(now), direction: inbound ? .inbound : .outbound)
        } catch {
            failure = "\(error)"
        }
    }

    func timestamp(_ now: Duration) -> CaptureTimestamp {
        let total = epoch.nanoseconds + Int64(now.components.attoseconds / 1_000_000_000)
        return CaptureTimestamp(seconds: epoch.seconds + now.components.seconds + total / 1_000_000_000, nanoseconds: Int32(total % 1_000_000_000))
    }

    func flush() {
        guard failure == nil else { return }
        do { try writer.flush() } catch { failure = error.message }
    }

    func close() {
        do { try writer.close() } catch { failure = error.message }
    }
}
