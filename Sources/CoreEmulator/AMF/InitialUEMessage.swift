import ASN1PER
import NAS5GS
import NASSecurity
import NGAP

extension CoreEmulator {
    /// Initial UE Message (TS 38.413 §8.6.1): a new UE-associated connection and the UE's initial NAS message
    /// (Registration Request, Service Request or Deregistration Request, TS 24.501 §4.4.6).
    mutating func handleInitialUEMessage(_ m: InitialUEMessage, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let ran = m.protocolIEs.first(\.ranUENGAPID), ran.value >= 0, let nasPDU = m.protocolIEs.first(\.nasPDU) else { return }
        let ranID = UInt64(ran.value)
        let nas = nasPDU.value.array
        let tac = NGAPValues.tac(of: m.protocolIEs.first(\.userLocationInformation))
        if let old = ues.byRANUENGAPID[UEStore.RANKey(association: a, ranUENGAPID: ranID)] {
            // §10.6: a RAN UE NGAP ID already in use on this association: the old connection is gone.
            deviation("ranUENGAPIDInUse", "TS 38.413 §10.6", "Initial UE Message with RAN UE NGAP ID \(ranID), already in use", association: a,
                      slot: old, bytes: bytes)
            connectionLost(old)
        }
        // The initial NAS message is plain or integrity protected, never ciphered (TS 24.501 §4.4.6).
        let header: NASSecurityHeader?
        do {
            header = try NASSecurityHeader.read(nas[...])
        } catch {
            deviation("malformedSecurityHeader", "TS 24.501 §9.3", "\(error)", association: a, bytes: nas)
            return
        }
        if let header, header.headerType != .integrityProtected {
            deviation("cipheredInitialMessage", "TS 24.501 §4.4.6",
                      "the initial NAS message has security header type \(header.headerType.rawValue); only 0 or 1 are allowed", association: a, bytes: nas)
            sendErrorIndication(to: a, stream: stream, cause: .nas(.unspecified), ranUENGAPID: ranID)
            return
        }
        let inner = header == nil ? nas[...] : nas[NASSecurityHeader.length...]
        var diagnostics: [NASDiagnostic] = []
        let message: NASMessage
        do {
            message = try NASMessage(nasEncoded: inner, options: .tolerant, diagnostics: &diagnostics)
        } catch {
            deviation("undecodableNAS", "TS 24.501 §7", "initial NAS message: \(error)", association: a, bytes: nas)
            // Answer in a new connection with 5GMM STATUS (§7): the UE is unknown, so plain.
            let slot = newConnection(a, ranID: ranID, tac: tac)
            sendMMStatus(slot, cause: error.cause)
            return
        }
        for d in diagnostics {
            deviation("nasSyntax", "TS 24.501 §7", "\(message.messageType): \(d)", association: a, bytes: nas)
        }
        // Find the UE the message names.
        var known: Int?
        switch message {
        case .registrationRequest(let r): known = slot(for: r.mobileIdentity)
        case .serviceRequest(let r): known = slot(for: r.sTMSI)
        case .deregistrationRequestUEOriginating(let r): known = slot(for: r.mobileIdentity)
        case .controlPlaneServiceRequest:
            let slot = newConnection(a, ranID: ranID, tac: tac)
            sendNAS(slot, .serviceReject(ServiceReject(cause: .messageTypeNonExistentOrNotImplemented)))
            releaseConnection(slot, cause: .nas(.normalRelease))
            return
        default:
            deviation("notAnInitialMessage", "TS 24.501 §4.4.6", "\(message.messageType) cannot start a NAS signalling connection", association: a, bytes: nas)
            let slot = newConnection(a, ranID: ranID, tac: tac)
            sendMMStatus(slot, cause: FiveGMMCause.messageTypeNotCompatibleWithProtocolState.rawValue)
            releaseConnection(slot, cause: .nas(.unspecified))
            return
        }
        let slot: Int
        if let k = known {
            if ues[k].connection != nil {
                // The UE came back on a new connection: the old one is released (TS 23.502 §4.2.3.2 step 1 note).
                releaseConnection(k, cause: .radioNetwork(.releaseDueTo5gcGeneratedReason))
                detachConnection(k)
            }
            slot = k
            attachConnection(slot, a, ranID: ranID, tac: tac)
        } else {
            slot = newConnection(a, ranID: ranID, tac: tac)
        }
        // Verify the integrity of a protected initial message with the UE's context, when the AMF has one.
        var received = ReceivedNAS(message: message, verified: false, count: nil, newContext: false, bytes: nas)
        if header != nil, ues[slot].security != nil {
            if let r = receiveNAS(slot, nas) { received = r }
        } else if header != nil {
            deviation("unknownSecurityContext", "TS 24.501 §4.4.4.3",
                      "an integrity-protected \(message.messageType) names no security context the AMF has", slot: slot, bytes: nas)
        }
        switch received.message {
        case .registrationRequest(let r): handleRegistrationRequest(slot, r, received)
        case .serviceRequest(let r): handleServiceRequest(slot, r, received)
        case .deregistrationRequestUEOriginating(let r): handleDeregistrationRequest(slot, r, received)
        default: break
        }
    }

    /// A new UE context with a new connection.
    mutating func newConnection(_ a: AssociationID, ranID: UInt64, tac: UInt32?) -> Int {
        let slot = ues.allocate()
        attachConnection(slot, a, ranID: ranID, tac: tac)
        return slot
    }

    mutating func attachConnection(_ slot: Int, _ a: AssociationID, ranID: UInt64, tac: UInt32?) {
        let amfID = nextAMFUENGAPID
        nextAMFUENGAPID = nextAMFUENGAPID >= 0xFF_FFFF_FFFF ? 1 : nextAMFUENGAPID + 1
        let stream = gnbs[a]?.allocateStream() ?? 0
        var conn = N2Connection(association: a, ranUENGAPID: ranID, amfUENGAPID: amfID, stream: stream)
        conn.tac = tac
        ues.attach(slot, conn)
    }

    /// Drops the UE's connection indexes (after a release, or when the association or connection is gone).
    mutating func detachConnection(_ slot: Int) {
        guard let conn = ues[slot].connection else { return }
        ues.detach(conn)
        ues[slot].connection = nil
    }

    /// The UE a 5GS mobile identity names: a 5G-GUTI of this AMF (TS 23.003 §2.10.1) or a 5G-S-TMSI.
    func slot(for identity: MobileIdentity) -> Int? {
        switch identity {
        case .guti(let g):
            guard g.plmn == plmn, g.amfRegionID == configuration.amf.regionID, g.amfSetID == configuration.amf.setID,
                  g.amfPointer == configuration.amf.pointer else { return nil }
            return ues.byTMSI[g.tmsi]
        case .sTMSI(let t):
            guard t.amfSetID == configuration.amf.setID, t.amfPointer == configuration.amf.pointer else { return nil }
            return ues.byTMSI[t.tmsi]
        case .suci(let s):
            // A null-scheme SUCI names the SUPI in clear; a re-registering UE may use it.
            if case .imsi(let f) = s.value, let msin = f.msin { return ues.byIMSI[f.plmn.mcc + f.plmn.mnc + msin] }
            return nil
        default:
            return nil
        }
    }

    /// Uplink NAS Transport (TS 38.413 §8.6.3).
    mutating func handleUplinkNASTransport(_ m: UplinkNASTransport, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "UplinkNASTransport", bytes: bytes),
              let pdu = m.protocolIEs.first(\.nasPDU) else { return }
        if let tac = NGAPValues.tac(of: m.protocolIEs.first(\.userLocationInformation)) { ues[slot].connection?.tac = tac }
        guard let received = receiveNAS(slot, pdu.value.array) else { return }
        dispatchMM(slot, received)
    }

    /// A 5GMM message of a UE with a connection.
    mutating func dispatchMM(_ slot: Int, _ r: ReceivedNAS) {
        switch r.message {
        case .registrationRequest(let m): handleRegistrationRequest(slot, m, r)
        case .identityResponse(let m): handleIdentityResponse(slot, m, r)
        case .authenticationResponse(let m): handleAuthenticationResponse(slot, m, r)
        case .authenticationFailure(let m): handleAuthenticationFailure(slot, m, r)
        case .securityModeComplete(let m): handleSecurityModeComplete(slot, m, r)
        case .securityModeReject(let m): handleSecurityModeReject(slot, m, r)
        case .registrationComplete: handleRegistrationComplete(slot, r)
        case .ulnasTransport(let m): handleULNASTransport(slot, m, r)
        case .serviceRequest(let m): handleServiceRequest(slot, m, r)
        case .deregistrationRequestUEOriginating(let m): handleDeregistrationRequest(slot, m, r)
        case .deregistrationAcceptUETerminated: handleDeregistrationAccept(slot, r)
        case .configurationUpdateComplete: handleConfigurationUpdateComplete(slot, r)
        case .fiveGMMStatus(let m):
            deviation("mmStatusReceived", "TS 24.501 §5.4.7", "the UE sent 5GMM STATUS \(m.cause)", slot: slot, bytes: r.bytes)
        default:
            // §7.4: a message not compatible with the protocol state (or one only the network sends).
            deviation("unexpectedNAS", "TS 24.501 §7.4", "\(r.message.messageType) is not expected by the AMF", slot: slot, bytes: r.bytes)
            sendMMStatus(slot, cause: FiveGMMCause.messageTypeNotCompatibleWithProtocolState.rawValue)
        }
    }
}
