import ASN1PER
import FiveGSecurity
import NAS5GS
import NGAP

extension CoreEmulator {
    /// UE Context Release Command (TS 38.413 §8.3.3): the AMF ends the UE's N2 connection; the UE goes to CM-IDLE
    /// once the gNB answers with UE Context Release Complete. The user plane of its sessions goes idle.
    mutating func releaseConnection(_ slot: Int, cause: Cause) {
        guard var conn = ues[slot].connection, !conn.releasing else { return }
        conn.releasing = true
        ues[slot].connection = conn
        deactivateUserPlane(slot)
        let command = UEContextReleaseCommand(protocolIEs: [
            .ueNGAPIDs(.ueNGAPIDPair(UENGAPIDpair(amfUENGAPID: AMFUENGAPID(Int64(conn.amfUENGAPID)),
                                                  ranUENGAPID: RANUENGAPID(Int64(conn.ranUENGAPID))))),
            .cause(cause),
        ])
        send(.initiatingMessage(.ueContextRelease(command)), to: conn.association, stream: conn.stream)
    }

    /// The N2 connection is gone without a release exchange (association lost, NG Reset, a new Initial UE Message):
    /// the UE is in CM-IDLE; a procedure in progress ends; a UE that never registered is forgotten.
    mutating func connectionLost(_ slot: Int) {
        deactivateUserPlane(slot)
        detachConnection(slot)
        endConnectionState(slot)
    }

    /// After the connection ended: stop the MM timers, drop what only lived in the connection.
    mutating func endConnectionState(_ slot: Int) {
        for kind in [CoreTimerKind.t3550, .t3560, .t3570, .t3522, .t3555] where ues[slot].procedure != .none {
            stopTimer(kind, slot: slot)
        }
        ues[slot].procedure = .none
        ues[slot].authentication = nil
        ues[slot].newSecurity = nil
        ues[slot].registration = nil
        ues[slot].retransmitMessage = []
        if !ues[slot].registered {
            notice(.ueContextReleased(supi: ues[slot].supi))
            ues.release(slot)
        } else {
            notice(.ueContextReleased(supi: ues[slot].supi))
        }
    }

    /// Marks every active session's user plane idle (the UPF buffers or drops downlink and reports it).
    mutating func deactivateUserPlane(_ slot: Int) {
        for i in ues[slot].sessions.indices where ues[slot].sessions[i].upActive {
            ues[slot].sessions[i].upActive = false
            emit(.userPlane(.markIdle(ues[slot].sessions[i].key, buffer: configuration.sessions.bufferWhileIdle)))
        }
    }

    /// UE Context Release Request from the gNB (TS 38.413 §8.3.2): answered with a UE Context Release Command.
    mutating func handleUEContextReleaseRequest(_ m: UEContextReleaseRequest, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "UEContextReleaseRequest", bytes: bytes) else { return }
        releaseConnection(slot, cause: m.protocolIEs.first(\.cause) ?? .radioNetwork(.unspecified))
    }

    /// UE Context Release Complete (TS 38.413 §8.3.3.2): the connection is gone.
    mutating func handleUEContextReleaseComplete(_ m: UEContextReleaseComplete, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "UEContextReleaseComplete", bytes: bytes) else { return }
        if ues[slot].connection?.releasing != true {
            deviation("unexpectedMessage", "TS 38.413 §8.3.3", "UE Context Release Complete without a UE Context Release Command",
                      association: a, slot: slot, bytes: bytes)
        }
        detachConnection(slot)
        endConnectionState(slot)
    }

    /// Initial Context Setup Request (TS 38.413 §8.3.1): the AS security key, the UE's capabilities, the PDU
    /// sessions to (re)activate and the NAS message that rides along (Registration Accept or Service Accept).
    mutating func sendInitialContextSetup(_ slot: Int, nasPDU: [UInt8], sessions: [Int], nasType: NASMessageType) {
        guard var conn = ues[slot].connection, !conn.releasing, let sec = ues[slot].security, let sub = ues[slot].subscriber else { return }
        let kgnb: [UInt8]
        do {
            kgnb = try KeyHierarchy.kgnb(kamf: sec.kamf, uplinkNASCount: sec.kgnbUplinkCount)
        } catch {
            deviation("internalKeyError", "TS 33.501 A.9", "\(error)", slot: slot)
            return
        }
        ues[slot].security?.kgnb = kgnb
        var ies: [ProtocolIEField_InitialContextSetupRequestIEs] = [
            .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
            .guami(NGAPValues.guami(plmn: plmn, amf: configuration.amf)),
        ]
        var items: [PDUSessionResourceSetupItemCxtReq] = []
        for i in sessions {
            let s = ues[slot].sessions[i]
            items.append(PDUSessionResourceSetupItemCxtReq(pduSessionID: PDUSessionID(Int64(s.id)), sNSSAI: NGAPValues.snssai(s.sNSSAI),
                                                           pduSessionResourceSetupRequestTransfer: .value(setupTransfer(s))))
        }
        if !items.isEmpty {
            ies.append(.ueAggregateMaximumBitRate(UEAggregateMaximumBitRate(ueAggregateMaximumBitRateDL: NGAPValues.bitRate(4_000_000_000),
                                                                            ueAggregateMaximumBitRateUL: NGAPValues.bitRate(4_000_000_000))))
            ies.append(.pduSessionResourceSetupListCxtReq(PDUSessionResourceSetupListCxtReq(items)))
        }
        ies.append(.allowedNSSAI(AllowedNSSAI(allowedSlices(sub).map { AllowedNSSAIItem(sNSSAI: NGAPValues.snssai($0)) })))
        ies.append(.ueSecurityCapabilities(NGAPValues.securityCapabilities(sec.ueCapability)))
        ies.append(.securityKey(NGAPValues.securityKey(kgnb)))
        ies.append(.nasPDU(NGAP.NASPDU(ASN1Bytes(nasPDU))))
        conn.contextSetupPending = true
        ues[slot].connection = conn
        send(.initiatingMessage(.initialContextSetup(InitialContextSetupRequest(protocolIEs: ies))), to: conn.association, stream: conn.stream,
             nas: nasType)
    }

    /// Initial Context Setup Response (TS 38.413 §8.3.1.2): the AS context is up; the sessions set up get their
    /// downlink tunnels.
    mutating func handleInitialContextSetupResponse(_ m: InitialContextSetupResponse, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "InitialContextSetupResponse", bytes: bytes) else { return }
        ues[slot].connection?.contextSetUp = true
        ues[slot].connection?.contextSetupPending = false
        for item in m.protocolIEs.first(\.pduSessionResourceSetupListCxtRes)?.value ?? [] {
            guard case .value(let transfer) = item.pduSessionResourceSetupResponseTransfer else {
                deviation("undecodableTransfer", "TS 38.413 §9.3.4.2", "PDU Session Resource Setup Response Transfer does not decode",
                          association: a, slot: slot, bytes: bytes)
                continue
            }
            sessionUserPlaneUp(slot, psi: UInt8(truncatingIfNeeded: item.pduSessionID.value), transfer: transfer, bytes: bytes)
        }
        for item in m.protocolIEs.first(\.pduSessionResourceFailedToSetupListCxtRes)?.value ?? [] {
            deviation("pduSessionSetupFailed", "TS 38.413 §8.3.1.2", "the gNB could not set up PDU session \(item.pduSessionID.value)",
                      association: a, slot: slot, bytes: bytes)
        }
    }

    /// Initial Context Setup Failure (TS 38.413 §8.3.1.3): the AMF releases the connection.
    mutating func handleInitialContextSetupFailure(_ m: InitialContextSetupFailure, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "InitialContextSetupFailure", bytes: bytes) else { return }
        deviation("initialContextSetupFailed", "TS 38.413 §8.3.1.3", "the gNB refused the Initial Context Setup", association: a, slot: slot, bytes: bytes)
        ues[slot].connection?.contextSetupPending = false
        releaseConnection(slot, cause: .nas(.unspecified))
    }

    /// The slices a subscriber may use here: its subscribed slices the AMF supports.
    func allowedSlices(_ sub: SubscriberStore.Subscriber) -> [CoreSNSSAI] {
        let subscribed = subscribers.config(of: sub).slices
        let allowed = subscribed.filter { configuration.amf.slices.contains($0) }
        return allowed.isEmpty ? Array(configuration.amf.slices.prefix(1)) : allowed
    }
}
