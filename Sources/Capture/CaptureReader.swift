import Bytes

/// Reads a pcap or pcapng file and delivers, in frame order, SCTP user messages (bundles split, fragments
/// reassembled, retransmissions flagged), optionally SCTP control chunks and UDP datagrams, and a diagnostic
/// for each frame it cannot decode. Frame numbers are 1-based, as tshark counts.
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
    public let path: String
    public let linkLayer: LinkLayer
    public let options: CaptureOptions
    /// Frames read so far (the number of the last frame read).
    public private(set) var framesRead = 0

    private let file: PcapFile
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

    /// Opens the file. Throws `cannotOpen` or `unsupportedLinkType`.
    public init(path: String, options: CaptureOptions = CaptureOptions()) throws(CaptureError) {
        let file = try PcapFile(path: path)
        guard let link = LinkLayer(dlt: file.linkType) else {
            throw CaptureError(.unsupportedLinkType, "\(path): link type \(file.linkType) is not supported")
        }
        self.path = path
        self.file = file
        self.linkLayer = link
        self.options = options
        self.ipFragments = IPFragmentReassembler(maxPending: options.maxPendingIPDatagrams)
    }

    /// The next event, nil at the end of the file. Throws `truncatedFile` or `corruptFile` (naming the frame
    /// that could not be read) once every event of the complete frames before it has been returned.
    public func next() throws(CaptureError) -> CaptureEvent? {
        while true {
            if queueHead < queue.count {
                defer { queueHead += 1 }
                return queue[queueHead]
            }
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
            if finished { return nil }
            switch file.next() {
            case .record(let record):
                framesRead += 1
                decode(record)
            case .end:
                finished = true
                return nil
            case .failure(let text):
                finished = true
                let code: CaptureError.Code = text.contains("truncated") ? .truncatedFile : .corruptFile
                throw CaptureError(code, frame: framesRead + 1, "\(path): \(text)")
            }
        }
    }

    // MARK: - Layers

    func report(_ code: CaptureDiagnostic.Code, _ message: String) {
        queue.append(.diagnostic(CaptureDiagnostic(frame: frame, code, message)))
    }

    func append(_ message: SCTPMessage) {
        queue.append(.sctpMessage(message))
    }

    func emit(_ event: CaptureEvent) {
        queue.append(event)
    }

    private func decode(_ record: PcapFile.Record) {
        frame = framesRead
        timestamp = record.timestamp
        messagesInFrame = 0
        let view = ByteView(record.bytes)
        let snapCut = record.bytes.count < record.originalLength
        let parsed: IPHeader.Parsed
        let ip: ByteView
        switch linkLayer.network(in: view) {
        case .other:
            return
        case .truncated(let text):
            report(.truncatedPacket, text)
            return
        case .ipv4(let offset):
            ip = view.suffix(from: offset)
            parsed = IPHeader.parseIPv4(ip, snapCut: snapCut)
        case .ipv6(let offset):
            ip = view.suffix(from: offset)
            parsed = IPHeader.parseIPv6(ip, snapCut: snapCut)
        }
        switch parsed {
        case .skip:
            return
        case .bad(let code, let text):
            report(code, text)
        case .header(let header):
            guard header.upperProtocol == 132 || header.upperProtocol == 17 else { return }
            if snapCut {
                report(.snapLengthCut, "captured \(record.bytes.count) of \(record.originalLength) bytes")
            }
            guard let payload = ip.slice(header.payloadOffset, header.payloadLength) else {
                report(.badIPHeader, "IP payload runs past the frame")
                return
            }
            if let fragment = header.fragment {
                reassembleIP(header, fragment, payload)
            } else {
                transport(header, payload)
            }
        }
    }

    private func reassembleIP(_ header: IPHeader, _ fragment: IPHeader.Fragment, _ payload: ByteView) {
        let key = IPFragmentReassembler.Key(source: header.source, destination: header.destination,
                                            identification: fragment.identification, upperProtocol: header.upperProtocol)
        let outcome = ipFragments.add(key, offset: fragment.offset, moreFragments: fragment.moreFragments,
                                      payload: payload, frame: frame) { report(.ipFragmentDropped, $0) }
        switch outcome {
        case .incomplete:
            break
        case .dropped(let text):
            report(.ipFragmentDropped, text)
        case .complete(let whole, let firstFrame):
            report(.ipReassembled, "IP datagram of \(whole.count) bytes reassembled from frames \(firstFrame)...\(frame)")
            whole.withUnsafeBytes { transport(header, ByteView($0)) }
        }
    }

    private func transport(_ header: IPHeader, _ payload: ByteView) {
        switch header.upperProtocol {
        case 132: sctp(header, payload)
        case 17: if options.includeUDP { udp(header, payload) }
        default: break
        }
    }

    private func udp(_ header: IPHeader, _ payload: ByteView) {
        guard let sport = payload.u16(at: 0), let dport = payload.u16(at: 2), let length16 = payload.u16(at: 4) else {
            report(.truncatedPacket, "UDP header cut (\(payload.count) of 8 bytes)")
            return
        }
        // Length 0 is legal for IPv6 jumbograms; otherwise it must fit in the IP payload.
        let length = length16 == 0 ? payload.count : Int(length16)
        guard length >= 8, let data = payload.slice(8, length - 8) else {
            report(.badUDPHeader, "UDP length \(length16) does not fit the \(payload.count)-byte IP payload")
            return
        }
        queue.append(.udp(UDPDatagram(frame: frame, timestamp: timestamp,
                                      source: Endpoint(address: header.source, port: sport),
                                      destination: Endpoint(address: header.destination, port: dport),
                                      payload: data.copyBytes())))
    }
}
