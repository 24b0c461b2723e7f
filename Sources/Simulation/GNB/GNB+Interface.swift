import NGAP

/// Interface management (TS 38.413 §8.7): NG Setup, NG Reset, RAN and AMF Configuration Update, Error
/// Indication received.
extension GNB {
    // MARK: - NG Setup (§8.7.1)

    /// NG Setup Request (§8.7.1.2): Global RAN Node ID, RAN Node Name, Supported TA List, Default Paging DRX,
    /// the IEs and order real gNBs send (see the shared captures).
    func ngSetupRequest() -> NGAPPDU {
        var ies: [ProtocolIEField_NGSetupRequestIEs] = [.globalRANNodeID(identity.globalRANNodeID)]
        if let name = config.ranNodeName { ies.append(.ranNodeName(RANNodeName(name))) }
        ies.append(.supportedTAList(identity.supportedTAs))
        ies.append(.defaultPagingDRX(config.defaultPagingDRX))
        return .initiatingMessage(.ngSetup(NGSetupRequest(protocolIEs: ies)))
    }

    mutating func startNGSetup(attempt: Int, started: Duration, into actions: inout [GNBAction]) {
        interface = .settingUp(attempt: attempt, started: started)
        send(ngSetupRequest(), stream: 0, into: &actions)
        actions.append(.startTimer(.ngSetup, after: config.responseTimeout))
    }

    mutating func ngSetupTimerFired(now: Duration, into actions: inout [GNBAction]) {
        switch interface {
        case .waitingToRetry(let attempt, let started):
            startNGSetup(attempt: attempt + 1, started: started, into: &actions)
        case .settingUp(let attempt, let started):
            if attempt < config.ngSetupMaxAttempts {
                startNGSetup(attempt: attempt + 1, started: started, into: &actions)
            } else {
                interface = .failed
                report(.ngSetup, .failure("no NG Setup Response after \(attempt) attempts"), started: started, now: now, into: &actions)
            }
        default:
            break  // stale
        }
    }

    /// NG Setup Response (§8.7.1.2): the interface is ready; AMF Name, Served GUAMI List and PLMN Support
    /// List are kept (`amf`).
    mutating func ngSetupResponse(_ m: NGSetupResponse, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard case .settingUp(_, let started) = interface else {
            notCompatible(pdu, bytes: bytes, why: "no NG Setup Request is waiting for an answer", into: &actions)
            return
        }
        actions.append(.stopTimer(.ngSetup))
        let name = m.protocolIEs.first(\.amfName), guamis = m.protocolIEs.first(\.servedGUAMIList)
        let capacity = m.protocolIEs.first(\.relativeAMFCapacity), plmns = m.protocolIEs.first(\.plmnSupportList)
        guard let name, let guamis, let capacity, let plmns else {
            let missing = [name == nil ? "AMF Name" : nil, guamis == nil ? "Served GUAMI List" : nil,
                           capacity == nil ? "Relative AMF Capacity" : nil, plmns == nil ? "PLMN Support List" : nil]
            missingIE(pdu, missing.compactMap { $0 }.joined(separator: ", "), bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), about: pdu, into: &actions)
            interface = .failed
            report(.ngSetup, .failure("NG Setup Response without mandatory IEs"), started: started, now: now, into: &actions)
            return
        }
        amf = GNBAMFInfo(amfName: name.value, servedGUAMIs: guamis.value.map(\.guami), relativeCapacity: capacity.value, plmnSupport: plmns.value)
        interface = .ready
        report(.ngSetup, .success, started: started, now: now, into: &actions)
    }

    /// NG Setup Failure (§8.7.1.3): with Time to Wait the gNB tries again after it (at most
    /// `ngSetupMaxAttempts` attempts in all); without, NG Setup has failed.
    mutating func ngSetupFailure(_ m: NGSetupFailure, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard case .settingUp(let attempt, let started) = interface else {
            notCompatible(pdu, bytes: bytes, why: "no NG Setup Request is waiting for an answer", into: &actions)
            return
        }
        actions.append(.stopTimer(.ngSetup))
        let cause = m.protocolIEs.first(\.cause).map(Self.text) ?? "NG Setup Failure without Cause"
        if let wait = m.protocolIEs.first(\.timeToWait).flatMap(Self.duration), attempt < config.ngSetupMaxAttempts {
            interface = .waitingToRetry(attempt: attempt, started: started)
            actions.append(.startTimer(.ngSetup, after: wait))
            return
        }
        interface = .failed
        report(.ngSetup, .failure(cause), started: started, now: now, into: &actions)
    }

    /// TS 38.413 9.3.1.56 Time to Wait.
    static func duration(_ t: TimeToWait) -> Duration? {
        switch t {
        case .v1s: .seconds(1)
        case .v2s: .seconds(2)
        case .v5s: .seconds(5)
        case .v10s: .seconds(10)
        case .v20s: .seconds(20)
        case .v60s: .seconds(60)
        case .unknownExtension: nil
        }
    }

    // MARK: - NG Reset (§8.7.4)

    /// NG Reset from the AMF (§8.7.4.2.1): the indicated contexts are released (their UEs go to CM-IDLE) and
    /// NG Reset Acknowledge answers, listing the connections of a partial reset in the order received.
    mutating func ngResetReceived(_ m: NGReset, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else {
            notCompatible(pdu, bytes: bytes, why: "NG Setup has not completed", into: &actions)
            return
        }
        guard let type = m.protocolIEs.first(\.resetType) else {
            missingIE(pdu, "Reset Type", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), about: pdu, into: &actions)
            return
        }
        var ack: [ProtocolIEField_NGResetAcknowledgeIEs] = []
        switch type {
        case .ngInterface:
            releaseAll(into: &actions)
        case .partOfNGInterface(let list):
            for item in list.value {
                if let slot = resetSlot(item) {
                    let moving = contexts[slot].state == .handoverExecuting || contexts[slot].state == .xnSource
                    releaseLocally(slot, toIdle: !moving, into: &actions)
                }
            }
            ack.append(.ueAssociatedLogicalNGConnectionList(list))
        case .choiceExtensions:
            deviation("unknownResetType", "TS 38.413 9.3.1.x Reset Type", "Reset Type extension the gNB does not know", bytes: bytes, into: &actions)
        }
        send(.successfulOutcome(.ngReset(NGResetAcknowledge(protocolIEs: ack))), stream: 0, into: &actions)
        report(.ngReset, .success, started: now, now: now, into: &actions)
    }

    /// The context an item of a partial reset names: by RAN UE NGAP ID, else by AMF UE NGAP ID.
    func resetSlot(_ item: UEassociatedLogicalNGconnectionItem) -> Int? {
        if let ran = item.ranUENGAPID, let slot = slot(ranID: ran.value) { return slot }
        if let amfID = item.amfUENGAPID, let slot = slotByAMFID[amfID.value] { return Int(slot) }
        return nil
    }

    /// gNB-initiated NG Reset (§8.7.4.2.2): the gNB releases the contexts first (it lost them), then asks the
    /// AMF to do the same.
    mutating func startNGReset(cause: Cause, ues: [UEIndex]?, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else { actions.append(.refused(ue: nil, .notReady)); return }
        guard resetStarted == nil else { actions.append(.refused(ue: nil, .busy)); return }
        let type: ResetType
        if let ues {
            var items: [UEassociatedLogicalNGconnectionItem] = []
            for ue in ues {
                guard let slot = slotByUE[ue].map(Int.init) else { continue }
                let c = contexts[slot]
                items.append(UEassociatedLogicalNGconnectionItem(
                    amfUENGAPID: c.amfID >= 0 ? AMFUENGAPID(c.amfID) : nil, ranUENGAPID: RANUENGAPID(Int64(c.ranID))))
                releaseLocally(slot, toIdle: true, into: &actions)
            }
            guard !items.isEmpty else { actions.append(.refused(ue: nil, .noConnection)); return }
            type = .partOfNGInterface(UEassociatedLogicalNGconnectionList(items))
        } else {
            releaseAll(into: &actions)
            type = .ngInterface(.resetAll)
        }
        send(.initiatingMessage(.ngReset(NGReset(protocolIEs: [.cause(cause), .resetType(type)]))), stream: 0, into: &actions)
        resetStarted = now
        actions.append(.startTimer(.ngReset, after: config.responseTimeout))
    }

    mutating func ngResetAcknowledge(_ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let started = resetStarted else {
            notCompatible(pdu, bytes: bytes, why: "the gNB sent no NG Reset", into: &actions)
            return
        }
        resetStarted = nil
        actions.append(.stopTimer(.ngReset))
        report(.ngReset, .success, started: started, now: now, into: &actions)
    }

    mutating func ngResetTimerFired(now: Duration, into actions: inout [GNBAction]) {
        guard let started = resetStarted else { return }
        resetStarted = nil
        report(.ngReset, .failure("no NG Reset Acknowledge"), started: started, now: now, into: &actions)
    }

    // MARK: - RAN Configuration Update (§8.7.2)

    mutating func startRANConfigurationUpdate(attempt: Int, started: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else { actions.append(.refused(ue: nil, .notReady)); return }
        if attempt == 1, ranConfigUpdate != nil { actions.append(.refused(ue: nil, .busy)); return }
        var ies: [ProtocolIEField_RANConfigurationUpdateIEs] = []
        if let name = config.ranNodeName { ies.append(.ranNodeName(RANNodeName(name))) }
        ies.append(.supportedTAList(identity.supportedTAs))
        ies.append(.defaultPagingDRX(config.defaultPagingDRX))
        ies.append(.globalRANNodeID(identity.globalRANNodeID))
        send(.initiatingMessage(.ranConfigurationUpdate(RANConfigurationUpdate(protocolIEs: ies))), stream: 0, into: &actions)
        ranConfigUpdate = (started, attempt, false)
        actions.append(.startTimer(.ranConfigurationUpdate, after: config.responseTimeout))
    }

    /// Acknowledge (`failure` nil) or Failure (§8.7.2.3: with Time to Wait, try again after it).
    mutating func ranConfigurationUpdateOutcome(
        _ pdu: NGAPPDU, failure: RANConfigurationUpdateFailure? = nil, timeToWait: TimeToWait?, bytes: ArraySlice<UInt8>,
        now: Duration, into actions: inout [GNBAction]
    ) {
        guard let pending = ranConfigUpdate, !pending.retrying else {
            notCompatible(pdu, bytes: bytes, why: "no RAN Configuration Update is waiting for an answer", into: &actions)
            return
        }
        actions.append(.stopTimer(.ranConfigurationUpdate))
        guard let failure else {
            ranConfigUpdate = nil
            report(.ranConfigurationUpdate, .success, started: pending.started, now: now, into: &actions)
            return
        }
        if let wait = timeToWait.flatMap(Self.duration), pending.attempt < config.ngSetupMaxAttempts {
            ranConfigUpdate = (pending.started, pending.attempt, true)
            actions.append(.startTimer(.ranConfigurationUpdate, after: wait))
            return
        }
        ranConfigUpdate = nil
        let cause = failure.protocolIEs.first(\.cause).map(Self.text) ?? "RAN Configuration Update Failure without Cause"
        report(.ranConfigurationUpdate, .failure(cause), started: pending.started, now: now, into: &actions)
    }

    mutating func ranConfigurationUpdateTimerFired(now: Duration, into actions: inout [GNBAction]) {
        guard let pending = ranConfigUpdate else { return }
        if pending.retrying || pending.attempt < config.ngSetupMaxAttempts {
            startRANConfigurationUpdate(attempt: pending.attempt + 1, started: pending.started, into: &actions)
        } else {
            ranConfigUpdate = nil
            report(.ranConfigurationUpdate, .failure("no answer after \(pending.attempt) attempts"), started: pending.started, now: now, into: &actions)
        }
    }

    // MARK: - AMF Configuration Update (§8.7.3), Error Indication (§8.7.5)

    /// The gNB takes the new AMF Name, GUAMIs, capacity and PLMN support, and acknowledges (it sets up no
    /// further TNL associations, so the acknowledge lists none).
    mutating func amfConfigurationUpdate(_ m: AMFConfigurationUpdate, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        guard interface == .ready else {
            deviation("unexpectedMessage", "TS 38.413 §10.4", "AMF Configuration Update before NG Setup completed", bytes: bytes, into: &actions)
            let failure = AMFConfigurationUpdateFailure(protocolIEs: [
                .cause(.protocol_(.messageNotCompatibleWithReceiverState)),
            ])
            send(.unsuccessfulOutcome(.amfConfigurationUpdate(failure)), stream: 0, into: &actions)
            return
        }
        if let name = m.protocolIEs.first(\.amfName) { amf.amfName = name.value }
        if let guamis = m.protocolIEs.first(\.servedGUAMIList) { amf.servedGUAMIs = guamis.value.map(\.guami) }
        if let capacity = m.protocolIEs.first(\.relativeAMFCapacity) { amf.relativeCapacity = capacity.value }
        if let plmns = m.protocolIEs.first(\.plmnSupportList) { amf.plmnSupport = plmns.value }
        send(.successfulOutcome(.amfConfigurationUpdate(AMFConfigurationUpdateAcknowledge(protocolIEs: []))), stream: 0, into: &actions)
    }

    /// The AMF reports an error (§8.7.5): a deviation naming its cause and the UE when it names one of ours.
    func errorIndicationReceived(_ m: ErrorIndication, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        let cause = m.protocolIEs.first(\.cause).map(Self.text) ?? "no cause"
        var ue: UEIndex? = nil
        if let ran = m.protocolIEs.first(\.ranUENGAPID), let slot = slot(ranID: ran.value), contexts[slot].ue != Self.unbound {
            ue = contexts[slot].ue
        }
        deviation("errorIndicationReceived", "TS 38.413 §8.7.5", "the AMF sent Error Indication: \(cause)", bytes: bytes, ue: ue, into: &actions)
    }
}
