import ASN1PER
import NGAP

/// The AMF side of the gNB tests: NGAP messages built with the generated builders (not the CoreEmulator),
/// with the values a real AMF puts in them (Open5GS 2.7's choices where the specification leaves one).
enum ScriptedAMF {
    static let plmn = PLMNIdentity(ASN1Bytes([0x00, 0xF1, 0x10]))  // MCC 001, MNC 01
    static let slice = SNSSAI(sst: SST(ASN1Bytes([1])))
    static let upfAddress: [UInt8] = [127, 0, 0, 51]

    static func tai(_ tac: UInt32) -> TAI {
        TAI(plmnIdentity: plmn, tac: TAC(ASN1Bytes([UInt8(truncatingIfNeeded: tac >> 16), UInt8(truncatingIfNeeded: tac >> 8), UInt8(truncatingIfNeeded: tac)])))
    }

    static var guami: GUAMI {
        GUAMI(plmnIdentity: plmn, amfRegionID: AMFRegionID(ASN1BitString(value: 2, bitCount: 8)),
              amfSetID: AMFSetID(ASN1BitString(value: 1, bitCount: 10)), amfPointer: AMFPointer(ASN1BitString(value: 0, bitCount: 6)))
    }

    // MARK: - Interface management

    static func ngSetupResponse() -> NGAPPDU {
        .successfulOutcome(.ngSetup(NGSetupResponse(protocolIEs: [
            .amfName(AMFName("open5gs-amf0")),
            .servedGUAMIList(ServedGUAMIList([ServedGUAMIItem(guami: guami)])),
            .relativeAMFCapacity(RelativeAMFCapacity(255)),
            .plmnSupportList(PLMNSupportList([PLMNSupportItem(plmnIdentity: plmn, sliceSupportList: SliceSupportList([SliceSupportItem(sNSSAI: slice)]))])),
        ])))
    }

    static func ngSetupFailure(_ cause: Cause, timeToWait: TimeToWait?) -> NGAPPDU {
        var ies: [ProtocolIEField_NGSetupFailureIEs] = [.cause(cause)]
        if let timeToWait { ies.append(.timeToWait(timeToWait)) }
        return .unsuccessfulOutcome(.ngSetup(NGSetupFailure(protocolIEs: ies)))
    }

    static func ngResetAll() -> NGAPPDU {
        .initiatingMessage(.ngReset(NGReset(protocolIEs: [.cause(.misc(.omIntervention)), .resetType(.ngInterface(.resetAll))])))
    }

    static func ngResetPart(ranIDs: [Int64]) -> NGAPPDU {
        let items = ranIDs.map { UEassociatedLogicalNGconnectionItem(ranUENGAPID: RANUENGAPID($0)) }
        return .initiatingMessage(.ngReset(NGReset(protocolIEs: [
            .cause(.misc(.omIntervention)), .resetType(.partOfNGInterface(UEassociatedLogicalNGconnectionList(items))),
        ])))
    }

    static func ngResetAcknowledge() -> NGAPPDU { .successfulOutcome(.ngReset(NGResetAcknowledge(protocolIEs: []))) }

    static func ranConfigurationUpdateAcknowledge() -> NGAPPDU {
        .successfulOutcome(.ranConfigurationUpdate(RANConfigurationUpdateAcknowledge(protocolIEs: [])))
    }

    static func ranConfigurationUpdateFailure(timeToWait: TimeToWait?) -> NGAPPDU {
        var ies: [ProtocolIEField_RANConfigurationUpdateFailureIEs] = [.cause(.misc(.unspecified))]
        if let timeToWait { ies.append(.timeToWait(timeToWait)) }
        return .unsuccessfulOutcome(.ranConfigurationUpdate(RANConfigurationUpdateFailure(protocolIEs: ies)))
    }

    static func errorIndication(cause: Cause) -> NGAPPDU {
        .initiatingMessage(.errorIndication(ErrorIndication(protocolIEs: [.cause(cause)])))
    }

    // MARK: - NAS transport and UE context

    static func downlinkNAS(amf: Int64, ran: Int64, nas: [UInt8]) -> NGAPPDU {
        .initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NASPDU(ASN1Bytes(nas))),
        ])))
    }

    /// A session the AMF asks for: id, the UPF's uplink TEID and the QoS flows.
    struct Session {
        var id: UInt8
        var ulTEID: UInt32
        var qfis: [UInt8] = [1]
        var slice: SNSSAI = ScriptedAMF.slice
    }

    static func teid(_ v: UInt32) -> GTPTEID {
        GTPTEID(ASN1Bytes([UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]))
    }

    static func upTunnel(_ address: [UInt8], _ teid: UInt32) -> UPTransportLayerInformation {
        .gtpTunnel(GTPTunnel(
            transportLayerAddress: TransportLayerAddress(ASN1BitString(bytes: ASN1Bytes(address), bitCount: address.count * 8) ?? ASN1BitString()),
            gtpTEID: Self.teid(teid)))
    }

    static func qos(_ qfi: UInt8) -> QosFlowSetupRequestItem {
        QosFlowSetupRequestItem(
            qosFlowIdentifier: QosFlowIdentifier(Int64(qfi)),
            qosFlowLevelQosParameters: QosFlowLevelQosParameters(
                qosCharacteristics: .nonDynamic5QI(NonDynamic5QIDescriptor(fiveQI: FiveQI(9))),
                allocationAndRetentionPriority: AllocationAndRetentionPriority(
                    priorityLevelARP: PriorityLevelARP(8), preEmptionCapability: .shallNotTriggerPreEmption,
                    preEmptionVulnerability: .notPreEmptable)))
    }

    static func setupTransfer(_ s: Session) -> PDUSessionResourceSetupRequestTransfer {
        PDUSessionResourceSetupRequestTransfer(protocolIEs: [
            .pduSessionAggregateMaximumBitRate(PDUSessionAggregateMaximumBitRate(
                pduSessionAggregateMaximumBitRateDL: BitRate(1_000_000_000), pduSessionAggregateMaximumBitRateUL: BitRate(1_000_000_000))),
            .ulNGUUPTNLInformation(upTunnel(upfAddress, s.ulTEID)),
            .pduSessionType(.ipv4),
            .qosFlowSetupRequestList(QosFlowSetupRequestList(s.qfis.map(qos))),
        ])
    }

    static var securityCapabilities: UESecurityCapabilities {
        UESecurityCapabilities(
            nrencryptionAlgorithms: NRencryptionAlgorithms(ASN1BitString(value: 0xE000, bitCount: 16)),
            nrintegrityProtectionAlgorithms: NRintegrityProtectionAlgorithms(ASN1BitString(value: 0xE000, bitCount: 16)),
            eutrAencryptionAlgorithms: EUTRAencryptionAlgorithms(ASN1BitString(value: 0, bitCount: 16)),
            eutrAintegrityProtectionAlgorithms: EUTRAintegrityProtectionAlgorithms(ASN1BitString(value: 0, bitCount: 16)))
    }

    static func initialContextSetup(amf: Int64, ran: Int64, sessions: [Session] = [], nas: [UInt8]? = nil, radioCapability: Bool = false) -> NGAPPDU {
        var ies: [ProtocolIEField_InitialContextSetupRequestIEs] = [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .ueAggregateMaximumBitRate(UEAggregateMaximumBitRate(ueAggregateMaximumBitRateDL: BitRate(1_000_000_000), ueAggregateMaximumBitRateUL: BitRate(1_000_000_000))),
            .guami(guami),
        ]
        if !sessions.isEmpty {
            ies.append(.pduSessionResourceSetupListCxtReq(PDUSessionResourceSetupListCxtReq(sessions.map {
                PDUSessionResourceSetupItemCxtReq(pduSessionID: PDUSessionID(Int64($0.id)), sNSSAI: $0.slice, pduSessionResourceSetupRequestTransfer: .value(setupTransfer($0)))
            })))
        }
        ies.append(.allowedNSSAI(AllowedNSSAI([AllowedNSSAIItem(sNSSAI: slice)])))
        ies.append(.ueSecurityCapabilities(securityCapabilities))
        ies.append(.securityKey(SecurityKey(ASN1BitString(bytes: ASN1Bytes([UInt8](repeating: 0x5A, count: 32)), bitCount: 256) ?? ASN1BitString())))
        if radioCapability { ies.append(.ueRadioCapability(UERadioCapability(ASN1Bytes([0x01, 0x02, 0x03])))) }
        if let nas { ies.append(.nasPDU(NASPDU(ASN1Bytes(nas)))) }
        return .initiatingMessage(.initialContextSetup(InitialContextSetupRequest(protocolIEs: ies)))
    }

    static func ueContextReleaseCommand(amf: Int64, ran: Int64, cause: Cause = .nas(.normalRelease)) -> NGAPPDU {
        .initiatingMessage(.ueContextRelease(UEContextReleaseCommand(protocolIEs: [
            .ueNGAPIDs(.ueNGAPIDPair(UENGAPIDpair(amfUENGAPID: AMFUENGAPID(amf), ranUENGAPID: RANUENGAPID(ran)))),
            .cause(cause),
        ])))
    }

    // MARK: - PDU sessions

    static func pduSessionSetup(amf: Int64, ran: Int64, sessions: [Session], nas: [UInt8]? = nil) -> NGAPPDU {
        .initiatingMessage(.pduSessionResourceSetup(PDUSessionResourceSetupRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceSetupListSUReq(PDUSessionResourceSetupListSUReq(sessions.map {
                PDUSessionResourceSetupItemSUReq(
                    pduSessionID: PDUSessionID(Int64($0.id)), pduSessionNASPDU: nas.map { NASPDU(ASN1Bytes($0)) }, sNSSAI: $0.slice,
                    pduSessionResourceSetupRequestTransfer: .value(setupTransfer($0)))
            })),
        ])))
    }

    /// Adds QoS flow `addQFI` and moves the uplink endpoint to `newULTEID` (when given).
    static func pduSessionModify(amf: Int64, ran: Int64, id: UInt8, addQFI: UInt8, newULTEID: UInt32?) -> NGAPPDU {
        var ies: [ProtocolIEField_PDUSessionResourceModifyRequestTransferIEs] = []
        if let newULTEID {
            ies.append(.ulNGUUPTNLModifyList(ULNGUUPTNLModifyList([ULNGUUPTNLModifyItem(
                ulNGUUPTNLInformation: upTunnel(upfAddress, newULTEID), dlNGUUPTNLInformation: upTunnel([127, 0, 0, 1], 0))])))
        }
        ies.append(.qosFlowAddOrModifyRequestList(QosFlowAddOrModifyRequestList([QosFlowAddOrModifyRequestItem(
            qosFlowIdentifier: QosFlowIdentifier(Int64(addQFI)), qosFlowLevelQosParameters: qos(addQFI).qosFlowLevelQosParameters)])))
        return .initiatingMessage(.pduSessionResourceModify(PDUSessionResourceModifyRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceModifyListModReq(PDUSessionResourceModifyListModReq([PDUSessionResourceModifyItemModReq(
                pduSessionID: PDUSessionID(Int64(id)),
                pduSessionResourceModifyRequestTransfer: .value(PDUSessionResourceModifyRequestTransfer(protocolIEs: ies)))])),
        ])))
    }

    static func pduSessionRelease(amf: Int64, ran: Int64, ids: [UInt8], nas: [UInt8]? = nil) -> NGAPPDU {
        var ies: [ProtocolIEField_PDUSessionResourceReleaseCommandIEs] = [.amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran))]
        if let nas { ies.append(.nasPDU(NASPDU(ASN1Bytes(nas)))) }
        ies.append(.pduSessionResourceToReleaseListRelCmd(PDUSessionResourceToReleaseListRelCmd(ids.map {
            PDUSessionResourceToReleaseItemRelCmd(
                pduSessionID: PDUSessionID(Int64($0)),
                pduSessionResourceReleaseCommandTransfer: .value(PDUSessionResourceReleaseCommandTransfer(cause: .nas(.normalRelease))))
        })))
        return .initiatingMessage(.pduSessionResourceRelease(PDUSessionResourceReleaseCommand(protocolIEs: ies)))
    }

    // MARK: - Paging and mobility

    /// Paging by 5G-S-TMSI (AMF Set ID 1, AMF Pointer 0) in the TAs given.
    static func paging(tmsi: UInt32, tacs: [UInt32]) -> NGAPPDU {
        let id = FiveGSTMSI(
            amfSetID: AMFSetID(ASN1BitString(value: 1, bitCount: 10)), amfPointer: AMFPointer(ASN1BitString(value: 0, bitCount: 6)),
            fiveGTMSI: FiveGTMSI(ASN1Bytes([UInt8(truncatingIfNeeded: tmsi >> 24), UInt8(truncatingIfNeeded: tmsi >> 16), UInt8(truncatingIfNeeded: tmsi >> 8), UInt8(truncatingIfNeeded: tmsi)])))
        return .initiatingMessage(.paging(Paging(protocolIEs: [
            .uePagingIdentity(.fiveGSTMSI(id)),
            .taiListForPaging(TAIListForPaging(tacs.map { TAIListForPagingItem(tai: tai($0)) })),
        ])))
    }

    static func handoverRequest(amf: Int64, sessions: [Session], container: [UInt8]) -> NGAPPDU {
        .initiatingMessage(.handoverResourceAllocation(HandoverRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)),
            .handoverType(.intra5gs),
            .cause(.radioNetwork(.handoverDesirableForRadioReason)),
            .ueAggregateMaximumBitRate(UEAggregateMaximumBitRate(ueAggregateMaximumBitRateDL: BitRate(1_000_000_000), ueAggregateMaximumBitRateUL: BitRate(1_000_000_000))),
            .ueSecurityCapabilities(securityCapabilities),
            .securityContext(SecurityContext(
                nextHopChainingCount: NextHopChainingCount(1),
                nextHopNH: SecurityKey(ASN1BitString(bytes: ASN1Bytes([UInt8](repeating: 0x11, count: 32)), bitCount: 256) ?? ASN1BitString()))),
            .pduSessionResourceSetupListHOReq(PDUSessionResourceSetupListHOReq(sessions.map {
                PDUSessionResourceSetupItemHOReq(pduSessionID: PDUSessionID(Int64($0.id)), sNSSAI: $0.slice, handoverRequestTransfer: .value(setupTransfer($0)))
            })),
            .allowedNSSAI(AllowedNSSAI([AllowedNSSAIItem(sNSSAI: slice)])),
            .sourceToTargetTransparentContainer(SourceToTargetTransparentContainer(ASN1Bytes(container))),
            .guami(guami),
        ])))
    }

    static func handoverCommand(amf: Int64, ran: Int64, sessionIDs: [UInt8], container: [UInt8]) -> NGAPPDU {
        .successfulOutcome(.handoverPreparation(HandoverCommand(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .handoverType(.intra5gs),
            .pduSessionResourceHandoverList(PDUSessionResourceHandoverList(sessionIDs.map {
                PDUSessionResourceHandoverItem(pduSessionID: PDUSessionID(Int64($0)), handoverCommandTransfer: .value(HandoverCommandTransfer()))
            })),
            .targetToSourceTransparentContainer(TargetToSourceTransparentContainer(ASN1Bytes(container))),
        ])))
    }

    static func handoverPreparationFailure(amf: Int64, ran: Int64) -> NGAPPDU {
        .unsuccessfulOutcome(.handoverPreparation(HandoverPreparationFailure(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .cause(.radioNetwork(.noRadioResourcesAvailableInTargetCell)),
        ])))
    }

    static func pathSwitchAcknowledge(amf: Int64, ran: Int64, sessions: [Session]) -> NGAPPDU {
        .successfulOutcome(.pathSwitchRequest(PathSwitchRequestAcknowledge(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .securityContext(SecurityContext(
                nextHopChainingCount: NextHopChainingCount(2),
                nextHopNH: SecurityKey(ASN1BitString(bytes: ASN1Bytes([UInt8](repeating: 0x22, count: 32)), bitCount: 256) ?? ASN1BitString()))),
            .pduSessionResourceSwitchedList(PDUSessionResourceSwitchedList(sessions.map {
                PDUSessionResourceSwitchedItem(
                    pduSessionID: PDUSessionID(Int64($0.id)),
                    pathSwitchRequestAcknowledgeTransfer: .value(PathSwitchRequestAcknowledgeTransfer(ulNGUUPTNLInformation: upTunnel(upfAddress, $0.ulTEID))))
            })),
            .allowedNSSAI(AllowedNSSAI([AllowedNSSAIItem(sNSSAI: slice)])),
        ])))
    }

    static func pathSwitchFailure(amf: Int64, ran: Int64, sessionIDs: [UInt8]) -> NGAPPDU {
        .unsuccessfulOutcome(.pathSwitchRequest(PathSwitchRequestFailure(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceReleasedListPSFail(PDUSessionResourceReleasedListPSFail(sessionIDs.map {
                PDUSessionResourceReleasedItemPSFail(
                    pduSessionID: PDUSessionID(Int64($0)),
                    pathSwitchRequestUnsuccessfulTransfer: .value(PathSwitchRequestUnsuccessfulTransfer(cause: .radioNetwork(.unspecified))))
            })),
        ])))
    }
}
