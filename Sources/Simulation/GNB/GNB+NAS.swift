import ASN1PER
import NAS5GS
import NGAP

/// Transport of NAS messages (TS 38.413 §8.6).
extension GNB {
    /// Initial UE Message (§8.6.1): a new UE-associated logical NG-connection with a fresh RAN UE NGAP ID,
    /// carrying the NAS-PDU, User Location Information (NR CGI and TAI), RRC Establishment Cause, the
    /// 5G-S-TMSI when the UE gave one, and UE Context Request when it asked; IEs in the order of the ASN.1, as
    /// real gNBs send them.
    mutating func initialUEMessage(_ ue: UEIndex, nasPDU: [UInt8], setup: RRCSetup, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else { actions.append(.refused(ue: ue, .notReady)); return }
        guard slotByUE[ue] == nil else { actions.append(.refused(ue: ue, .alreadyConnected)); return }
        guard let slot = allocate(ue: ue, state: .waitingForAMF) else { actions.append(.refused(ue: ue, .capacity)); return }
        let c = contexts[slot]
        var ies: [ProtocolIEField_InitialUEMessageIEs] = [
            .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .nasPDU(NASPDU(ASN1Bytes(nasPDU))),
            .userLocationInformation(identity.location),
            .rrcEstablishmentCause(Self.cause(setup.cause)),
        ]
        if let tmsi = setup.fiveGSTMSI { ies.append(.fiveGSTMSI(Self.ngapTMSI(tmsi))) }
        if setup.ueContextRequested { ies.append(.ueContextRequest(.requested)) }
        send(.initiatingMessage(.initialUEMessage(InitialUEMessage(protocolIEs: ies))), stream: c.stream, ue: ue, into: &actions)
        leave(ue)
        if let paged = pagedAt.removeValue(forKey: ue) {
            report(.paging, .success, started: paged, now: now, ue: ue, into: &actions)
        }
    }

    /// Uplink NAS Transport (§8.6.3) on the UE's connection.
    mutating func uplinkNASTransport(_ ue: UEIndex, nasPDU: [UInt8], into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue] else { actions.append(.refused(ue: ue, .noConnection)); return }
        let c = contexts[Int(slot)]
        switch c.state {
        case .connected, .releaseRequested, .handoverPreparing, .handoverCancelling: break
        default: actions.append(.refused(ue: ue, .busy)); return
        }
        let message = UplinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)),
            .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .nasPDU(NASPDU(ASN1Bytes(nasPDU))),
            .userLocationInformation(identity.location),
        ])
        send(.initiatingMessage(.uplinkNASTransport(message)), stream: c.stream, ue: ue, into: &actions)
    }

    /// Downlink NAS Transport (§8.6.2): the NAS-PDU goes to the UE. The first downlink message gives the
    /// connection its AMF UE NGAP ID. When the UE is leaving by handover the gNB does not deliver and sends
    /// NAS Non Delivery Indication (§8.6.4).
    mutating func downlinkNASTransport(_ m: DownlinkNASTransport, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, ranID: RANUENGAPID?, nas: NASPDU?
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .ranUENGAPID(let v): ranID = v
            case .nasPDU(let v): nas = v
            default: break
            }
        }
        guard let slot = ueContext(amfID: amfID, ranID: ranID, pdu, bytes: bytes, into: &actions) else { return }
        let c = contexts[slot]
        guard let nas else {
            missingIE(pdu, "NAS-PDU", bytes: bytes, ue: c.ue, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: c.amfID, ranID: Int64(c.ranID),
                                about: pdu, stream: c.stream, into: &actions)
            return
        }
        deliverOrRefuse(nas, slot: slot, into: &actions)
    }

    /// Delivers a NAS-PDU to the context's UE, or sends NAS Non Delivery Indication when the UE is not
    /// reachable through this gNB (§8.6.4).
    func deliverOrRefuse(_ nas: NASPDU, slot: Int, into actions: inout [GNBAction]) {
        let c = contexts[slot]
        let cause: CauseRadioNetwork
        switch c.state {
        case .handoverExecuting, .handoverTarget: cause = .ngIntraSystemHandoverTriggered
        case .xnSource: cause = .xnHandoverTriggered
        default:
            actions.append(.deliverNAS(ue: c.ue, nasPDU: nas.value.slice))
            return
        }
        let indication = NASNonDeliveryIndication(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)),
            .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .nasPDU(nas),
            .cause(.radioNetwork(cause)),
        ])
        send(.initiatingMessage(.nasNonDeliveryIndication(indication)), stream: c.stream, into: &actions)
    }

    static func cause(_ c: RRCSetup.Cause) -> RRCEstablishmentCause {
        switch c {
        case .emergency: .emergency
        case .highPriorityAccess: .highPriorityAccess
        case .mtAccess: .mtAccess
        case .moSignalling: .moSignalling
        case .moData: .moData
        case .moVoiceCall: .moVoiceCall
        case .moVideoCall: .moVideoCall
        case .moSMS: .moSMS
        case .mpsPriorityAccess: .mpsPriorityAccess
        case .mcsPriorityAccess: .mcsPriorityAccess
        case .notAvailable: .notAvailable
        case .moExceptionData: .moExceptionData
        }
    }

    /// TS 38.413 9.3.3.20: AMF Set ID (10 bits), AMF Pointer (6 bits), 5G-TMSI (4 octets).
    static func ngapTMSI(_ t: NAS5GS.FiveGSTMSI) -> NGAP.FiveGSTMSI {
        NGAP.FiveGSTMSI(
            amfSetID: AMFSetID(ASN1BitString(value: UInt64(t.amfSetID & 0x3FF), bitCount: 10)),
            amfPointer: AMFPointer(ASN1BitString(value: UInt64(t.amfPointer & 0x3F), bitCount: 6)),
            fiveGTMSI: FiveGTMSI(ASN1Bytes([
                UInt8(truncatingIfNeeded: t.tmsi >> 24), UInt8(truncatingIfNeeded: t.tmsi >> 16),
                UInt8(truncatingIfNeeded: t.tmsi >> 8), UInt8(truncatingIfNeeded: t.tmsi),
            ])))
    }

    /// The 48-bit key of an NGAP 5G-S-TMSI, nil when its fields have the wrong sizes.
    static func tmsiKey(_ t: NGAP.FiveGSTMSI) -> UInt64? {
        guard let set = t.amfSetID.value.uint64Value, t.amfSetID.value.bitCount == 10,
              let pointer = t.amfPointer.value.uint64Value, t.amfPointer.value.bitCount == 6,
              t.fiveGTMSI.value.count == 4 else { return nil }
        let b = t.fiveGTMSI.value
        return set << 38 | pointer << 32 | UInt64(b[0]) << 24 | UInt64(b[1]) << 16 | UInt64(b[2]) << 8 | UInt64(b[3])
    }
}
