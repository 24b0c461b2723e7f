import Bytes
import Packets

/// Reads a pcap or pcapng file and delivers, in frame order, SCTP user messages (bundles split, fragments
/// reassembled, retransmissions flagged), optionally UDP datagrams (GTP-U, PFCP), and a diagnostic for each
/// frame it cannot decode. Frame numbers are 1-based, as tshark counts. The IP, UDP and SCTP headers are
/// parsed by `Packets` (tolerant of offload and snap lengths); reassembly and TSN analysis are done here.
///
/// ```swift
/// let reader = try CaptureReader(path: "capture.pcapng", options: .ngap)
/// while let event = try reader.next() { if case .sctpMessage(let m) = event { ... } }
/// ```
/// `next()` throws only when the file itself ends badly (cut or corrupt record); every event of the frames
/// before that has been delivered first. Not thread-safe: use one reader per task.
///
/// Correspondence with tshark 4.0.17 (pinned by `TsharkCorrespondenceTests` on every shared capture):
/// - tshark's NGAP PDUs are exactly the messages with `isNGAP` and not `isRetransmission`: same frame
///   numbers, same count and order per frame (bundled chunks in chunk order), same bytes.
/// - Retransmissions: tshark flags a DATA chunk whose TSN was seen in an earlier frame of the same direction
///   (source port, destination port, verification tag; no analysis when the tag is 0) and does not dissect
///   it. CoreGate delivers such a whole message flagged `isRetransmission` with `retransmissionOf` = tshark's
///   `sctp.retransmission` frame (set `includeRetransmissions = false` to drop them); `coregate decode` is
///   expected to skip them by default. A retransmitted fragment is not reused; it gives a diagnostic.
/// - Fragments: a reassembled message belongs to the frame where its last missing fragment arrives, as
///   tshark's reassembly (with absolute TSNs) shows it.
/// - Proxy duplicates (ports 38412 and 38413) are two associations: both copies are delivered, neither is a
///   retransmission, as in tshark.
/// - Stray trailing bytes after an NGAP-PDU (OAI) stay in `payload`, as in tshark's `ngap_raw`: the NGAP
///   decoder, not the capture reader, sees where the PDU ends.
public final class CaptureReader {
    /// The file's name, or `<memory>`.
    public let path: String
    public let linkLayer: LinkLayer
    public let options: CaptureOptions
    /// Frames read so far (the number of the last frame read).
    public var framesRead: Int { file.framesRead }

    private let file: CaptureFile
    private var queue: [CaptureEvent] = []
    private var queueHead = 0
    private var finished = false
    var associationIndex: [AssociationKey: Int] = [:]
    /// The association of the previous chunk: consecutive chunks mostly share one, which skips the lookup.
    var lastAssociation: (key: AssociationKey, index: Int)?
    var associations: [Association] = []
    private var ipFragments: IPFragmentReassembler
    // Per-frame state.
    var frame = 0
    var timestamp = CaptureTimestamp(seconds: 0, nanoseconds: 0)
    var messagesInFrame = 0

    /// One direction of an association, as tshark's TSN analysis keys it: ports and verification tag.
    struct AssociationKey: Hashable {
        var sourcePort: UInt16
        var destinationPort: UInt16
        var verificationTag: UInt32
    }

    struct Association {
        var history: TSNHistory
        var reassembler: SCTPReassembler
    }

    /// Opens the file. Throws `cannotOpen`, `notACapture`, `truncatedFile` or `unsupportedLinkType`.
    public convenience init(path: String, options: CaptureOptions = CaptureOptions()) throws(CaptureError) {
        try self.init(file: CaptureFile(path: path), options: options)
    }

    /// Reads a capture held in memory (pcap or pcapng bytes). Throws as `init(path:)`.
    public convenience init(bytes: [UInt8], options: CaptureOptions = CaptureOptions()) throws(CaptureError) {
        try self.init(file: CaptureFile(bytes: bytes), options: options)
    }

    init(file: CaptureFile, options: CaptureOptions) throws(CaptureError) {
        guard let link = LinkLayer(dlt: file.linkType) else {
            throw CaptureError(.unsupportedLinkType, "\(file.name): link type \(file.linkType) is not supported")
        }
        self.path = file.name
        self.file = file
        self.linkLayer = link
        self.options = options
        self.ipFragments = IPFragmentReassembler(maxPending: options.maxPendingIPDatagrams)
    }

    /// The next event, nil at the end of the file. Throws `truncatedFile`, `corruptFile` or `readFailed`
    /// (naming the frame that could not be read) once every event of the complete frames before it has
    /// been returned.
    public func next() throws(CaptureError) -> CaptureEvent? {
        while true {
            if queueHead < queue.count {
                defer { queueHead += 1 }
                return queue[queueHead]
            }
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            if finished { return nil }
            let record: CaptureFile.Frame?
            do {
                record = try file.next()
            } catch {
                finished = true
                throw error
            }
            guard let record else {
                finished = true
                return nil
            }
            decode(record)
        }
    }

    // MARK: - Layers

    func report(_ code: CaptureDiagnostic.Code, _ message: String) {
        queue.append(.diagnostic(CaptureDiagnostic(frame: frame, code, message)))
    }

    /// A diagnostic from a header `Packets` could not parse: truncation, or the given code.
    func report(_ error: PacketError, otherwise code: CaptureDiagnostic.Code) {
        report(error.code == .truncated ? .truncatedPacket : code, error.description)
    }

    func append(_ message: SCTPMessage) {
        queue.append(.sctpMessage(message))
    }

    private func decode(_ record: CaptureFile.Frame) {
        frame = record.number
        timestamp = record.timestamp
        messagesInFrame = 0
        let view = ByteView(record.bytes)
        let snapCut = record.bytes.count < record.originalLength
        let offset: Int, isIPv4: Bool
        switch linkLayer.network(in: view) {
        case .other:
            return
        case .truncated(let text):
            report(.truncatedPacket, text)
            return
        case .ipv4(let o): offset = o; isIPv4 = true
        case .ipv6(let o): offset = o; isIPv4 = false
        }
        let ip = view.suffix(from: offset)
        let packet: IPPacket
        do {
            let options = IPParseOptions.capture(snapLengthCut: snapCut)
            packet = isIPv4 ? try IPPacket(parsingIPv4: ip, options: options) : try IPPacket(parsingIPv6: ip, options: options)
        } catch {
            report(error, otherwise: .badIPHeader)
            return
        }
        let upper = packet.upperProtocol.rawValue
        guard upper == 132 || upper == 17 else { return }  // SCTP, UDP
        if snapCut {
            report(.snapLengthCut, "captured \(record.bytes.count) of \(record.originalLength) bytes")
        }
        guard let payload = ip.slice(packet.payload.lowerBound, packet.payload.count) else { return }
        if let fragment = packet.fragment {
            reassembleIP(packet, fragment, payload)
        } else {
            transport(packet, payload)
        }
    }

    private func reassembleIP(_ packet: IPPacket, _ fragment: IPFragment, _ payload: ByteView) {
        let key = IPFragmentReassembler.Key(source: packet.source, destination: packet.destination,
                                            identification: fragment.identification, upperProtocol: packet.upperProtocol.rawValue)
        let outcome = ipFragments.add(key, offset: fragment.offset, moreFragments: fragment.moreFragments,
                                      payload: payload, frame: frame) { report(.ipFragmentDropped, $0) }
        switch outcome {
        case .incomplete:
            break
        case .dropped(let text):
            report(.ipFragmentDropped, text)
        case .complete(let whole, let firstFrame):
            report(.ipReassembled, "IP datagram of \(whole.count) bytes reassembled from frames \(firstFrame)...\(frame)")
            whole.withUnsafeBytes { transport(packet, ByteView($0)) }
        }
    }

    private func transport(_ packet: IPPacket, _ payload: ByteView) {
        switch packet.upperProtocol.rawValue {
        case 132: sctp(packet, payload)  // SCTP
        case 17: if options.includeUDP { udp(packet, payload) }  // UDP
        default: break
        }
    }

    private func udp(_ packet: IPPacket, _ payload: ByteView) {
        let header: UDPHeader, data: Range<Int>
        do {
            (header, data) = try UDPHeader.parse(payload)
        } catch {
            report(error, otherwise: .badUDPHeader)
            return
        }
        let bytes = payload.slice(data.lowerBound, data.count)?.copyBytes() ?? []
        queue.append(.udp(UDPDatagram(frame: frame, timestamp: timestamp,
                                      source: Endpoint(address: packet.source, port: header.sourcePort),
                                      destination: Endpoint(address: packet.destination, port: header.destinationPort),
                                      payload: bytes)))
    }
}
