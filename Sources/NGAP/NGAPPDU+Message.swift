import ASN1PER

/// Conveniences over the generated `NGAPPDU` (ASN.1 `NGAP-PDU`, TS 38.413 9.4.3).
extension NGAPPDU {
    /// Which of the three message kinds a PDU is.
    public enum MessageKind: String, Sendable {
        case initiatingMessage, successfulOutcome, unsuccessfulOutcome, unknown
    }

    /// Decodes one NGAP-PDU from `bytes`. Bytes after the PDU are not an error
    /// (real AMFs append them); their count is returned so callers can report them.
    /// Strict: any transfer-syntax error fails the decode.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(APERDecodingError) -> (pdu: NGAPPDU, trailingBytes: Int) {
        var trailing = 0
        let pdu = try NGAPPDU(aperEncoded: bytes, trailingBytes: &trailing)
        return (pdu, trailing)
    }

    /// Decodes one NGAP-PDU in `mode`. Tolerant decoding keeps a CONTAINING value that does not decode (a
    /// broken PDU Session Resource Setup Request Transfer, say) as bytes and skips octets an open type's
    /// value leaves unused, and returns each such place in `diagnostics`; strict decoding throws there.
    public static func decode(_ bytes: ArraySlice<UInt8>, mode: APERDecodingMode) throws(APERDecodingError)
        -> (pdu: NGAPPDU, trailingBytes: Int, diagnostics: [APERDecodingError])
    {
        var trailing = 0
        switch mode {
        case .strict:
            let pdu = try NGAPPDU(aperEncoded: bytes, trailingBytes: &trailing)
            return (pdu, trailing, [])
        case .tolerant:
            var diagnostics: [APERDecodingError] = []
            let pdu = try NGAPPDU(aperEncoded: bytes, trailingBytes: &trailing, diagnostics: &diagnostics)
            return (pdu, trailing, diagnostics)
        }
    }

    public var messageKind: MessageKind {
        switch self {
        case .initiatingMessage: .initiatingMessage
        case .successfulOutcome: .successfulOutcome
        case .unsuccessfulOutcome: .unsuccessfulOutcome
        case .unknownExtension: .unknown
        }
    }

    /// The elementary procedure's code, nil for an unknown extension of NGAP-PDU.
    public var procedureCode: ProcedureCode? {
        switch self {
        case .initiatingMessage(let m): m.procedureCode
        case .successfulOutcome(let m): m.procedureCode
        case .unsuccessfulOutcome(let m): m.procedureCode
        case .unknownExtension: nil
        }
    }

    /// The criticality the sender gave the procedure.
    public var criticality: Criticality? {
        switch self {
        case .initiatingMessage(let m): m.criticality
        case .successfulOutcome(let m): m.criticality
        case .unsuccessfulOutcome(let m): m.criticality
        case .unknownExtension: nil
        }
    }

    /// The message type's ASN.1 name, e.g. `NGSetupRequest` (`unknown` for a procedure code NGAP does not define).
    public var messageName: String {
        switch self {
        case .initiatingMessage(let m): m.value.typeName
        case .successfulOutcome(let m): m.value.typeName
        case .unsuccessfulOutcome(let m): m.value.typeName
        case .unknownExtension: "unknown"
        }
    }
}
