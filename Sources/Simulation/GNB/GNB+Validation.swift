import ASN1PER
import NGAP

/// A protocol IE field of a message the gNB receives, as the abstract-syntax check sees it: its id, its
/// criticality and the object set that defines the message's IEs.
protocol GNBReceivedIE {
    var id: ProtocolIEID { get }
    var criticality: Criticality { get }
    static var objectSet: ASN1ObjectSetTable<NGAPProtocolIE> { get }
}

extension ProtocolIEField_DownlinkNASTransportIEs: GNBReceivedIE {}
extension ProtocolIEField_InitialContextSetupRequestIEs: GNBReceivedIE {}
extension ProtocolIEField_PDUSessionResourceSetupRequestIEs: GNBReceivedIE {}
extension ProtocolIEField_PDUSessionResourceModifyRequestIEs: GNBReceivedIE {}
extension ProtocolIEField_PDUSessionResourceReleaseCommandIEs: GNBReceivedIE {}
extension ProtocolIEField_UEContextReleaseCommandIEs: GNBReceivedIE {}
extension ProtocolIEField_UEContextModificationRequestIEs: GNBReceivedIE {}
extension ProtocolIEField_HandoverRequestIEs: GNBReceivedIE {}
extension ProtocolIEField_PagingIEs: GNBReceivedIE {}
extension ProtocolIEField_NGResetIEs: GNBReceivedIE {}
extension ProtocolIEField_AMFConfigurationUpdateIEs: GNBReceivedIE {}
extension ProtocolIEField_ErrorIndicationIEs: GNBReceivedIE {}
extension ProtocolIEField_NGSetupResponseIEs: GNBReceivedIE {}
extension ProtocolIEField_NGResetAcknowledgeIEs: GNBReceivedIE {}
extension ProtocolIEField_RANConfigurationUpdateAcknowledgeIEs: GNBReceivedIE {}
extension ProtocolIEField_HandoverCommandIEs: GNBReceivedIE {}
extension ProtocolIEField_HandoverCancelAcknowledgeIEs: GNBReceivedIE {}
extension ProtocolIEField_PathSwitchRequestAcknowledgeIEs: GNBReceivedIE {}
extension ProtocolIEField_NGSetupFailureIEs: GNBReceivedIE {}
extension ProtocolIEField_RANConfigurationUpdateFailureIEs: GNBReceivedIE {}
extension ProtocolIEField_HandoverPreparationFailureIEs: GNBReceivedIE {}
extension ProtocolIEField_PathSwitchRequestFailureIEs: GNBReceivedIE {}

/// What the abstract-syntax check found in a message's IEs (TS 38.413 §10.3).
struct GNBIEProblems {
    /// IEs the object set does not define (§10.3.4.2) and mandatory IEs that are missing (§10.3.5), with the
    /// criticality that decides what to do.
    var diagnostics: [CriticalityDiagnosticsIEItem] = []
    /// An IE that occurs more than once (§10.3.6).
    var repeated: [ProtocolIEID] = []
    /// The UE NGAP IDs the message carries, for the Error Indication.
    var amfID: Int64?
    var ranID: Int64?

    var isEmpty: Bool { diagnostics.isEmpty && repeated.isEmpty }
    var rejects: Bool { diagnostics.contains { $0.ieCriticality == .reject } }
    var notifies: Bool { diagnostics.contains { $0.ieCriticality == .notify } }

    init() {}

    init<F: GNBReceivedIE>(_ ies: [F], amfID: (F) -> AMFUENGAPID?, ranID: (F) -> RANUENGAPID?) {
        let rows = F.objectSet.rows
        var seen: [ProtocolIEID] = []
        for ie in ies {
            if self.amfID == nil, let v = amfID(ie) { self.amfID = v.value }
            if self.ranID == nil, let v = ranID(ie) { self.ranID = v.value }
            if !rows.contains(where: { $0.id == ie.id }) {
                diagnostics.append(CriticalityDiagnosticsIEItem(ieCriticality: ie.criticality, ieID: ie.id, typeOfError: .notUnderstood))
            } else if seen.contains(ie.id) {
                if !repeated.contains(ie.id) { repeated.append(ie.id) }
            } else {
                seen.append(ie.id)
            }
        }
        for row in rows where row.presence == .mandatory && !seen.contains(row.id) {
            diagnostics.append(CriticalityDiagnosticsIEItem(ieCriticality: row.criticality, ieID: row.id, typeOfError: .missing))
        }
    }
}

extension GNB {
    /// The abstract-syntax check of a received message's IEs (TS 38.413 §10.3.4.2, §10.3.5, §10.3.6): an IE
    /// the object set does not define or a missing mandatory IE with criticality reject stops the message
    /// (Error Indication, cause abstract-syntax-error-reject, with the criticality diagnostics); with
    /// ignore-and-notify the message is handled and reported (Error Indication, cause
    /// abstract-syntax-error-ignore-and-notify); with ignore it is handled silently. A repeated IE makes a
    /// falsely constructed message, which is not handled. Each case is a deviation as well. Returns whether
    /// the message goes on to its procedure.
    /// A class-1 request with an unsuccessful outcome is rejected with that outcome instead of Error
    /// Indication.
    func checkIEs(_ pdu: NGAPPDU, stream: UInt16, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) -> Bool {
        let p = Self.ieProblems(pdu)
        guard !p.isEmpty else { return true }
        let ue: UEIndex? = p.ranID.flatMap { slot(ranID: $0) }.flatMap { contexts[$0].ue == Self.unbound ? nil : contexts[$0].ue }
        let ueStream = p.ranID.flatMap { slot(ranID: $0) }.map { contexts[$0].stream } ?? 0
        func diagnostics(_ items: [CriticalityDiagnosticsIEItem]) -> CriticalityDiagnostics? {
            guard var d = Self.diagnostics(pdu) else { return nil }
            if !items.isEmpty { d.iesCriticalityDiagnostics = CriticalityDiagnosticsIEList(items) }
            return d
        }
        func notify(_ cause: CauseProtocol, _ items: [CriticalityDiagnosticsIEItem]) {
            // An Error Indication is never answered with another (TS 38.413 §8.7.5).
            if case .errorIndication? = pdu.initiatingValue { return }
            sendErrorIndication(cause: .protocol_(cause), amfID: p.amfID, ranID: p.ranID, diagnostics: diagnostics(items), stream: ueStream,
                                into: &actions)
        }
        if !p.repeated.isEmpty {
            deviation("repeatedIE", "TS 38.413 §10.3.6",
                      "\(pdu.messageName) repeats IE \(p.repeated.map { Self.ieName($0) }.joined(separator: ", "))", bytes: bytes, ue: ue, into: &actions)
            notify(.abstractSyntaxErrorFalselyConstructedMessage, [])
            return false
        }
        for d in p.diagnostics where d.ieCriticality != .ignore || d.typeOfError == .missing {
            let what = d.typeOfError == .missing ? "missingMandatoryIE" : "notComprehendedIE"
            let clause = d.typeOfError == .missing ? "TS 38.413 §10.3.5" : "TS 38.413 §10.3.4.2"
            let verb = d.typeOfError == .missing ? "without mandatory IE" : "with an IE it does not define:"
            deviation(what, clause, "\(pdu.messageName) \(verb) \(Self.ieName(d.ieID)) (criticality \(d.ieCriticality))", bytes: bytes, ue: ue,
                      into: &actions)
        }
        if p.rejects {
            let items = p.diagnostics.filter { $0.ieCriticality == .reject }
            if !rejectWithFailure(pdu, p, items: items, stream: ueStream, into: &actions) { notify(.abstractSyntaxErrorReject, items) }
            return false
        }
        if p.notifies { notify(.abstractSyntaxErrorIgnoreAndNotify, p.diagnostics.filter { $0.ieCriticality == .notify }) }
        return true
    }

    /// A class-1 request with an unsuccessful outcome is rejected with that outcome, cause
    /// abstract-syntax-error-reject and the IEs' criticality diagnostics (no procedure code or triggering
    /// message: those are for Error Indication, TS 38.413 Annex A). False when the message has no such
    /// outcome or lacks the UE NGAP IDs the outcome needs (the caller sends Error Indication instead).
    func rejectWithFailure(
        _ pdu: NGAPPDU, _ p: GNBIEProblems, items: [CriticalityDiagnosticsIEItem], stream: UInt16, into actions: inout [GNBAction]
    ) -> Bool {
        guard case .initiatingMessage(let m) = pdu else { return false }
        let cause = Cause.protocol_(.abstractSyntaxErrorReject)
        let diagnostics = CriticalityDiagnostics(procedureCriticality: m.criticality, iesCriticalityDiagnostics: CriticalityDiagnosticsIEList(items))
        let ueStream = stream == 0 ? anyUEStream : stream
        switch m.value {
        case .initialContextSetup:
            guard let amf = p.amfID, let ran = p.ranID else { return false }
            send(.unsuccessfulOutcome(.initialContextSetup(InitialContextSetupFailure(protocolIEs: [
                .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .cause(cause), .criticalityDiagnostics(diagnostics),
            ]))), stream: ueStream, into: &actions)
        case .ueContextModification:
            guard let amf = p.amfID, let ran = p.ranID else { return false }
            send(.unsuccessfulOutcome(.ueContextModification(UEContextModificationFailure(protocolIEs: [
                .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .cause(cause), .criticalityDiagnostics(diagnostics),
            ]))), stream: ueStream, into: &actions)
        case .handoverResourceAllocation:
            guard let amf = p.amfID else { return false }
            send(.unsuccessfulOutcome(.handoverResourceAllocation(HandoverFailure(protocolIEs: [
                .amfUENGAPID(AMFUENGAPID(amf)), .cause(cause), .criticalityDiagnostics(diagnostics),
            ]))), stream: anyUEStream, into: &actions)
        case .amfConfigurationUpdate:
            send(.unsuccessfulOutcome(.amfConfigurationUpdate(AMFConfigurationUpdateFailure(protocolIEs: [
                .cause(cause), .criticalityDiagnostics(diagnostics),
            ]))), stream: 0, into: &actions)
        default:
            return false
        }
        return true
    }

    /// `AMF-UE-NGAP-ID (10)`: an IE id with its ASN.1 name when it has one.
    static func ieName(_ id: ProtocolIEID) -> String {
        guard let name = id.asn1Name else { return "\(id.rawValue)" }
        return "\(name) (\(id.rawValue))"
    }

    /// The problems of the IEs of every message a gNB receives; none for the others (refused elsewhere).
    static func ieProblems(_ pdu: NGAPPDU) -> GNBIEProblems {
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .downlinkNASTransport(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .initialContextSetup(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .pduSessionResourceSetup(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .pduSessionResourceModify(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .pduSessionResourceRelease(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .ueContextRelease(let v):
                return GNBIEProblems(v.protocolIEs, amfID: { if case .ueNGAPIDPair(let p)? = $0.ueNGAPIDs { p.amfUENGAPID } else { nil } },
                                     ranID: { if case .ueNGAPIDPair(let p)? = $0.ueNGAPIDs { p.ranUENGAPID } else { nil } })
            case .ueContextModification(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .handoverResourceAllocation(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: { _ in nil })
            case .paging(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .ngReset(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .amfConfigurationUpdate(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .errorIndication(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            default: return GNBIEProblems()
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .ngSetup(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .ngReset(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .ranConfigurationUpdate(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .handoverPreparation(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .handoverCancel(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .pathSwitchRequest(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            default: return GNBIEProblems()
            }
        case .unsuccessfulOutcome(let m):
            switch m.value {
            case .ngSetup(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .ranConfigurationUpdate(let v): return GNBIEProblems(v.protocolIEs, amfID: { _ in nil }, ranID: { _ in nil })
            case .handoverPreparation(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            case .pathSwitchRequest(let v): return GNBIEProblems(v.protocolIEs, amfID: \.amfUENGAPID, ranID: \.ranUENGAPID)
            default: return GNBIEProblems()
            }
        case .unknownExtension:
            return GNBIEProblems()
        }
    }
}

extension NGAPPDU {
    /// The value of an initiating message, nil for outcomes.
    var initiatingValue: InitiatingMessage.Value? {
        if case .initiatingMessage(let m) = self { return m.value }
        return nil
    }
}
