import Capture

/// Reads a capture and decodes every NGAP-PDU in it, in frame order.
///
/// ```swift
/// let decoder = try NGAPCaptureDecoder(path: "capture.pcapng")
/// while let event = decoder.next() { ... }
/// if let error = decoder.error { ... }   // the file ended badly; every event before it was delivered
/// ```
/// Retransmitted SCTP messages are skipped unless asked for, as tshark does not dissect them.
public final class NGAPCaptureDecoder {
    public enum Event: Sendable {
        case message(DecodedNGAPMessage)
        /// A frame the capture layers could not read (truncated packet, bad checksum length, ...).
        case diagnostic(CaptureDiagnostic)
    }

    private let reader: CaptureReader
    private let includeRetransmissions: Bool
    /// Why reading stopped before the end of the file; nil while reading and after a clean end.
    public private(set) var error: CaptureError?
    private var lastFrame = 0
    private var indexInFrame = 0
    /// Counts so far.
    public private(set) var statistics = Statistics()

    public struct Statistics: Sendable, Equatable {
        public var frames = 0
        public var pdus = 0
        public var undecodable = 0
        public var withTrailingBytes = 0
        public var retransmissionsSkipped = 0
        public var diagnostics = 0
    }

    /// Opens the capture. Throws when it cannot be opened or its link type is not supported.
    public init(path: String, includeRetransmissions: Bool = false) throws(CaptureError) {
        reader = try CaptureReader(path: path, options: .ngap)
        self.includeRetransmissions = includeRetransmissions
    }

    public var path: String { reader.path }

    /// The next decoded message or diagnostic; nil at the end of the file or when it ends badly (see `error`).
    public func next() -> Event? {
        while true {
            let event: CaptureEvent?
            do {
                event = try reader.next()
            } catch {
                self.error = error
                statistics.frames = reader.framesRead
                return nil
            }
            statistics.frames = reader.framesRead
            guard let event else { return nil }
            switch event {
            case .sctpMessage(let m):
                guard m.isNGAP else { continue }
                if m.isRetransmission && !includeRetransmissions {
                    statistics.retransmissionsSkipped += 1
                    continue
                }
                if m.frame != lastFrame {
                    lastFrame = m.frame
                    indexInFrame = 0
                }
                let decoded = DecodedNGAPMessage(decoding: m, index: indexInFrame)
                indexInFrame += 1
                statistics.pdus += 1
                switch decoded.outcome {
                case .failed: statistics.undecodable += 1
                case .decoded(_, let trailing): if trailing > 0 { statistics.withTrailingBytes += 1 }
                }
                return .message(decoded)
            case .diagnostic(let d):
                statistics.diagnostics += 1
                return .diagnostic(d)
            case .sctpControl, .udp:
                continue
            }
        }
    }
}
