import ASN1PER
import CoreEmulator
import NAS5GS
import NGAP

/// A gNB written from TS 38.413 and the NGAP codec alone: it builds the uplink NGAP of the flows under test.
struct ScriptedGNB {
    let plmn: NGAP.PLMNIdentity
    var tac: UInt32 = 1
    var nextRANUENGAPID: Int64 = 1

    init(mcc: String = "001", mnc: String = "01") {
        let p = NAS5GS.PLMNIdentity(mcc: mcc, mnc: mnc)
        plmn = NGAP.PLMNIdentity(ASN1Bytes([p.octet1, p.octet2, p.octet3]))
    }

    var tacValue: TAC { TAC(ASN1Bytes([UInt8(truncatingIfNeeded: tac >> 16), UInt8(truncatingIfNeeded: tac >> 8), UInt8(truncatingIfNeeded: tac)])) }

    func ngSetupRequest(sst: UInt8 = 1) -> NGAPPDU {
        let ta = SupportedTAItem(tac: tacValue, broadcastPLMNList: BroadcastPLMNList([
            BroadcastPLMNItem(plmnIdentity: plmn, taiSliceSupportList: SliceSupportList([SliceSupportItem(sNSSAI: SNSSAI(sst: SST(ASN1Bytes([sst]))))])),
        ]))
        return .initiatingMessage(.ngSetup(NGSetupRequest(protocolIEs: [
            .globalRANNodeID(.globalGNBID(GlobalGNBID(plmnIdentity: plmn, gnbID: .gnbID(ASN1BitString(value: 1, bitCount: 22))))),
            .ranNodeName(RANNodeName("scripted-gnb")),
            .supportedTAList(SupportedTAList([ta])),
            .defaultPagingDRX(.v128),
        ])))
    }

    var location: UserLocationInformation {
        .userLocationInformationNR(UserLocationInformationNR(
            nrCGI: NRCGI(plmnIdentity: plmn, nrCellIdentity: NRCellIdentity(ASN1BitString(value: 0x10, bitCount: 36))),
            tai: TAI(plmnIdentity: plmn, tac: tacValue)))
    }

    mutating func initialUEMessage(_ nas: [UInt8]) -> (NGAPPDU, Int64) {
        let id = nextRANUENGAPID
        nextRANUENGAPID += 1
        return (.initiatingMessage(.initialUEMessage(InitialUEMessage(protocolIEs: [
            .ranUENGAPID(RANUENGAPID(id)), .nasPDU(NASPDU(ASN1Bytes(nas))), .userLocationInformation(location),
            .rrcEstablishmentCause(.moSignalling), .ueContextRequest(.requested),
        ]))), id)
    }

    func uplinkNAS(_ nas: [UInt8], amf: Int64, ran: Int64) -> NGAPPDU {
        .initiatingMessage(.uplinkNASTransport(UplinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NASPDU(ASN1Bytes(nas))), .userLocationInformation(location),
        ])))
    }

    func initialContextSetupResponse(amf: Int64, ran: Int64) -> NGAPPDU {
        .successfulOutcome(.initialContextSetup(InitialContextSetupResponse(protocolIEs: [.amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran))])))
    }

    func pduSessionResourceSetupResponse(amf: Int64, ran: Int64, psi: Int64, teid: UInt32) -> NGAPPDU {
        let tunnel = UPTransportLayerInformation.gtpTunnel(GTPTunnel(
            transportLayerAddress: TransportLayerAddress(ASN1BitString(value: 0x7F00_0002, bitCount: 32)),
            gtpTEID: GTPTEID(ASN1Bytes([UInt8(truncatingIfNeeded: teid >> 24), UInt8(truncatingIfNeeded: teid >> 16),
                                        UInt8(truncatingIfNeeded: teid >> 8), UInt8(truncatingIfNeeded: teid)]))))
        let transfer = PDUSessionResourceSetupResponseTransfer(dlQosFlowPerTNLInformation: QosFlowPerTNLInformation(
            upTransportLayerInformation: tunnel, associatedQosFlowList: AssociatedQosFlowList([AssociatedQosFlowItem(qosFlowIdentifier: QosFlowIdentifier(1))])))
        return .successfulOutcome(.pduSessionResourceSetup(PDUSessionResourceSetupResponse(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceSetupListSURes(PDUSessionResourceSetupListSURes([
                PDUSessionResourceSetupItemSURes(pduSessionID: PDUSessionID(psi), pduSessionResourceSetupResponseTransfer: .value(transfer)),
            ])),
        ])))
    }

    func ueContextReleaseRequest(amf: Int64, ran: Int64) -> NGAPPDU {
        .initiatingMessage(.ueContextReleaseRequest(UEContextReleaseRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .cause(.radioNetwork(.userInactivity)),
        ])))
    }

    func initialContextSetupResponse(amf: Int64, ran: Int64, psi: Int64, teid: UInt32) -> NGAPPDU {
        let tunnel = UPTransportLayerInformation.gtpTunnel(GTPTunnel(
            transportLayerAddress: TransportLayerAddress(ASN1BitString(value: 0x7F00_0002, bitCount: 32)),
            gtpTEID: GTPTEID(ASN1Bytes([UInt8(truncatingIfNeeded: teid >> 24), UInt8(truncatingIfNeeded: teid >> 16),
                                        UInt8(truncatingIfNeeded: teid >> 8), UInt8(truncatingIfNeeded: teid)]))))
        let transfer = PDUSessionResourceSetupResponseTransfer(dlQosFlowPerTNLInformation: QosFlowPerTNLInformation(
            upTransportLayerInformation: tunnel, associatedQosFlowList: AssociatedQosFlowList([AssociatedQosFlowItem(qosFlowIdentifier: QosFlowIdentifier(1))])))
        return .successfulOutcome(.initialContextSetup(InitialContextSetupResponse(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceSetupListCxtRes(PDUSessionResourceSetupListCxtRes([
                PDUSessionResourceSetupItemCxtRes(pduSessionID: PDUSessionID(psi), pduSessionResourceSetupResponseTransfer: .value(transfer)),
            ])),
        ])))
    }

    func pduSessionResourceReleaseResponse(amf: Int64, ran: Int64, psi: Int64) -> NGAPPDU {
        .successfulOutcome(.pduSessionResourceRelease(PDUSessionResourceReleaseResponse(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceReleasedListRelRes(PDUSessionResourceReleasedListRelRes([
                PDUSessionResourceReleasedItemRelRes(pduSessionID: PDUSessionID(psi),
                                                     pduSessionResourceReleaseResponseTransfer: .value(PDUSessionResourceReleaseResponseTransfer())),
            ])),
        ])))
    }

    func ueContextReleaseComplete(amf: Int64, ran: Int64) -> NGAPPDU {
        .successfulOutcome(.ueContextRelease(UEContextReleaseComplete(protocolIEs: [.amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran))])))
    }
}

/// What the tests read out of the core's NGAP.
enum Downlink {
    /// The NAS-PDU and AMF UE NGAP ID of a DownlinkNASTransport or InitialContextSetupRequest.
    static func nas(_ pdu: NGAPPDU) -> (nas: [UInt8], amf: Int64)? {
        guard case .initiatingMessage(let m) = pdu else { return nil }
        switch m.value {
        case .downlinkNASTransport(let d):
            guard let n = d.protocolIEs.first(\.nasPDU), let a = d.protocolIEs.first(\.amfUENGAPID) else { return nil }
            return (n.value.array, a.value)
        case .initialContextSetup(let r):
            guard let n = r.protocolIEs.first(\.nasPDU), let a = r.protocolIEs.first(\.amfUENGAPID) else { return nil }
            return (n.value.array, a.value)
        case .pduSessionResourceRelease(let r):
            guard let n = r.protocolIEs.first(\.nasPDU), let a = r.protocolIEs.first(\.amfUENGAPID) else { return nil }
            return (n.value.array, a.value)
        case .pduSessionResourceSetup(let r):
            guard let item = r.protocolIEs.first(\.pduSessionResourceSetupListSUReq)?.value.first, let n = item.pduSessionNASPDU,
                  let a = r.protocolIEs.first(\.amfUENGAPID) else { return nil }
            return (n.value.array, a.value)
        default: return nil
        }
    }
}
