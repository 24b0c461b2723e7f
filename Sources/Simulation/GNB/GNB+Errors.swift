import ASN1JER
import NGAP

/// Sending, deviations and Error Indication (TS 38.413 §8.7.5, §10).
extension GNB {
    /// Encodes and sends `pdu`. Every value the gNB puts in a message is checked when the gNB is made or
    /// comes decoded from the AMF, so encoding cannot fail on it; should it fail anyway, the failure is
    /// reported as a deviation of kind `encodingFailed` instead of a trap.
    func send(_ pdu: NGAPPDU, stream: UInt16, ue: UEIndex? = nil, into actions: inout [GNBAction]) {
        do {
            actions.append(.send(stream: stream, bytes: try pdu.aperEncoded()))
        } catch {
            actions.append(.deviation(
                ProtocolDeviation(kind: "encodingFailed", clause: "X.691", message: "gNB could not encode \(pdu.messageName): \(error)"),
                ue: ue))
        }
    }

    /// Appends a deviation.
    func deviation(
        _ kind: String, _ clause: String, _ message: String, bytes: ArraySlice<UInt8> = [], ue: UEIndex? = nil,
        into actions: inout [GNBAction]
    ) {
        actions.append(.deviation(ProtocolDeviation(kind: kind, clause: clause, message: message, bytes: Array(bytes)), ue: ue))
    }

    /// Sends Error Indication (TS 38.413 §8.7.5.2): with the UE's NGAP IDs when it concerns a UE (on the UE's
    /// stream, else stream 0), the cause and criticality diagnostics naming the offending procedure.
    func sendErrorIndication(
        cause: Cause, amfID: Int64? = nil, ranID: Int64? = nil, about pdu: NGAPPDU? = nil, diagnostics: CriticalityDiagnostics? = nil,
        stream: UInt16 = 0, into actions: inout [GNBAction]
    ) {
        // UE-associated signalling never goes on stream 0 (TS 38.412 §7), even for a UE the gNB does not know.
        let stream = stream == 0 && (amfID != nil || ranID != nil) ? anyUEStream : stream
        var ies: [ProtocolIEField_ErrorIndicationIEs] = []
        if let amfID { ies.append(.amfUENGAPID(AMFUENGAPID(amfID))) }
        if let ranID { ies.append(.ranUENGAPID(RANUENGAPID(ranID))) }
        ies.append(.cause(cause))
        if let diagnostics = diagnostics ?? pdu.flatMap(Self.diagnostics) { ies.append(.criticalityDiagnostics(diagnostics)) }
        send(.initiatingMessage(.errorIndication(ErrorIndication(protocolIEs: ies))), stream: stream, into: &actions)
    }

    /// The stream of UE-associated messages about a connection the gNB has no context for: 1, or 0 when only
    /// one stream was negotiated.
    var anyUEStream: UInt16 { outboundStreams > 1 ? 1 : 0 }

    /// Criticality Diagnostics (TS 38.413 9.3.1.3) naming the procedure and message kind of `pdu`.
    static func diagnostics(_ pdu: NGAPPDU) -> CriticalityDiagnostics? {
        let triggering: TriggeringMessage
        switch pdu {
        case .initiatingMessage: triggering = .initiatingMessage
        case .successfulOutcome: triggering = .successfulOutcome
        case .unsuccessfulOutcome: triggering = .unsuccessfulOutcome
        case .unknownExtension: return nil
        }
        return CriticalityDiagnostics(procedureCode: pdu.procedureCode, triggeringMessage: triggering, procedureCriticality: pdu.criticality)
    }

    /// A logical error (TS 38.413 §10.4): the message is valid but the state does not allow it. Reports the
    /// deviation and sends Error Indication with cause message-not-compatible-with-receiver-state.
    func notCompatible(
        _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, why: String, amfID: Int64? = nil, ranID: Int64? = nil,
        ue: UEIndex? = nil, stream: UInt16 = 0, into actions: inout [GNBAction]
    ) {
        deviation("unexpectedMessage", "TS 38.413 §10.4", "\(pdu.messageName): \(why)", bytes: bytes, ue: ue, into: &actions)
        sendErrorIndication(
            cause: .protocol_(.messageNotCompatibleWithReceiverState), amfID: amfID, ranID: ranID, about: pdu, stream: stream,
            into: &actions)
    }

    /// A mandatory IE the gNB needs is missing (TS 38.413 §10.3.5): reports the deviation; the caller answers
    /// with the procedure's failure message or Error Indication.
    func missingIE(_ pdu: NGAPPDU, _ ie: String, bytes: ArraySlice<UInt8>, ue: UEIndex? = nil, into actions: inout [GNBAction]) {
        deviation("missingMandatoryIE", "TS 38.413 §10.3.5", "\(pdu.messageName) without \(ie)", bytes: bytes, ue: ue, into: &actions)
    }

    /// `radioNetwork/unknown-PLMN-or-SNPN`: a cause as the specification names it.
    static func text(_ cause: Cause) -> String {
        var out: [Character] = []
        for ch in cause.jerText where ch != "{" && ch != "}" && ch != "\"" { out.append(ch == ":" ? "/" : ch) }
        return "NGAP " + String(out)
    }
}
