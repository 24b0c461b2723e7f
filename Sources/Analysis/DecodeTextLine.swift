import ASN1PER
import Capture
import NGAP
import NGAPValidation

/// The readable one-line form of a decoded NGAP-PDU, as `coregate decode` prints it:
///
/// `12  0.052113  10.0.0.1:9487 → 10.0.0.2:38412  [NGSetup] NGSetupRequest`
///
/// followed by `[NAS: ...]` for the NAS-PDUs it carries, `+N trailing bytes` when bytes follow the
/// PDU, `[tolerated: <error>]` for each place tolerant decoding let pass, `[§10 <handling>: <problem>; ...]`
/// for the abstract-syntax problems (TS 38.413 §10), or `undecodable: <error>` instead of the message. Times are seconds since the first NGAP-PDU.
public struct DecodeTextLine: Sendable {
    public var nullDecipher: Bool

    public init(nullDecipher: Bool = false) { self.nullDecipher = nullDecipher }

    /// The line for `m`, its time relative to `origin`.
    public func line(_ m: DecodedNGAPMessage, origin: CaptureTimestamp) -> String {
        let t = m.message.timestamp
        var text = "\(m.frame)"
        if m.index > 0 { text += "#\(m.index)" }  // the second NGAP-PDU of frame 29 is 29#1
        text += "  " + Self.seconds(from: origin, to: t)
        text += "  \(m.message.source) → \(m.message.destination)  "
        switch m.outcome {
        case .failed(let error):
            text += "undecodable: \(error)"
        case .decoded(let pdu, let trailing):
            text += Self.describe(pdu, trailingBytes: trailing, nullDecipher: nullDecipher)
            text += Self.describe(m.diagnostics)
            if let verdict = m.verdict { text += Self.describe(verdict) }
        }
        return text
    }

    /// `[NGSetup] NGSetupRequest  [NAS: ...]  +N trailing bytes`: procedure, message, NAS, trailing bytes.
    public static func describe(_ pdu: NGAPPDU, trailingBytes: Int, nullDecipher: Bool) -> String {
        var text = ""
        if let code = pdu.procedureCode { text += "[" + ProcedureNames.name(code) + "] " }
        text += pdu.messageName == "unknown" ? pdu.messageKind.rawValue + " (unknown message)" : pdu.messageName
        let nas = NASSummary.nasPDUs(of: pdu)
        if !nas.isEmpty {
            text += "  [NAS: " + nas.map { NASSummary.name(of: $0, nullDecipher: nullDecipher) }.joined(separator: "; ") + "]"
        }
        if trailingBytes > 0 { text += "  +\(trailingBytes) trailing bytes" }
        return text
    }

    /// `  [tolerated: <code>: <error>]` for each diagnostic of a tolerant decode.
    public static func describe(_ diagnostics: [APERDecodingError]) -> String {
        diagnostics.map { "  [tolerated: \($0.code): \($0)]" }.joined()
    }

    /// `  [§10 rejectProcedure: missing IE 27 id-GlobalRANNodeID (reject) [TS 38.413 §10.3.5]]` for a PDU with
    /// abstract-syntax problems (several separated by `; `); empty for a clean one.
    public static func describe(_ verdict: NGAPVerdict) -> String {
        guard !verdict.isClean else { return "" }
        var text = "  [§10 \(verdict.handling.rawValue): "
        text += verdict.diagnostics.map { "\($0.summary) [\($0.clause)]" }.joined(separator: "; ")
        if verdict.truncated { text += "; ..." }
        return text + "]"
    }

    /// `s.uuuuuu` between two timestamps (negative when the capture goes back in time).
    static func seconds(from a: CaptureTimestamp, to b: CaptureTimestamp) -> String {
        var nanos = (Int64(b.seconds) - Int64(a.seconds)) * 1_000_000_000 + Int64(b.nanoseconds) - Int64(a.nanoseconds)
        let sign = nanos < 0 ? "-" : ""
        nanos = abs(nanos)
        let micros = nanos / 1000
        let fraction = String(micros % 1_000_000)
        return sign + "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
