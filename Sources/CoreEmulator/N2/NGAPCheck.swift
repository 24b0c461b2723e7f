import ASN1PER
import NGAP

/// A protocol IE field list whose object set gives each IE's presence.
protocol NGAPIEField: ASN1TableField {
    var id: ProtocolIEID { get }
    static var objectSet: ASN1ObjectSetTable<NGAPProtocolIE> { get }
}

extension ProtocolIEField_NGSetupRequestIEs: NGAPIEField {}
extension ProtocolIEField_NGResetIEs: NGAPIEField {}
extension ProtocolIEField_NGResetAcknowledgeIEs: NGAPIEField {}
extension ProtocolIEField_ErrorIndicationIEs: NGAPIEField {}
extension ProtocolIEField_RANConfigurationUpdateIEs: NGAPIEField {}
extension ProtocolIEField_InitialUEMessageIEs: NGAPIEField {}
extension ProtocolIEField_UplinkNASTransportIEs: NGAPIEField {}
extension ProtocolIEField_UEContextReleaseRequestIEs: NGAPIEField {}
extension ProtocolIEField_UEContextReleaseCompleteIEs: NGAPIEField {}
extension ProtocolIEField_InitialContextSetupResponseIEs: NGAPIEField {}
extension ProtocolIEField_InitialContextSetupFailureIEs: NGAPIEField {}
extension ProtocolIEField_PDUSessionResourceSetupResponseIEs: NGAPIEField {}
extension ProtocolIEField_PDUSessionResourceModifyResponseIEs: NGAPIEField {}
extension ProtocolIEField_PDUSessionResourceReleaseResponseIEs: NGAPIEField {}
extension ProtocolIEField_HandoverRequiredIEs: NGAPIEField {}
extension ProtocolIEField_HandoverRequestAcknowledgeIEs: NGAPIEField {}
extension ProtocolIEField_HandoverFailureIEs: NGAPIEField {}
extension ProtocolIEField_HandoverNotifyIEs: NGAPIEField {}
extension ProtocolIEField_HandoverCancelIEs: NGAPIEField {}
extension ProtocolIEField_PathSwitchRequestIEs: NGAPIEField {}
extension ProtocolIEField_UplinkRANStatusTransferIEs: NGAPIEField {}
extension ProtocolIEField_AMFConfigurationUpdateAcknowledgeIEs: NGAPIEField {}

/// What the §10 check found in a received PDU.
struct NGAPCheckResult {
    /// Mandatory IEs absent (TS 38.413 §10.3.5), with the criticality the object set gives them.
    var missing: [NGAPProtocolIE] = []

    var isValid: Bool { missing.isEmpty }
    /// Whether a missing IE has criticality reject: the procedure is rejected.
    var rejects: Bool { missing.contains { $0.criticality == .reject } }
}

/// The hook for TS 38.413 §10 checks of every received PDU: one call, `check(_:)`. It finds missing mandatory IEs of
/// the messages the AMF handles; the full §10 validation (another module, when it lands) replaces its body.
enum NGAPCheck {
    static func check(_ pdu: NGAPPDU) -> NGAPCheckResult {
        var r = NGAPCheckResult()
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .ngSetup(let v): r.missing = missing(v.protocolIEs)
            case .ngReset(let v): r.missing = missing(v.protocolIEs)
            case .errorIndication(let v): r.missing = missing(v.protocolIEs)
            case .ranConfigurationUpdate(let v): r.missing = missing(v.protocolIEs)
            case .initialUEMessage(let v): r.missing = missing(v.protocolIEs)
            case .uplinkNASTransport(let v): r.missing = missing(v.protocolIEs)
            case .ueContextReleaseRequest(let v): r.missing = missing(v.protocolIEs)
            case .handoverPreparation(let v): r.missing = missing(v.protocolIEs)
            case .handoverNotification(let v): r.missing = missing(v.protocolIEs)
            case .handoverCancel(let v): r.missing = missing(v.protocolIEs)
            case .pathSwitchRequest(let v): r.missing = missing(v.protocolIEs)
            case .uplinkRANStatusTransfer(let v): r.missing = missing(v.protocolIEs)
            default: break
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .ngReset(let v): r.missing = missing(v.protocolIEs)
            case .ueContextRelease(let v): r.missing = missing(v.protocolIEs)
            case .initialContextSetup(let v): r.missing = missing(v.protocolIEs)
            case .pduSessionResourceSetup(let v): r.missing = missing(v.protocolIEs)
            case .pduSessionResourceModify(let v): r.missing = missing(v.protocolIEs)
            case .pduSessionResourceRelease(let v): r.missing = missing(v.protocolIEs)
            case .handoverResourceAllocation(let v): r.missing = missing(v.protocolIEs)
            case .amfConfigurationUpdate(let v): r.missing = missing(v.protocolIEs)
            default: break
            }
        case .unsuccessfulOutcome(let m):
            switch m.value {
            case .initialContextSetup(let v): r.missing = missing(v.protocolIEs)
            case .handoverResourceAllocation(let v): r.missing = missing(v.protocolIEs)
            default: break
            }
        case .unknownExtension:
            break
        }
        return r
    }

    static func missing<F: NGAPIEField>(_ ies: [F]) -> [NGAPProtocolIE] {
        var result: [NGAPProtocolIE] = []
        for row in F.objectSet.rows where row.presence == .mandatory {
            if !ies.contains(where: { $0.id == row.id }) { result.append(row) }
        }
        return result
    }

    /// Criticality Diagnostics for a received message (TS 38.413 §9.3.1.3).
    static func diagnostics(_ pdu: NGAPPDU, ies: [NGAPProtocolIE] = [], typeOfError: TypeOfError = .missing) -> CriticalityDiagnostics {
        let trigger: TriggeringMessage? = switch pdu {
        case .initiatingMessage: .initiatingMessage
        case .successfulOutcome: .successfulOutcome
        case .unsuccessfulOutcome: .unsuccessfulOutcome
        case .unknownExtension: nil
        }
        let items = ies.map { CriticalityDiagnosticsIEItem(ieCriticality: $0.criticality, ieID: $0.id, typeOfError: typeOfError) }
        return CriticalityDiagnostics(procedureCode: pdu.procedureCode, triggeringMessage: trigger, procedureCriticality: pdu.criticality,
                                      iesCriticalityDiagnostics: items.isEmpty ? nil : CriticalityDiagnosticsIEList(items))
    }
}
