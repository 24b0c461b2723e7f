import ASN1PER
import Capture
import NGAP
import NGAPValidation

/// One NGAP-PDU of a capture with its decoding: the PDU and the bytes left after it,
/// or the transfer-syntax error that stopped the decoder.
public struct DecodedNGAPMessage: Sendable {
    /// Where the message came from (frame, time, addresses, the bytes as carried).
    public var message: SCTPMessage
    public var outcome: Outcome
    /// What tolerant decoding let pass (a CONTAINING value kept as bytes, octets an open type's value
    /// leaves unused), each as the error a strict decode throws there; empty for a valid PDU.
    public var diagnostics: [APERDecodingError]
    /// The abstract-syntax validation of the decoded PDU (TS 38.413 §10, strict mode); nil when it did not decode.
    public var verdict: NGAPVerdict?

    public enum Outcome: Sendable {
        /// Decoded; `trailingBytes` bytes followed the PDU in the SCTP message (OAI's AMF sends them).
        case decoded(NGAPPDU, trailingBytes: Int)
        case failed(APERDecodingError)
    }

    /// 1-based frame number (tshark's), of the frame that completed the message.
    public var frame: Int { message.frame }
    /// Position of the NGAP-PDU among those delivered for that frame, from 0 (skipped retransmissions
    /// do not count, as tshark does not dissect them).
    public var index: Int

    public var pdu: NGAPPDU? {
        if case .decoded(let pdu, _) = outcome { return pdu }
        return nil
    }

    /// Decodes the payload of `message` as one NGAP-PDU, tolerantly unless `mode` is `.strict`, and validates it.
    public init(decoding message: SCTPMessage, index: Int, mode: APERDecodingMode = .tolerant) {
        var validator = NGAPValidator(mode: .strict)
        self.init(decoding: message, index: index, mode: mode, validator: &validator)
    }

    /// As `init(decoding:index:mode:)`, validating with `validator` (kept by the caller so its buffers are reused).
    public init(decoding message: SCTPMessage, index: Int, mode: APERDecodingMode = .tolerant, validator: inout NGAPValidator) {
        self.message = message
        self.index = index
        do {
            let (pdu, trailing, diagnostics) = try NGAPPDU.decode(message.payload[...], mode: mode)
            outcome = .decoded(pdu, trailingBytes: trailing)
            self.diagnostics = diagnostics
            verdict = validator.validate(pdu)
        } catch {
            outcome = .failed(error)
            diagnostics = []
            verdict = nil
        }
    }
}
