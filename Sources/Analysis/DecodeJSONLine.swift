import Bytes
import ASN1JER
import ASN1PER
import NAS5GS
import NASSecurity
import NGAP
import NGAPValidation

/// The JSON-lines form of a decoded NGAP-PDU, as `coregate decode --format jer` prints it, one object per line:
///
/// `{"frame":N,"index":I,"jer":{...},"nas":[...]}`
///
/// - `frame`: 1-based frame number (tshark's; for a fragmented message, the frame that completes it);
///   `index`: the NGAP-PDU's position in that frame, from 0.
/// - `jer`: the NGAP-PDU in JER (X.697) as pycrate 0.8.1's `to_jer()` writes it, byte for byte: keys in
///   pycrate's order, and a BIT STRING whose size root is one value but extensible as bare hex (X.697 asks
///   for the object form with a length there; see `JSONWriter.pycrateBitStrings`).
/// - `nas`: one object per NAS-PDU the NGAP-PDU carries, in order of appearance (see `NASPDUJSON`).
/// - `trailing`: hex of the bytes after the PDU, present only when there are some.
/// - `diagnostics`: what tolerant decoding let pass (`DecodedNGAPMessage.diagnostics`), each an error object
///   as below, then the abstract-syntax problems (TS 38.413 §10, `DecodedNGAPMessage.verdict`), each
///   `{"kind":"missingIE","ie":27,"name":"id-GlobalRANNodeID","criticality":"reject","clause":"TS 38.413 §10.3.5",
///   "path":"..."}` (`ie`, `name`, `criticality` when known; `procedureCode` for a procedure-level one); present
///   only when there are some.
/// - `verdict`: what §10 asks the receiver to do, `{"handling":"rejectProcedure","answer":"failureMessage",
///   "cause":"abstract-syntax-error-reject","clause":"TS 38.413 §10.3.5"}`; present only with abstract-syntax
///   diagnostics.
/// - For a PDU that does not decode, `error` (`code`, `message`, `bit`, `path`) and `hex` (the bytes as
///   carried) replace `jer` and `nas`.
public struct DecodeJSONLine: Sendable {
    public var nas: NASJSONOptions

    public init(nas: NASJSONOptions = NASJSONOptions()) { self.nas = nas }

    /// Appends the line for `m`, newline included.
    public func write(_ m: DecodedNGAPMessage, to json: inout JSONWriter) {
        json.beginObject()
        json.key("frame"); json.int(m.frame)
        json.key("index"); json.int(m.index)
        switch m.outcome {
        case .decoded(let pdu, let trailing):
            writeMembers(pdu, trailing: m.message.payload[(m.message.payload.count - trailing)...], to: &json)
            Self.write(diagnostics: m.diagnostics, verdict: m.verdict, to: &json)
        case .failed(let error):
            json.key("error")
            Self.write(error, to: &json)
            json.key("hex"); json.hex(m.message.payload[...])
        }
        json.endObject()
        json.endLine()
    }

    /// The members `jer`, `nas` and (when `trailing` is not empty) `trailing` of a decoded PDU.
    public func writeMembers(_ pdu: NGAPPDU, trailing: ArraySlice<UInt8>, to json: inout JSONWriter) {
        json.key("jer")
        let pycrateForm = json.pycrateBitStrings
        json.pycrateBitStrings = true
        pdu.jerEncode(into: &json)
        json.pycrateBitStrings = pycrateForm
        json.key("nas")
        json.beginArray()
        var found: [NGAP.NASPDU] = []
        pdu.collectNASPDU(into: &found)
        for n in found { NASPDUJSON.write(nasPDU: n.value.slice, to: &json, options: nas) }
        json.endArray()
        if !trailing.isEmpty {
            json.key("trailing")
            json.hex(trailing)
        }
    }

    /// The member `diagnostics` (decoding diagnostics, then abstract-syntax ones) and, for the latter, `verdict`;
    /// nothing when there are none.
    public static func write(diagnostics: [APERDecodingError], verdict: NGAPVerdict? = nil, to json: inout JSONWriter) {
        let validation = verdict?.diagnostics ?? []
        guard !diagnostics.isEmpty || !validation.isEmpty else { return }
        json.key("diagnostics")
        json.beginArray()
        for d in diagnostics { write(d, to: &json) }
        for d in validation { write(d, to: &json) }
        json.endArray()
        if let verdict, !validation.isEmpty {
            json.key("verdict")
            json.beginObject()
            json.key("handling"); json.string(verdict.handling.rawValue)
            json.key("answer"); json.string(verdict.answer.rawValue)
            if let cause = verdict.cause { json.key("cause"); json.string(cause.specName) }
            json.key("clause"); json.string(verdict.clause)
            json.endObject()
        }
    }

    /// `{"kind":"missingIE","ie":27,"name":"id-GlobalRANNodeID","criticality":"reject","clause":"TS 38.413 §10.3.5","path":"..."}`
    public static func write(_ d: NGAPDiagnostic, to json: inout JSONWriter) {
        json.beginObject()
        json.key("kind"); json.string(d.kind.rawValue)
        if let ie = d.ie { json.key("ie"); json.int(Int(ie)) }
        if let name = d.ieName { json.key("name"); json.string(name) }
        if let code = d.procedureCode { json.key("procedureCode"); json.int(Int(code.rawValue)) }
        if let criticality = d.criticality { json.key("criticality"); json.string(criticality.specName) }
        json.key("clause"); json.string(d.clause)
        json.key("path"); json.string(d.path.description)
        json.endObject()
    }

    /// `{"code":"truncated","message":"...","bit":183,"path":"NGSetupRequest.protocolIEs[2]..."}`
    public static func write(_ error: APERDecodingError, to json: inout JSONWriter) {
        json.beginObject()
        json.key("code"); json.string(error.code.description)
        json.key("message"); json.string(error.message)
        json.key("bit"); json.int(error.bitOffset)
        json.key("path"); json.string(error.path.description)
        json.endObject()
    }
}
