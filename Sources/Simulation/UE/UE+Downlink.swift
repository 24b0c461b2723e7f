import FiveGSecurity
import NAS5GS
import NASSecurity

/// Receiving: integrity checking and deciphering (TS 24.501 §4.4.4.2, §4.4.5), decoding (clause 7) and
/// dispatch to the procedures.
extension UE {
    mutating func receiveDownlink(_ pdu: inout [UInt8], now: Duration, into actions: inout [UEAction]) {
        let header: NASSecurityHeader?
        do {
            header = try NASSecurityHeader.read(pdu[...])
        } catch {
            deviate("malformedSecurityHeader", "TS 24.501 §9.3.1", error.message, bytes: pdu, into: &actions)
            return
        }
        guard let header else {
            guard let message = decode(pdu[...], bytes: pdu, into: &actions) else { return }
            receivePlain(message, bytes: pdu, now: now, into: &actions)
            return
        }
        if header.headerType.isNewContext {
            receiveNewContext(&pdu, header: header, now: now, into: &actions)
            return
        }
        guard var context = security.current else {
            deviate("noSecurityContext", "TS 24.501 §4.4.4.2", "a protected message (\(header.headerType)) arrived but the UE has no current 5G NAS security context: discarded",
                    bytes: pdu, into: &actions)
            return
        }
        let original = pdu
        let outcome: NASUnprotectOutcome
        do {
            outcome = try context.unprotect(&pdu)
        } catch {
            deviate("localSecurityFailure", "TS 33.501 §6.4", error.message, bytes: original, into: &actions)
            return
        }
        switch outcome {
        case .verified:
            security.current = context
            secureExchange = true
            guard let message = decode(pdu[NASSecurityHeader.length...], bytes: original, into: &actions) else { return }
            handle(message, bytes: original, now: now, into: &actions)
        case .failed(let failure):
            integrityFailed(failure, bytes: original, into: &actions)
        case .notProtected:
            break
        }
    }

    /// A message that arrived without integrity protection: processed only if TS 24.501 §4.4.4.2 lets the UE do
    /// so before secure exchange; after it, those messages are still processed (the procedure they end cannot
    /// otherwise finish) but reported, and every other one is discarded.
    mutating func receivePlain(_ message: NASMessage, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        let listed: Bool
        switch message {
        case .identityRequest(let m): listed = m.identityType.nibble & 7 == 1
        case .authenticationRequest, .authenticationResult, .authenticationReject: listed = true
        case .registrationReject(let m): listed = m.cause.rawValue != 76 && m.cause.rawValue != 78
        case .deregistrationAcceptUEOriginating: listed = true
        case .serviceReject(let m): listed = m.cause.rawValue != 76 && m.cause.rawValue != 78
        default: listed = false
        }
        guard listed else {
            deviate("notIntegrityProtected", "TS 24.501 §4.4.4.2", "\(message.name) without integrity protection: discarded", bytes: bytes, into: &actions)
            return
        }
        if secureExchange {
            deviate("notIntegrityProtected", "TS 24.501 §4.4.4.2",
                    "\(message.name) without integrity protection after secure exchange of NAS messages was established", bytes: bytes, into: &actions)
        }
        handle(message, bytes: bytes, now: now, into: &actions)
    }

    func integrityFailed(_ failure: NASIntegrityFailure, bytes: [UInt8], into actions: inout [UEAction]) {
        let kind: String
        switch failure {
        case .macMismatch: kind = "macFailure"
        case .replayed: kind = "replayed"
        case .countExhausted: kind = "countExhausted"
        case .malformedHeader: kind = "malformedSecurityHeader"
        }
        deviate(kind, "TS 24.501 §4.4.4.2", "\(failure): discarded", bytes: bytes, into: &actions)
    }

    /// Decodes a plain message tolerantly (TS 24.501 clause 7: a bad optional IE is ignored, an unknown one
    /// skipped) and reports what it had to tolerate; a message that does not decode is answered with a 5GMM
    /// STATUS carrying the cause clause 7 names.
    mutating func decode(_ plain: ArraySlice<UInt8>, bytes: [UInt8], into actions: inout [UEAction]) -> NASMessage? {
        var diagnostics: [NASDiagnostic] = []
        do {
            let message = try NASMessage(nasEncoded: plain, options: .tolerant, diagnostics: &diagnostics)
            if !diagnostics.isEmpty {
                deviate("malformedMessage", "TS 24.501 clause 7",
                        "\(message.name): " + diagnostics.map(\.description).joined(separator: "; "), bytes: bytes, into: &actions)
            }
            return message
        } catch {
            deviate("undecodable", "TS 24.501 clause 7", "\(error.context.path.joined(separator: "/")): \(error.message)", bytes: bytes, into: &actions)
            if configuration.answersWithStatus, plain.first == fiveGMMProtocolDiscriminator {
                send(FiveGMMStatus(cause: FiveGMMCause(error.cause)), into: &actions)
            }
            return nil
        }
    }

    /// Dispatches a message the UE accepted.
    mutating func handle(_ message: NASMessage, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        switch message {
        case .authenticationRequest(let m): authenticationRequested(m, bytes: bytes, now: now, into: &actions)
        case .authenticationResult(let m): authenticationResult(m, bytes: bytes, now: now, into: &actions)
        case .authenticationReject(let m): authenticationRejected(m, now: now, into: &actions)
        case .identityRequest(let m): identityRequested(m, now: now, into: &actions)
        case .registrationAccept(let m): registrationAccepted(m, bytes: bytes, now: now, into: &actions)
        case .registrationReject(let m): registrationRejected(m, bytes: bytes, now: now, into: &actions)
        case .configurationUpdateCommand(let m): configurationUpdate(m, now: now, into: &actions)
        case .serviceAccept(let m): serviceAccepted(m, bytes: bytes, now: now, into: &actions)
        case .serviceReject(let m): serviceRejected(m, bytes: bytes, now: now, into: &actions)
        case .deregistrationAcceptUEOriginating: deregistrationAccepted(bytes: bytes, now: now, into: &actions)
        case .deregistrationRequestUETerminated(let m): networkDeregistration(m, now: now, into: &actions)
        case .dlnasTransport(let m): downlinkTransport(m, bytes: bytes, now: now, into: &actions)
        case .fiveGMMStatus(let m):
            deviate("statusReceived", "TS 24.501 §5.4.6", "5GMM STATUS with cause #\(m.cause.rawValue) \(m.cause)", bytes: bytes, into: &actions)
        case .securityModeCommand:
            deviate("securityModeCommandNotNewContext", "TS 24.501 §4.4.4.2, §5.4.2.2",
                    "a Security Mode Command must use security header type 3: discarded", bytes: bytes, into: &actions)
        default:
            notCompatible(message.name, clause: "TS 24.501 §7.3", cause: message.messageType.rawValue & 0x80 != 0 || isUplinkType(message.messageType) ? 97 : 98,
                          bytes: bytes, into: &actions)
        }
    }

    /// Message types only a UE sends.
    func isUplinkType(_ type: NASMessageType) -> Bool {
        switch type {
        case .registrationRequest, .registrationComplete, .deregistrationRequestUEOriginating, .deregistrationAcceptUETerminated,
             .serviceRequest, .configurationUpdateComplete, .authenticationResponse, .authenticationFailure, .identityResponse,
             .securityModeComplete, .securityModeReject, .ulnasTransport, .controlPlaneServiceRequest:
            true
        default:
            false
        }
    }

    /// A 5GMM message the state does not allow (TS 24.501 §7.3, §7.4): reported, answered with 5GMM STATUS.
    mutating func notCompatible(_ name: String, clause: String, cause: UInt8 = 98, state detail: String? = nil, bytes: [UInt8],
                                into actions: inout [UEAction]) {
        deviate("unexpectedMessage", clause, "\(name) in \(detail ?? "\(state)"): ignored", bytes: bytes, into: &actions)
        if configuration.answersWithStatus && isConnected {
            send(FiveGMMStatus(cause: FiveGMMCause(cause)), into: &actions)
        }
    }
}
