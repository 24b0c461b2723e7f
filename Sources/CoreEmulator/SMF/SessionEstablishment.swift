import ASN1PER
import NAS5GS
import NGAP

extension CoreEmulator {
    /// UL NAS Transport (TS 24.501 §5.4.5.2): the 5GSM message in its payload container goes to the SMF.
    mutating func handleULNASTransport(_ slot: Int, _ m: ULNASTransport, _ r: ReceivedNAS) {
        guard r.verified, ues[slot].registered || ues[slot].procedure == .registrationAccepted else {
            deviation("unexpectedNAS", "TS 24.501 §5.4.5.2.1", "UL NAS Transport from a UE that is not registered", slot: slot, bytes: r.bytes)
            return
        }
        guard m.payloadContainerType == .n1SMInformation else {
            deviation("unsupportedPayload", "TS 24.501 §5.4.5.2.5", "payload container type \(m.payloadContainerType.nibble) is not handled",
                      slot: slot, bytes: r.bytes)
            return
        }
        var diagnostics: [NASDiagnostic] = []
        let sm: NASMessage
        do {
            sm = try NASMessage(nasEncoded: m.payloadContainer.bytes, options: .tolerant, diagnostics: &diagnostics)
        } catch {
            deviation("undecodableNAS", "TS 24.501 §7", "5GSM message: \(error)", slot: slot, bytes: r.bytes)
            return
        }
        switch sm {
        case .pduSessionEstablishmentRequest(let req): establishSession(slot, req, transport: m, bytes: r.bytes)
        case .pduSessionReleaseRequest(let req): releaseRequested(slot, psi: req.pduSessionID, pti: req.pti)
        case .pduSessionReleaseComplete(let c): releaseCompleted(slot, psi: c.pduSessionID, n1: true)
        case .pduSessionModificationRequest(let req): modificationRequested(slot, req, bytes: r.bytes)
        case .pduSessionModificationComplete(let c): modificationCompleted(slot, psi: c.pduSessionID)
        case .pduSessionModificationCommandReject(let c):
            deviation("modificationCommandRejected", "TS 24.501 §6.3.2.5", "PDU session \(c.pduSessionID): cause \(c.cause.rawValue)",
                      slot: slot, bytes: r.bytes)
            modificationCompleted(slot, psi: c.pduSessionID)
        case .fiveGSMStatus(let s):
            deviation("smStatusReceived", "TS 24.501 §6.5", "5GSM STATUS cause \(s.cause.rawValue) for PDU session \(s.pduSessionID)",
                      slot: slot, bytes: r.bytes)
        default:
            deviation("unexpectedNAS", "TS 24.501 §7.4", "\(sm.messageType) is not a message the SMF receives", slot: slot, bytes: r.bytes)
        }
    }

    /// Sends a 5GSM message to the UE in a DL NAS Transport (TS 24.501 §5.4.5.3).
    mutating func sendSM(_ slot: Int, psi: UInt8, _ sm: NASMessage, retransmitOn session: Int? = nil) {
        let plain = Self.dlTransport(psi: psi, sm)
        if let i = session { ues[slot].sessions[i].lastCommand = plain }
        sendNASBytes(slot, plain: plain, headerType: .integrityProtectedAndCiphered, nasType: .dlnasTransport)
    }

    static func dlTransport(psi: UInt8, _ sm: NASMessage) -> [UInt8] {
        var inner: [UInt8] = []
        sm.nasEncode(into: &inner)
        let dl = DLNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(bytes: inner[...]),
                                pduSessionID: PDUSessionIdentity(psi))
        var plain: [UInt8] = []
        NASMessage.dlnasTransport(dl).nasEncode(into: &plain)
        return plain
    }

    /// PDU session establishment (TS 24.501 §6.4.1, TS 23.502 §4.3.2.2.1): DNN and slice checked against the
    /// subscription, a UE address from the DNN's pool, the UPF session, then the PDU Session Resource Setup
    /// Request with the Establishment Accept and the UPF's N3 tunnel (UL NG-U UP TNL Information).
    mutating func establishSession(_ slot: Int, _ req: PDUSessionEstablishmentRequest, transport: ULNASTransport, bytes: [UInt8]) {
        guard let sub = ues[slot].subscriber, let imsi = ues[slot].imsi else { return }
        let psi = transport.pduSessionID?.value ?? req.pduSessionID
        let pti = req.pti
        func reject(_ cause: FiveGSMCause, _ why: String) {
            deviation("pduSessionRejected", "TS 24.501 §6.4.1.4", why, slot: slot, bytes: bytes)
            sendSM(slot, psi: psi, .pduSessionEstablishmentReject(PDUSessionEstablishmentReject(pduSessionID: psi, pti: pti, cause: cause)))
        }
        guard psi >= 1, psi <= 15 else { return reject(.invalidPDUSessionIdentity, "PDU session identity \(psi) is not 1...15") }
        if ues[slot].sessions.contains(where: { $0.id == psi }) {
            // §6.4.1.2: a request for an existing PSI releases the old session locally first.
            removeSession(slot, psi: psi)
        }
        let range = subscribers.config(of: sub)
        let dnnName = transport.dnn?.name ?? range.dnns.first ?? ""
        guard range.dnns.contains(dnnName), let dnnIndex = configuration.dnns.firstIndex(where: { $0.name == dnnName }) else {
            return reject(.missingOrUnknownDNN, "DNN \(dnnName) is not subscribed or not configured")
        }
        let slices = allowedSlices(sub)
        let slice: CoreSNSSAI
        if let s = transport.sNSSAI {
            let wanted = CoreSNSSAI(sst: s.sst, sd: s.sd)
            guard slices.contains(wanted) else { return reject(FiveGSMCause(rawValue: 70), "S-NSSAI \(wanted) is not allowed") }
            slice = wanted
        } else {
            slice = slices[0]
        }
        if let cause = faults.rejectCause(imsi: imsi, .pduSessionEstablishment) {
            return reject(FiveGSMCause(rawValue: cause), "a reject fault for this SUPI")
        }
        if let t = req.pduSessionType, t != .ipv4, t != .ipv4v6 {
            return reject(.pduSessionTypeIPv4OnlyAllowed, "PDU session type \(t.nibble): the emulator gives IPv4 sessions")
        }
        guard let address = pools[dnnIndex].allocate() else { return reject(.insufficientResources, "the pool of DNN \(dnnName) is used up") }
        let dnn = configuration.dnns[dnnIndex]
        let teid = nextTEID
        nextTEID = nextTEID == UInt32.max ? 1 : nextTEID + 1
        let key = UPFSessionKey(rawValue: nextSEID)
        nextSEID += 1
        let session = PDUSession(id: psi, pti: pti, dnn: dnnIndex, sNSSAI: slice, type: PDUSessionType.ipv4.nibble, ipv4: address, ulTEID: teid,
                                 key: key, state: .establishing, ambrUplink: dnn.ambrUplink, ambrDownlink: dnn.ambrDownlink)
        ues[slot].sessions.append(session)
        ues.bySession[key] = slot
        emit(.userPlane(.createSession(UPFSession(
            key: key, supi: "imsi-" + imsi, pduSessionID: psi, dnn: dnnName, ueIPv4: address, ipv6Prefix: nil, ipv6InterfaceIdentifier: nil,
            uplink: GTPTunnelEndpoint(address: configuration.upf.address, teid: teid), qfi: 1,
            ambrUplink: dnn.ambrUplink, ambrDownlink: dnn.ambrDownlink))))
        let filter = PacketFilter(direction: 3, identifier: 1, components: [PacketFilter.Component(type: 0x01, value: [])])
        let rule = QoSRule(identifier: 1, operationCode: 1, isDefault: true, packetFilters: [filter], precedence: 255, qfi: 1)
        let flow = QoSFlowDescription(qfi: 1, operationCode: 1, eBit: true, parameters: [QoSFlowDescription.Parameter(identifier: 1, contents: [dnn.fiveQI])])
        let accept = PDUSessionEstablishmentAccept(
            pduSessionID: psi, pti: pti, selectedSSCMode: SSCMode(nibble: 1), selectedPDUSessionType: .ipv4, authorizedQoSRules: QoSRules([rule]),
            sessionAMBR: Self.sessionAMBR(uplink: dnn.ambrUplink, downlink: dnn.ambrDownlink),
            pduAddress: PDUAddress(octet1: 1, addressBytes: address.octets), sNSSAI: SNSSAI(sst: slice.sst, sd: slice.sd),
            authorizedQoSFlowDescriptions: QoSFlowDescriptions([flow]), dnn: DNN(dnnName))
        let plain = Self.dlTransport(psi: psi, .pduSessionEstablishmentAccept(accept))
        guard let conn = ues[slot].connection, let nas = protectedNAS(slot, plain: plain) else { return }
        let item = PDUSessionResourceSetupItemSUReq(pduSessionID: PDUSessionID(Int64(psi)), pduSessionNASPDU: NGAP.NASPDU(ASN1Bytes(nas)),
                                                    sNSSAI: NGAPValues.snssai(slice),
                                                    pduSessionResourceSetupRequestTransfer: .value(setupTransfer(ues[slot].sessions[ues[slot].sessions.count - 1])))
        let request = PDUSessionResourceSetupRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
            .pduSessionResourceSetupListSUReq(PDUSessionResourceSetupListSUReq([item])),
        ])
        send(.initiatingMessage(.pduSessionResourceSetup(request)), to: conn.association, stream: conn.stream, nas: .dlnasTransport)
    }

    /// Session AMBR (TS 24.501 §9.11.4.14) in kbps units (1 kbps … 65535 kbps, then Mbps, then Gbps).
    static func sessionAMBR(uplink: UInt64, downlink: UInt64) -> SessionAMBR {
        func encode(_ bps: UInt64) -> (UInt8, UInt16) {
            if bps / 1000 <= 65535 { return (1, UInt16(bps / 1000)) }
            if bps / 1_000_000 <= 65535 { return (6, UInt16(bps / 1_000_000)) }
            return (11, UInt16(min(65535, bps / 1_000_000_000)))
        }
        let d = encode(downlink), u = encode(uplink)
        return SessionAMBR(downlinkUnit: d.0, downlink: d.1, uplinkUnit: u.0, uplink: u.1)
    }

    /// PDU Session Resource Setup Request Transfer (TS 38.413 §9.3.4.1): session AMBR, the UPF's N3 tunnel, the
    /// session type and QoS flow 1 (non-GBR, the DNN's 5QI and ARP).
    func setupTransfer(_ s: PDUSession) -> PDUSessionResourceSetupRequestTransfer {
        let dnn = configuration.dnns[s.dnn]
        let qos = QosFlowLevelQosParameters(
            qosCharacteristics: .nonDynamic5QI(NonDynamic5QIDescriptor(fiveQI: FiveQI(Int64(dnn.fiveQI)))),
            allocationAndRetentionPriority: AllocationAndRetentionPriority(priorityLevelARP: PriorityLevelARP(Int64(dnn.arpPriority)),
                                                                           preEmptionCapability: .shallNotTriggerPreEmption,
                                                                           preEmptionVulnerability: .notPreEmptable))
        return PDUSessionResourceSetupRequestTransfer(protocolIEs: [
            .pduSessionAggregateMaximumBitRate(PDUSessionAggregateMaximumBitRate(pduSessionAggregateMaximumBitRateDL: NGAPValues.bitRate(s.ambrDownlink),
                                                                                pduSessionAggregateMaximumBitRateUL: NGAPValues.bitRate(s.ambrUplink))),
            .ulNGUUPTNLInformation(NGAPValues.tunnel(GTPTunnelEndpoint(address: configuration.upf.address, teid: s.ulTEID))),
            .pduSessionType(.ipv4),
            .qosFlowSetupRequestList(QosFlowSetupRequestList([QosFlowSetupRequestItem(qosFlowIdentifier: QosFlowIdentifier(1), qosFlowLevelQosParameters: qos)])),
        ])
    }

    /// PDU Session Resource Setup Response (TS 38.413 §8.2.1.2): the gNB's downlink tunnels go to the UPF.
    mutating func handlePDUSessionResourceSetupResponse(_ m: PDUSessionResourceSetupResponse, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "PDUSessionResourceSetupResponse", bytes: bytes) else { return }
        for item in m.protocolIEs.first(\.pduSessionResourceSetupListSURes)?.value ?? [] {
            guard case .value(let transfer) = item.pduSessionResourceSetupResponseTransfer else {
                deviation("undecodableTransfer", "TS 38.413 §9.3.4.2", "PDU Session Resource Setup Response Transfer does not decode",
                          association: a, slot: slot, bytes: bytes)
                continue
            }
            sessionUserPlaneUp(slot, psi: UInt8(truncatingIfNeeded: item.pduSessionID.value), transfer: transfer, bytes: bytes)
        }
        for item in m.protocolIEs.first(\.pduSessionResourceFailedToSetupListSURes)?.value ?? [] {
            let psi = UInt8(truncatingIfNeeded: item.pduSessionID.value)
            deviation("pduSessionSetupFailed", "TS 38.413 §8.2.1.2", "the gNB could not set up PDU session \(psi); released", association: a,
                      slot: slot, bytes: bytes)
            removeSession(slot, psi: psi)
        }
    }

    /// The gNB's downlink tunnel of a session is known: the session is active and the UPF sends downlink to it.
    mutating func sessionUserPlaneUp(_ slot: Int, psi: UInt8, transfer: PDUSessionResourceSetupResponseTransfer, bytes: [UInt8]) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }) else {
            deviation("unknownPDUSession", "TS 38.413 §8.2.1.2", "setup response for PDU session \(psi), which the AMF did not request", slot: slot, bytes: bytes)
            return
        }
        guard let tunnel = NGAPValues.tunnel(transfer.dlQosFlowPerTNLInformation.upTransportLayerInformation) else {
            deviation("invalidTunnel", "TS 38.413 §9.3.2.2", "the DL tunnel of PDU session \(psi) is not a GTP tunnel with an IP address",
                      slot: slot, bytes: bytes)
            return
        }
        let wasEstablishing = ues[slot].sessions[i].state == .establishing
        ues[slot].sessions[i].downlink = tunnel
        ues[slot].sessions[i].upActive = true
        if wasEstablishing { ues[slot].sessions[i].state = .active }
        emit(.userPlane(.setDownlink(ues[slot].sessions[i].key, downlink: tunnel, isPathSwitch: false)))
        if wasEstablishing {
            let s = ues[slot].sessions[i]
            notice(.pduSessionEstablished(supi: ues[slot].supi ?? "?", pduSessionID: psi, addresses: s.ipv4.map { [.v4($0)] } ?? []))
        }
    }
}
