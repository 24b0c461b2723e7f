import Capture

/// The NGAP messages of a capture, undecoded, in frame order, each with its position in its frame.
///
/// Retransmitted SCTP messages are skipped unless asked for, as tshark does not dissect them; skipped
/// ones do not count in the positions. `NGAPCaptureDecoder` decodes what this yields one at a time;
/// `ParallelCaptureDecoder` decodes it on several threads.
public final class NGAPMessageSource {
    public enum Event: Sendable {
        /// An NGAP message (PPID 60 or port 38412) and its position among the NGAP-PDUs of its frame.
        case message(SCTPMessage, index: Int)
        /// A frame the capture layers could not read (truncated packet, bad chunk length, ...).
        case diagnostic(CaptureDiagnostic)
        /// A UDP datagram to or from port 2152 (only when GTP-U is asked for).
        case gtpu(UDPDatagram)
    }

    /// What the source has counted so far.
    public struct Counts: Sendable, Equatable {
        public var frames = 0
        public var messages = 0
        public var retransmissionsSkipped = 0
        public var diagnostics = 0
        public var gtpu = 0
    }

    private let reader: CaptureReader
    private let includeRetransmissions: Bool
    private var lastFrame = 0
    private var indexInFrame = 0
    /// Why reading stopped before the end of the file; nil while reading and after a clean end.
    public private(set) var error: CaptureError?
    public private(set) var counts = Counts()
    /// The time of the first NGAP message (or GTP-U datagram, when asked for), once one has been read.
    public private(set) var firstTimestamp: CaptureTimestamp?

    /// Opens the capture. Throws when it cannot be opened or its link type is not supported. With
    /// `includeGTPU`, the UDP datagrams of port 2152 come too, in frame order among the NGAP messages.
    public init(path: String, includeRetransmissions: Bool = false, includeGTPU: Bool = false) throws(CaptureError) {
        var options = CaptureOptions.ngap
        options.includeUDP = includeGTPU
        reader = try CaptureReader(path: path, options: options)
        self.includeRetransmissions = includeRetransmissions
    }

    public var path: String { reader.path }

    /// The next message or diagnostic; nil at the end of the file or when it ends badly (see `error`).
    public func next() -> Event? {
        while true {
            let event: CaptureEvent?
            do {
                event = try reader.next()
            } catch {
                self.error = error
                counts.frames = reader.framesRead
                return nil
            }
            counts.frames = reader.framesRead
            guard let event else { return nil }
            switch event {
            case .sctpMessage(let m):
                guard m.isNGAP else { continue }
                if m.isRetransmission && !includeRetransmissions {
                    counts.retransmissionsSkipped += 1
                    continue
                }
                if m.frame != lastFrame {
                    lastFrame = m.frame
                    indexInFrame = 0
                }
                if firstTimestamp == nil { firstTimestamp = m.timestamp }
                let index = indexInFrame
                indexInFrame += 1
                counts.messages += 1
                return .message(m, index: index)
            case .diagnostic(let d):
                counts.diagnostics += 1
                return .diagnostic(d)
            case .udp(let datagram):
                guard GTPULine.isGTPU(datagram) else { continue }
                if firstTimestamp == nil { firstTimestamp = datagram.timestamp }
                counts.gtpu += 1
                return .gtpu(datagram)
            }
        }
    }
}
