import ASN1PER
import NGAP

extension CoreEmulator {
    /// One received NGAP-PDU: decoded, checked (TS 38.413 §10), then handed to its procedure.
    mutating func ngapReceived(_ a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard gnbs[a] != nil else {
            deviation("unknownAssociation", "TS 38.412 §7", "NGAP on \(a), which the driver did not report as up", association: a, bytes: bytes)
            return
        }
        gnbs[a]?.received += 1
        defer {
            if let n = faults.config.abortAfterMessages, let gnb = gnbs[a], gnb.received >= n {
                emit(.abort(a))
                associationLost(a)
            }
        }
        let pdu: NGAPPDU
        let trailing: Int
        do {
            (pdu, trailing) = try NGAPPDU.decode(bytes[...])
        } catch {
            // §10.2: a transfer syntax error is answered with an Error Indication (cause transfer-syntax-error).
            deviation("transferSyntaxError", "TS 38.413 §10.2", "the NGAP-PDU does not decode: \(error)", association: a, bytes: bytes)
            sendErrorIndication(to: a, stream: stream, cause: .protocol_(.transferSyntaxError))
            return
        }
        if trailing > 0 {
            deviation("trailingOctets", "TS 38.413 §9.4 (X.691 §11.1)", "\(trailing) octets follow the NGAP-PDU (\(pdu.messageName))",
                      association: a, bytes: bytes)
        }
        if !faults.isEmpty, faults.dropReceived(MessageNames(ngap: pdu.messageName, nas: nil)) { return }
        let check = NGAPCheck.check(pdu)
        if !check.isValid {
            let names = check.missing.map { "\($0.id.asn1Name ?? String($0.id.rawValue)) (\($0.criticality))" }.joined(separator: ", ")
            deviation("missingMandatoryIE", "TS 38.413 §10.3.5", "\(pdu.messageName) lacks \(names)", association: a, bytes: bytes)
            if check.rejects {
                rejectMissingIEs(pdu, check, from: a, stream: stream)
                return
            }
        }
        guard gnbs[a]?.setUp == true || isNGSetup(pdu) else {
            // §8.7.1.1: NG Setup is the first NGAP procedure on a TNL association.
            deviation("beforeNGSetup", "TS 38.413 §8.7.1.1", "\(pdu.messageName) before a successful NG Setup", association: a, bytes: bytes)
            sendErrorIndication(to: a, stream: stream, cause: .protocol_(.messageNotCompatibleWithReceiverState),
                                diagnostics: NGAPCheck.diagnostics(pdu))
            return
        }
        dispatch(pdu, from: a, stream: stream, bytes: bytes)
    }

    func isNGSetup(_ pdu: NGAPPDU) -> Bool {
        if case .initiatingMessage(let m) = pdu, case .ngSetup = m.value { return true }
        return false
    }

    mutating func dispatch(_ pdu: NGAPPDU, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .ngSetup(let v): handleNGSetup(v, from: a, stream: stream)
            case .ngReset(let v): handleNGReset(v, from: a, stream: stream)
            case .errorIndication(let v): handleErrorIndication(v, from: a, bytes: bytes)
            case .ranConfigurationUpdate(let v): handleRANConfigurationUpdate(v, from: a, stream: stream)
            case .initialUEMessage(let v): handleInitialUEMessage(v, from: a, stream: stream, bytes: bytes)
            case .uplinkNASTransport(let v): handleUplinkNASTransport(v, from: a, stream: stream, bytes: bytes)
            case .ueContextReleaseRequest(let v): handleUEContextReleaseRequest(v, from: a, stream: stream, bytes: bytes)
            case .handoverPreparation(let v): handleHandoverRequired(v, from: a, stream: stream, bytes: bytes)
            case .handoverCancel(let v): handleHandoverCancel(v, from: a, stream: stream, bytes: bytes)
            case .pathSwitchRequest(let v): handlePathSwitchRequest(v, from: a, stream: stream, bytes: bytes)
            case .ueRadioCapabilityInfoIndication, .nasNonDeliveryIndication, .pduSessionResourceNotify, .locationReport,
                 .rrcInactiveTransitionReport, .secondaryRATDataUsageReport, .cellTrafficTrace, .traceFailureIndication,
                 .locationReportingFailureIndication, .uplinkRANConfigurationTransfer, .uplinkUEAssociatedNRPPaTransport,
                 .uplinkNonUEAssociatedNRPPaTransport, .pduSessionResourceModifyIndication, .ueInformationTransfer:
                // Class 2 (or class 1 the emulator does not run) messages a gNB may send: nothing for the AMF to do.
                break
            default:
                unexpected(pdu, from: a, stream: stream, bytes: bytes)
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .ngReset: break
            case .amfConfigurationUpdate: break
            case .initialContextSetup(let v): handleInitialContextSetupResponse(v, from: a, stream: stream, bytes: bytes)
            case .ueContextRelease(let v): handleUEContextReleaseComplete(v, from: a, stream: stream, bytes: bytes)
            case .pduSessionResourceSetup(let v): handlePDUSessionResourceSetupResponse(v, from: a, stream: stream, bytes: bytes)
            case .pduSessionResourceModify(let v): handlePDUSessionResourceModifyResponse(v, from: a, stream: stream, bytes: bytes)
            case .pduSessionResourceRelease(let v): handlePDUSessionResourceReleaseResponse(v, from: a, stream: stream, bytes: bytes)
            case .ueContextModification: break
            default: unexpected(pdu, from: a, stream: stream, bytes: bytes)
            }
        case .unsuccessfulOutcome(let m):
            switch m.value {
            case .initialContextSetup(let v): handleInitialContextSetupFailure(v, from: a, stream: stream, bytes: bytes)
            case .amfConfigurationUpdate: break
            case .ueContextModification: break
            default: unexpected(pdu, from: a, stream: stream, bytes: bytes)
            }
        case .unknownExtension:
            unexpected(pdu, from: a, stream: stream, bytes: bytes)
        }
    }

    /// A message the AMF does not expect from a gNB (one the AMF sends, or an unknown procedure): §10.4 logical
    /// error, answered with an Error Indication.
    mutating func unexpected(_ pdu: NGAPPDU, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        deviation("unexpectedMessage", "TS 38.413 §10.4", "\(pdu.messageName) is not a message an AMF receives", association: a, bytes: bytes)
        sendErrorIndication(to: a, stream: stream, cause: .protocol_(.messageNotCompatibleWithReceiverState), diagnostics: NGAPCheck.diagnostics(pdu))
    }

    /// §10.3.5: a missing IE of criticality reject rejects the procedure: the unsuccessful outcome when the
    /// procedure has one, else an Error Indication, with the missing IEs in the Criticality Diagnostics.
    mutating func rejectMissingIEs(_ pdu: NGAPPDU, _ check: NGAPCheckResult, from a: AssociationID, stream: UInt16) {
        let diagnostics = NGAPCheck.diagnostics(pdu, ies: check.missing)
        let cause = Cause.protocol_(.abstractSyntaxErrorReject)
        if case .initiatingMessage(let m) = pdu {
            switch m.value {
            case .ngSetup:
                send(.unsuccessfulOutcome(.ngSetup(NGSetupFailure(protocolIEs: [.cause(cause), .criticalityDiagnostics(diagnostics)]))),
                     to: a, stream: stream)
                return
            case .ranConfigurationUpdate:
                send(.unsuccessfulOutcome(.ranConfigurationUpdate(RANConfigurationUpdateFailure(protocolIEs: [
                    .cause(cause), .criticalityDiagnostics(diagnostics)]))), to: a, stream: stream)
                return
            default: break
            }
        }
        let ids = ueIDs(of: pdu)
        sendErrorIndication(to: a, stream: stream, cause: cause, amfUENGAPID: ids.amf, ranUENGAPID: ids.ran, diagnostics: diagnostics)
    }

    /// The NGAP UE ids a UE-associated message carries (for Error Indications about it).
    func ueIDs(of pdu: NGAPPDU) -> (amf: UInt64?, ran: UInt64?) {
        func u(_ v: Int64?) -> UInt64? { v.flatMap { $0 >= 0 ? UInt64($0) : nil } }
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .initialUEMessage(let v): return (nil, u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .uplinkNASTransport(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .ueContextReleaseRequest(let v):
                return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .handoverPreparation(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .handoverNotification(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .handoverCancel(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .pathSwitchRequest(let v): return (nil, u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            default: return (nil, nil)
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .initialContextSetup(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .ueContextRelease(let v): return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            case .pduSessionResourceSetup(let v):
                return (u(v.protocolIEs.first(\.amfUENGAPID)?.value), u(v.protocolIEs.first(\.ranUENGAPID)?.value))
            default: return (nil, nil)
            }
        default:
            return (nil, nil)
        }
    }

    /// Error Indication (TS 38.413 §8.7.5), UE-associated when ids are given.
    mutating func sendErrorIndication(to a: AssociationID, stream: UInt16, cause: Cause, amfUENGAPID: UInt64? = nil, ranUENGAPID: UInt64? = nil,
                                      diagnostics: CriticalityDiagnostics? = nil) {
        var ies: [ProtocolIEField_ErrorIndicationIEs] = []
        if let amfUENGAPID { ies.append(.amfUENGAPID(AMFUENGAPID(Int64(amfUENGAPID)))) }
        if let ranUENGAPID { ies.append(.ranUENGAPID(RANUENGAPID(Int64(ranUENGAPID)))) }
        ies.append(.cause(cause))
        if let diagnostics { ies.append(.criticalityDiagnostics(diagnostics)) }
        send(.initiatingMessage(.errorIndication(ErrorIndication(protocolIEs: ies))), to: a, stream: stream)
    }

    /// An Error Indication from a gNB: it refused something the core sent. Reported so the run shows it.
    mutating func handleErrorIndication(_ m: ErrorIndication, from a: AssociationID, bytes: [UInt8]) {
        let cause = m.protocolIEs.first(\.cause).map { "\($0)" } ?? "no cause"
        deviation("errorIndicationReceived", "TS 38.413 §8.7.5", "the gNB reported an error: \(cause)", association: a, bytes: bytes)
    }

    /// The UE slot of a UE-associated message, checking both ids (§10.6: unknown or inconsistent ids are answered
    /// with an Error Indication, cause unknown-local-UE-NGAP-ID or inconsistent-remote-UE-NGAP-ID).
    mutating func ueSlot(amf: AMFUENGAPID?, ran: RANUENGAPID?, from a: AssociationID, stream: UInt16, message: String, bytes: [UInt8]) -> Int? {
        guard let amf, let ran, amf.value >= 0, ran.value >= 0 else { return nil }
        let amfID = UInt64(amf.value), ranID = UInt64(ran.value)
        guard let slot = ues.byAMFUENGAPID[amfID] else {
            deviation("unknownAMFUENGAPID", "TS 38.413 §10.6", "\(message) for AMF UE NGAP ID \(amfID), which the AMF has not allocated",
                      association: a, bytes: bytes)
            sendErrorIndication(to: a, stream: stream, cause: .radioNetwork(.unknownLocalUENGAPID), amfUENGAPID: amfID, ranUENGAPID: ranID)
            return nil
        }
        let c = ues[slot]
        let matchesConnection = c.connection.map { $0.association == a && $0.ranUENGAPID == ranID && $0.amfUENGAPID == amfID } ?? false
        guard matchesConnection else {
            deviation("inconsistentRANUENGAPID", "TS 38.413 §10.6",
                      "\(message) with RAN UE NGAP ID \(ranID) on \(a) for AMF UE NGAP ID \(amfID), which belongs to another connection",
                      association: a, slot: slot, bytes: bytes)
            sendErrorIndication(to: a, stream: stream, cause: .radioNetwork(.inconsistentRemoteUENGAPID), amfUENGAPID: amfID, ranUENGAPID: ranID)
            return nil
        }
        return slot
    }
}
