import ASN1PER
import FiveGSecurity
import NAS5GS
import NASSecurity
import NGAP

/// A NAS message the AMF accepted, and how it arrived.
struct ReceivedNAS {
    var message: NASMessage
    /// Integrity verified with the current (or the new, for a Security Mode Complete) context.
    var verified: Bool
    /// The uplink NAS COUNT it was verified with.
    var count: UInt32?
    /// Security header type 3 or 4: it came with the context a Security Mode Command took into use.
    var newContext: Bool
    /// The NAS-PDU as received.
    var bytes: [UInt8]
}

extension CoreEmulator {
    // MARK: Sending

    /// The NAS-PDU for a 5GMM message: protected (integrity and ciphering, TS 24.501 §4.4.5) once the UE has a
    /// security context in use, plain before.
    mutating func protectedNAS(_ slot: Int, plain: [UInt8], headerType: NASSecurityHeaderType = .integrityProtectedAndCiphered) -> [UInt8]? {
        if headerType == .plain { return plain }
        if headerType.isNewContext {
            guard var sec = ues[slot].newSecurity else { return nil }
            defer { ues[slot].newSecurity = sec }
            do {
                return try sec.nas.protect(plain, headerType: headerType)
            } catch {
                deviation("nasCountExhausted", "TS 24.501 §4.4.3.5", "cannot protect a NAS message: \(error)", slot: slot)
                return nil
            }
        }
        guard var sec = ues[slot].security else { return plain }
        defer { ues[slot].security = sec }
        do {
            return try sec.nas.protect(plain, headerType: headerType)
        } catch {
            deviation("nasCountExhausted", "TS 24.501 §4.4.3.5", "cannot protect a NAS message: \(error)", slot: slot)
            return nil
        }
    }

    /// Sends a 5GMM message in a Downlink NAS Transport (TS 38.413 §8.6.2). With `retransmit`, the plain message is
    /// kept for that timer's retransmissions and the timer started.
    @discardableResult
    mutating func sendNAS(_ slot: Int, _ message: NASMessage, headerType: NASSecurityHeaderType? = nil, retransmit: CoreTimerKind? = nil) -> Bool {
        var plain: [UInt8] = []
        plain.reserveCapacity(64)
        message.nasEncode(into: &plain)
        let type = headerType ?? (ues[slot].security != nil ? .integrityProtectedAndCiphered : .plain)
        if let retransmit {
            ues[slot].retransmitMessage = plain
            ues[slot].retransmitHeader = type
            ues[slot].retransmissions = 0
            startTimer(retransmit, slot: slot)
        }
        return sendNASBytes(slot, plain: plain, headerType: type, nasType: message.messageType)
    }

    @discardableResult
    mutating func sendNASBytes(_ slot: Int, plain: [UInt8], headerType: NASSecurityHeaderType, nasType: NASMessageType?) -> Bool {
        guard let conn = ues[slot].connection, !conn.releasing else { return false }
        guard let pdu = protectedNAS(slot, plain: plain, headerType: headerType) else { return false }
        let m = DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
            .nasPDU(NGAP.NASPDU(ASN1Bytes(pdu))),
        ])
        send(.initiatingMessage(.downlinkNASTransport(m)), to: conn.association, stream: conn.stream, nas: nasType)
        return true
    }

    /// Retransmits the message a 5GMM timer guards (a new COUNT each time), or tells the caller to abort.
    mutating func retransmit(_ slot: Int, _ kind: CoreTimerKind) -> Bool {
        guard ues[slot].retransmissions < configuration.timers.retransmissions, !ues[slot].retransmitMessage.isEmpty else { return false }
        ues[slot].retransmissions += 1
        let plain = ues[slot].retransmitMessage
        let type = ues[slot].retransmitHeader
        ues[slot].timerTokens[kind] &+= 1
        emit(.startTimer(CoreTimerID(kind: kind, slot: UInt32(slot), token: ues[slot].timerTokens[kind]), after: configuration.timers.value(kind)))
        sendNASBytes(slot, plain: plain, headerType: type, nasType: plain.count > 2 ? NASMessageType(rawValue: plain[2]) : nil)
        return true
    }

    /// 5GMM STATUS (TS 24.501 §5.4.7) with a cause.
    mutating func sendMMStatus(_ slot: Int, cause: UInt8) {
        sendNAS(slot, .fiveGMMStatus(FiveGMMStatus(cause: FiveGMMCause(cause))))
    }

    // MARK: Receiving

    /// Checks an uplink NAS-PDU of a UE with a context (TS 24.501 §4.4.4.3): verifies and deciphers protected
    /// messages, lets through only the plain messages allowed before security, discards the rest (reported).
    mutating func receiveNAS(_ slot: Int, _ bytes: [UInt8]) -> ReceivedNAS? {
        let header: NASSecurityHeader?
        do {
            header = try NASSecurityHeader.read(bytes[...])
        } catch {
            deviation("malformedSecurityHeader", "TS 24.501 §9.3", "\(error)", slot: slot, bytes: bytes)
            return nil
        }
        guard let header else {
            guard let message = decodePlain(slot, bytes[...], verified: false) else { return nil }
            if ues[slot].security != nil && !Self.allowedWithoutProtection(message) {
                deviation("unprotectedMessage", "TS 24.501 §4.4.4.3",
                          "\(message.messageType) arrived without integrity protection after security was activated; discarded", slot: slot, bytes: bytes)
                return nil
            }
            return ReceivedNAS(message: message, verified: false, count: nil, newContext: false, bytes: bytes)
        }
        let newContext = header.headerType.isNewContext
        guard var sec = newContext ? ues[slot].newSecurity : ues[slot].security else {
            deviation("noSecurityContext", "TS 24.501 §4.4.4.3",
                      "a protected message (\(header.headerType)) arrived and the AMF has no \(newContext ? "new " : "")security context for it; discarded",
                      slot: slot, bytes: bytes)
            return nil
        }
        var buffer = bytes
        let outcome: NASUnprotectOutcome
        do {
            outcome = try sec.nas.unprotect(&buffer)
        } catch {
            deviation("securityFailure", "TS 33.501 §6.4", "\(error)", slot: slot, bytes: bytes)
            return nil
        }
        switch outcome {
        case .notProtected:
            return nil
        case .failed(let failure):
            deviation("integrityCheckFailed", "TS 24.501 §4.4.4.3", "\(failure); the message is discarded", slot: slot, bytes: bytes)
            return nil
        case .verified(let v):
            if newContext { ues[slot].newSecurity = sec } else { ues[slot].security = sec }
            guard let message = decodePlain(slot, buffer[NASSecurityHeader.length...], verified: true) else { return nil }
            return ReceivedNAS(message: message, verified: true, count: v.count.value, newContext: newContext, bytes: bytes)
        }
    }

    /// Decodes a plain 5GMM message (tolerantly: TS 24.501 §7 lets a receiver ignore bad optional IEs, each
    /// reported); a message that cannot be read is answered with 5GMM STATUS when the UE is protected.
    mutating func decodePlain(_ slot: Int, _ bytes: ArraySlice<UInt8>, verified: Bool) -> NASMessage? {
        var diagnostics: [NASDiagnostic] = []
        do {
            let m = try NASMessage(nasEncoded: bytes, options: .tolerant, diagnostics: &diagnostics)
            for d in diagnostics {
                deviation("nasSyntax", "TS 24.501 §7", "\(m.messageType): \(d)", slot: slot, bytes: Array(bytes))
            }
            return m
        } catch {
            deviation("undecodableNAS", "TS 24.501 §7", "\(error)", slot: slot, bytes: Array(bytes))
            // §7.3-§7.5: an unknown or malformed message is answered with 5GMM STATUS.
            if verified || ues[slot].security == nil { sendMMStatus(slot, cause: error.cause) }
            return nil
        }
    }

    /// The 5GMM messages the AMF processes without integrity protection (TS 24.501 §4.4.4.3).
    static func allowedWithoutProtection(_ m: NASMessage) -> Bool {
        switch m {
        case .registrationRequest, .authenticationResponse, .authenticationFailure, .securityModeReject,
             .deregistrationRequestUEOriginating, .deregistrationAcceptUETerminated:
            return true
        case .identityResponse(let r):
            if case .suci = r.mobileIdentity { return true }
            return false
        default:
            return false
        }
    }
}
