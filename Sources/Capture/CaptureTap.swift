import Bytes
import Packets

/// The live path's capture tap: every N2 message (NGAP in an SCTP DATA chunk) and N3 datagram (GTP-U over
/// UDP) a driver sends or receives, written to a pcapng file as the IP packets the wire carried, so tshark
/// and `coregate decode` read a run like any capture.
///
/// The transports hand over whole messages, not packets, so the tap rebuilds one IP/SCTP packet with one
/// DATA chunk per message (TSN and stream sequence number counted per direction of each association, a
/// verification tag per direction) and one IP/UDP packet per datagram. No allocation per message once the
/// buffer has grown; blocks reach the file on `flush()` (drivers call it once per loop round).
public final class CaptureTap {
    /// One end of an association or datagram flow.
    public struct Endpoint: Hashable, Sendable {
        public var address: IPAddress
        public var port: UInt16

        public init(_ address: IPAddress, port: UInt16) {
            self.address = address
            self.port = port
        }
    }

    /// Whether the driver sent or received the message (pcapng `epb_flags` direction).
    public enum Direction: Sendable {
        case sent, received
    }

    public let writer: PcapngWriter
    private let n2: Int
    private let n3: Int
    /// Next TSN and stream sequence numbers per (source, destination) flow.
    private var flows: [Flow: FlowState] = [:]
    private var buffer: [UInt8] = []
    /// Packets that could not be written (too large for an IP packet); the file stays valid.
    public private(set) var skipped = 0

    private struct Flow: Hashable {
        var source: Endpoint
        var destination: Endpoint
    }

    private struct FlowState {
        var tsn: UInt32
        var tag: UInt32
        var streamSequence: [UInt16: UInt16] = [:]
    }

    /// Creates the file with two interfaces, `N2` (SCTP) and `N3` (GTP-U).
    public init(path: String) throws(CaptureError) {
        writer = try PcapngWriter(path: path)
        n2 = try writer.addInterface(.init(name: "N2", description: "NGAP over SCTP"))
        n3 = try writer.addInterface(.init(name: "N3", description: "GTP-U over UDP"))
        buffer = [UInt8](repeating: 0, count: 65_535)
    }

    /// Records one NGAP (or other SCTP user) message as an IP/SCTP packet with one DATA chunk.
    public func sctp(_ message: UnsafeRawBufferPointer, from source: Endpoint, to destination: Endpoint, stream: UInt16,
                     ppid: UInt32, direction: Direction, at timestamp: CaptureTimestamp) throws(CaptureError) {
        let flow = Flow(source: source, destination: destination)
        var state = flows[flow] ?? FlowState(tsn: Self.seed(flow, 1), tag: Self.seed(Flow(source: destination, destination: source), 2))
        let sequence = state.streamSequence[stream] ?? 0
        let tsn = state.tsn
        let tag = state.tag
        state.tsn &+= 1
        state.streamSequence[stream] = sequence &+ 1
        flows[flow] = state
        let length = try build { (w: inout PacketWriter) throws(PacketError) in
            let ip = try w.beginIP(source: source.address, destination: destination.address, upperProtocol: .sctp)
            let sctp = try w.beginSCTP(SCTPCommonHeader(sourcePort: source.port, destinationPort: destination.port, verificationTag: tag))
            let chunk = SCTPDataChunk(tsn: tsn, streamIdentifier: stream, streamSequenceNumber: sequence, payloadProtocolIdentifier: ppid)
            try w.writeDataChunk(chunk, userData: message)
            try w.endSCTP(sctp)
            try w.endIP(ip)
        }
        try write(length, interface: n2, direction: direction, at: timestamp)
    }

    /// Records one UDP datagram (GTP-U on N3) as an IP/UDP packet.
    public func udp(_ payload: UnsafeRawBufferPointer, from source: Endpoint, to destination: Endpoint,
                    direction: Direction, at timestamp: CaptureTimestamp) throws(CaptureError) {
        let length = try build { (w: inout PacketWriter) throws(PacketError) in
            let ip = try w.beginIP(source: source.address, destination: destination.address, upperProtocol: .udp)
            let udp = try w.beginUDP(sourcePort: source.port, destinationPort: destination.port)
            try w.write(payload)
            try w.endUDP(udp, in: ip)
            try w.endIP(ip)
        }
        try write(length, interface: n3, direction: direction, at: timestamp)
    }

    /// Hands the gathered blocks to the file: what was flushed stays readable whatever happens next.
    public func flush() throws(CaptureError) { try writer.flush() }

    /// Flushes and closes the file.
    public func close() throws(CaptureError) { try writer.close() }

    public var packetsWritten: Int { writer.packetsWritten }

    /// Builds into the reused buffer; a packet too large for it is counted in `skipped` (length 0).
    private func build(_ body: (inout PacketWriter) throws(PacketError) -> Void) throws(CaptureError) -> Int {
        let result = buffer.withUnsafeMutableBytes { raw -> Result<Int, PacketError> in
            var w = PacketWriter(raw)
            do throws(PacketError) { try body(&w) } catch { return .failure(error) }
            return .success(w.count)
        }
        switch result {
        case .success(let n): return n
        case .failure: skipped += 1; return 0
        }
    }

    private func write(_ length: Int, interface: Int, direction: Direction, at timestamp: CaptureTimestamp) throws(CaptureError) {
        guard length > 0 else { return }
        let result = buffer.withUnsafeBytes { raw in
            Result { () throws(CaptureError) in
                try writer.writeIP(UnsafeRawBufferPointer(rebasing: raw[0..<length]), interface: interface, timestamp: timestamp,
                                   direction: direction == .sent ? .outbound : .inbound)
            }
        }
        try result.get()
    }

    /// A stable non-zero number per flow (initial TSN, verification tag), so a file reads the same run to run.
    private static func seed(_ flow: Flow, _ salt: UInt32) -> UInt32 {
        var h: UInt32 = 2_166_136_261 &* salt
        func mix(_ v: UInt32) { h = (h ^ v) &* 16_777_619 }
        for e in [flow.source, flow.destination] {
            switch e.address {
            case .v4(let a): mix(a)
            case .v6(let high, let low): mix(UInt32(truncatingIfNeeded: high)); mix(UInt32(truncatingIfNeeded: low))
            }
            mix(UInt32(e.port))
        }
        return h == 0 ? 1 : h
    }
}

extension PacketWriter {
    /// Opens an IPv4 or IPv6 header, whichever the addresses are (both of one family).
    mutating func beginIP(source: IPAddress, destination: IPAddress, upperProtocol: IPProtocol) throws(PacketError) -> IPMark {
        switch source {
        case .v4: return try beginIPv4(IPv4Header(source: source, destination: destination, upperProtocol: upperProtocol))
        case .v6: return try beginIPv6(IPv6Header(source: source, destination: destination, upperProtocol: upperProtocol))
        }
    }
}
