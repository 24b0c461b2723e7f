import ASN1PER
import NAS5GS
import NGAP

extension CoreEmulator {
    /// NG Setup (TS 38.413 §8.7.1): accepted when the gNB broadcasts the AMF's PLMN in one of the AMF's tracking
    /// areas; else NG Setup Failure, cause misc unknown-PLMN-or-SNPN (§9.3.1.2).
    mutating func handleNGSetup(_ m: NGSetupRequest, from a: AssociationID, stream: UInt16) {
        if gnbs[a]?.setUp == true {
            // §8.7.1.2: a second NG Setup on the association restarts the NG interface instance: UE-associated
            // connections on it are gone, as after an NG Reset.
            for slot in ues.allInUse where ues[slot].connection?.association == a { connectionLost(slot) }
        }
        let tas = m.protocolIEs.first(\.supportedTAList)?.value ?? []
        let served = servedTACs(tas)
        guard !served.isEmpty else {
            let plmns = tas.flatMap { $0.broadcastPLMNList.value.map { NGAPValues.plmn($0.plmnIdentity).map(\.description) ?? "?" } }
            let tacs = tas.compactMap { NGAPValues.tac($0.tac) }
            deviation("unservedPLMNOrTAC", "TS 38.413 §8.7.1.4",
                      "NG Setup from a gNB broadcasting PLMNs \(plmns) in TACs \(tacs); the AMF serves \(configuration.plmn) in TACs \(configuration.amf.tacs)",
                      association: a)
            send(.unsuccessfulOutcome(.ngSetup(NGSetupFailure(protocolIEs: [.cause(.misc(.unknownPLMNOrSNPN))]))), to: a, stream: stream)
            notice(.ngSetup(a, accepted: false))
            return
        }
        gnbs[a]?.setUp = true
        gnbs[a]?.tacs = served
        gnbs[a]?.name = m.protocolIEs.first(\.ranNodeName)?.value
        if let drx = m.protocolIEs.first(\.defaultPagingDRX) { gnbs[a]?.pagingDRX = drx }
        if let id = m.protocolIEs.first(\.globalRANNodeID) {
            gnbs[a]?.globalID = id
            gnbByGlobalID[id] = a
        }
        let response = NGSetupResponse(protocolIEs: [
            .amfName(AMFName(configuration.amf.name)),
            .servedGUAMIList(ServedGUAMIList([ServedGUAMIItem(guami: NGAPValues.guami(plmn: plmn, amf: configuration.amf))])),
            .relativeAMFCapacity(RelativeAMFCapacity(Int64(configuration.amf.relativeCapacity))),
            .plmnSupportList(plmnSupportList()),
        ])
        send(.successfulOutcome(.ngSetup(response)), to: a, stream: stream)
        notice(.ngSetup(a, accepted: true))
    }

    func plmnSupportList() -> PLMNSupportList {
        PLMNSupportList([PLMNSupportItem(plmnIdentity: NGAPValues.plmn(plmn),
                                         sliceSupportList: SliceSupportList(configuration.amf.slices.map { SliceSupportItem(sNSSAI: NGAPValues.snssai($0)) }))])
    }

    /// The AMF's TACs among the tracking areas that broadcast its PLMN.
    func servedTACs(_ tas: [SupportedTAItem]) -> [UInt32] {
        let ours = NGAPValues.plmn(plmn)
        var result: [UInt32] = []
        for ta in tas where ta.broadcastPLMNList.value.contains(where: { $0.plmnIdentity == ours }) {
            if let tac = NGAPValues.tac(ta.tac), configuration.amf.tacs.contains(tac), !result.contains(tac) { result.append(tac) }
        }
        return result
    }

    /// RAN Configuration Update (TS 38.413 §8.7.2): new supported TAs, name, paging DRX.
    mutating func handleRANConfigurationUpdate(_ m: RANConfigurationUpdate, from a: AssociationID, stream: UInt16) {
        if let tas = m.protocolIEs.first(\.supportedTAList) {
            let served = servedTACs(tas.value)
            guard !served.isEmpty else {
                deviation("unservedPLMNOrTAC", "TS 38.413 §8.7.2.3", "RAN Configuration Update to tracking areas the AMF does not serve", association: a)
                send(.unsuccessfulOutcome(.ranConfigurationUpdate(RANConfigurationUpdateFailure(protocolIEs: [.cause(.misc(.unknownPLMNOrSNPN))]))),
                     to: a, stream: stream)
                return
            }
            gnbs[a]?.tacs = served
        }
        if let name = m.protocolIEs.first(\.ranNodeName) { gnbs[a]?.name = name.value }
        if let drx = m.protocolIEs.first(\.defaultPagingDRX) { gnbs[a]?.pagingDRX = drx }
        if let id = m.protocolIEs.first(\.globalRANNodeID) {
            if let old = gnbs[a]?.globalID, gnbByGlobalID[old] == a { gnbByGlobalID[old] = nil }
            gnbs[a]?.globalID = id
            gnbByGlobalID[id] = a
        }
        send(.successfulOutcome(.ranConfigurationUpdate(RANConfigurationUpdateAcknowledge(protocolIEs: []))), to: a, stream: stream)
    }

    /// AMF Configuration Update (TS 38.413 §8.7.3) to every set-up gNB.
    mutating func sendAMFConfigurationUpdate() {
        for a in gnbs.keys.sorted() where gnbs[a]?.setUp == true {
            let m = AMFConfigurationUpdate(protocolIEs: [
                .amfName(AMFName(configuration.amf.name)),
                .servedGUAMIList(ServedGUAMIList([ServedGUAMIItem(guami: NGAPValues.guami(plmn: plmn, amf: configuration.amf))])),
                .relativeAMFCapacity(RelativeAMFCapacity(Int64(configuration.amf.relativeCapacity))),
                .plmnSupportList(plmnSupportList()),
            ])
            send(.initiatingMessage(.amfConfigurationUpdate(m)), to: a, stream: 0)
        }
    }

    /// NG Reset from a gNB (TS 38.413 §8.7.4.2.2): the UE-associated connections named (or all) end; the UEs stay
    /// registered in CM-IDLE. Acknowledged with the connections as named.
    mutating func handleNGReset(_ m: NGReset, from a: AssociationID, stream: UInt16) {
        guard let type = m.protocolIEs.first(\.resetType) else { return }
        var ack: [ProtocolIEField_NGResetAcknowledgeIEs] = []
        switch type {
        case .ngInterface:
            for slot in ues.allInUse where ues[slot].connection?.association == a { connectionLost(slot) }
        case .partOfNGInterface(let list):
            for item in list.value {
                var slot: Int?
                if let id = item.amfUENGAPID, id.value >= 0 { slot = ues.byAMFUENGAPID[UInt64(id.value)] }
                if slot == nil, let id = item.ranUENGAPID, id.value >= 0 {
                    slot = ues.byRANUENGAPID[UEStore.RANKey(association: a, ranUENGAPID: UInt64(id.value))]
                }
                if let slot, ues[slot].connection?.association == a { connectionLost(slot) }
            }
            ack.append(.ueAssociatedLogicalNGConnectionList(list))
        case .choiceExtensions:
            break
        }
        send(.successfulOutcome(.ngReset(NGResetAcknowledge(protocolIEs: ack))), to: a, stream: stream)
    }

    /// AMF-initiated NG Reset of the whole interface (TS 38.413 §8.7.4.2.1).
    mutating func sendNGReset(_ a: AssociationID) {
        guard gnbs[a]?.setUp == true else { return }
        for slot in ues.allInUse where ues[slot].connection?.association == a { connectionLost(slot) }
        send(.initiatingMessage(.ngReset(NGReset(protocolIEs: [.cause(.misc(.omIntervention)), .resetType(.ngInterface(.resetAll))]))),
             to: a, stream: 0)
    }
}
