import ASN1PER
import Capture
import NGAPValidation

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

    private let source: NGAPMessageSource
    private let mode: APERDecodingMode
    private var validator = NGAPValidator()
    /// Why reading stopped before the end of the file; nil while reading and after a clean end.
    public var error: CaptureError? { source.error }
    /// Counts so far.
    public private(set) var statistics = Statistics()

    public struct Statistics: Sendable, Equatable {
        public var frames = 0
        public var pdus = 0
        public var undecodable = 0
        public var withTrailingBytes = 0
        /// PDUs that decoded only tolerantly (see `DecodedNGAPMessage.diagnostics`).
        public var withDiagnostics = 0
        /// PDUs with abstract-syntax diagnostics (TS 38.413 §10, `DecodedNGAPMessage.verdict`).
        public var withAbstractSyntaxErrors = 0
        public var retransmissionsSkipped = 0
        public var diagnostics = 0

        public init() {}

        /// Adds what one decoded message contributes.
        public mutating func count(_ m: DecodedNGAPMessage) {
            pdus += 1
            switch m.outcome {
            case .failed: undecodable += 1
            case .decoded(_, let trailing): if trailing > 0 { withTrailingBytes += 1 }
            }
            if !m.diagnostics.isEmpty { withDiagnostics += 1 }
            if let verdict = m.verdict, !verdict.isClean { withAbstractSyntaxErrors += 1 }
        }

        /// Takes the source's frame, retransmission and diagnostic counts.
        mutating func take(_ counts: NGAPMessageSource.Counts) {
            frames = counts.frames
            retransmissionsSkipped = counts.retransmissionsSkipped
            diagnostics = counts.diagnostics
        }
    }

    /// Opens the capture. Throws when it cannot be opened or its link type is not supported. PDUs are
    /// decoded tolerantly unless `mode` is `.strict`.
    public init(path: String, includeRetransmissions: Bool = false, mode: APERDecodingMode = .tolerant) throws(CaptureError) {
        source = try NGAPMessageSource(path: path, includeRetransmissions: includeRetransmissions)
        self.mode = mode
    }

    public var path: String { source.path }

    /// The next decoded message or diagnostic; nil at the end of the file or when it ends badly (see `error`).
    public func next() -> Event? {
        let event = source.next()
        statistics.take(source.counts)
        switch event {
        case .message(let m, let index):
            let decoded = DecodedNGAPMessage(decoding: m, index: index, mode: mode, validator: &validator)
            statistics.count(decoded)
            return .message(decoded)
        case .diagnostic(let d):
            return .diagnostic(d)
        case .gtpu:
            return next()  // not asked for by this decoder
        case nil:
            return nil
        }
    }
}
