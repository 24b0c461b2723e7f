import NAS5GS
import NASSecurity

/// What one NAS message means for the procedures of its UE (TS 24.501 §5.4–§5.5 for 5GMM, §6.3–§6.4 for
/// 5GSM): which procedure it starts, ends well or ends badly, with the cause of a rejection.
public struct NASProcedureEvent: Hashable, Sendable {
    public enum Step: Hashable, Sendable {
        case start, success, failure
        /// Acknowledges a procedure that already ended (Registration complete).
        case complete
    }

    /// `registration`, `authentication`, `security_mode`, `service_request`, `deregistration`,
    /// `pdu_session_establishment`, `pdu_session_modification`, `pdu_session_release`.
    public var procedure: String
    public var step: Step
    /// The message type (its 24.501 name is `messageType.name`).
    public var messageType: NASMessageType
    /// The PDU session identity of a 5GSM message, 0 for 5GMM.
    public var pduSessionID: UInt8
    /// `5GMM cause #7 …` / `5GSM cause #26 …` for rejections that carry one.
    public var cause: String?
    /// The NAS sequence number of a protected message (TS 24.501 §9.3), nil for a plain one.
    public var sequenceNumber: UInt8?
    /// For a Security Mode Command: the ciphering algorithm it selects (0 = NEA0).
    public var selectedCiphering: UInt8?

    /// The events of one NAS-PDU: none for a message that starts or ends no procedure, or that cannot be read
    /// (ciphered without keys, undecodable: the caller counts those); two when a 5GMM transport carries 5GSM.
    /// `nullCiphering`: the UE's security mode selected NEA0, so "ciphered" messages are read as they are.
    public static func events(of bytes: ArraySlice<UInt8>, nullCiphering: Bool, into out: inout [NASProcedureEvent]) -> NASReadability {
        let options = NASDecodingOptions(tolerant: true, nullDecipher: nullCiphering)
        let message: NASMessage
        var sequence: UInt8?
        do {
            switch try NASSecurity.NASPDU(nasEncoded: bytes, options: options) {
            case .plain(let m):
                message = m
            case .protected(let p):
                if p.isCiphered && !nullCiphering { return .ciphered(sequenceNumber: p.sequenceNumber) }
                sequence = p.sequenceNumber
                message = try p.decodeInner(options: options)
            }
        } catch {
            return .undecodable(String(describing: error.code))
        }
        if let event = event(of: message, psi: 0) {
            var e = event
            e.sequenceNumber = sequence
            out.append(e)
        }
        if let container = transportedSM(message), container.count >= 4 {
            let psi = container[container.startIndex + 1]
            do {
                let inner = try NASMessage(nasEncoded: container, options: options)
                if var e = event(of: inner, psi: psi) {
                    e.sequenceNumber = sequence
                    out.append(e)
                }
            } catch {
                return .undecodable(String(describing: error.code))
            }
        }
        return .read(message.messageType, sequenceNumber: sequence)
    }

    /// Whether a NAS-PDU could be read.
    public enum NASReadability: Hashable, Sendable {
        /// Read: the (outer) message type, and the sequence number of a protected message.
        case read(NASMessageType, sequenceNumber: UInt8?)
        /// Ciphered and not readable; its security header is.
        case ciphered(sequenceNumber: UInt8)
        case undecodable(String)
    }

    static func transportedSM(_ m: NASMessage) -> ArraySlice<UInt8>? {
        switch m {
        case .ulnasTransport(let t) where t.payloadContainerType == .n1SMInformation: t.payloadContainer.bytes
        case .dlnasTransport(let t) where t.payloadContainerType == .n1SMInformation: t.payloadContainer.bytes
        default: nil
        }
    }

    static func event(of m: NASMessage, psi: UInt8) -> NASProcedureEvent? {
        let type = m.messageType
        func e(_ p: String, _ s: Step, _ cause: String? = nil) -> NASProcedureEvent {
            NASProcedureEvent(procedure: p, step: s, messageType: type, pduSessionID: psi, cause: cause, sequenceNumber: nil, selectedCiphering: nil)
        }
        switch m {
        case .registrationReject(let r): return e("registration", .failure, "5GMM cause \(r.cause)")
        case .serviceReject(let r): return e("service_request", .failure, "5GMM cause \(r.cause)")
        case .authenticationFailure(let r): return e("authentication", .failure, "5GMM cause \(r.cause)")
        case .authenticationReject: return e("authentication", .failure, "Authentication reject")
        case .securityModeReject(let r): return e("security_mode", .failure, "5GMM cause \(r.cause)")
        case .securityModeCommand(let c):
            var event = e("security_mode", .start)
            event.selectedCiphering = c.selectedNASSecurityAlgorithms.ciphering
            return event
        case .pduSessionEstablishmentReject(let r): return e("pdu_session_establishment", .failure, "5GSM cause \(r.cause)")
        case .pduSessionModificationReject(let r): return e("pdu_session_modification", .failure, "5GSM cause \(r.cause)")
        case .pduSessionModificationCommandReject(let r): return e("pdu_session_modification", .failure, "5GSM cause \(r.cause)")
        case .pduSessionReleaseReject(let r): return e("pdu_session_release", .failure, "5GSM cause \(r.cause)")
        default: break
        }
        switch type.rawValue {
        case 0x41: return e("registration", .start)
        case 0x42: return e("registration", .success)
        case 0x43: return e("registration", .complete)
        case 0x45, 0x47: return e("deregistration", .start)
        case 0x46, 0x48: return e("deregistration", .success)
        case 0x4C, 0x4F: return e("service_request", .start)
        case 0x4E: return e("service_request", .success)
        case 0x56: return e("authentication", .start)
        case 0x57: return e("authentication", .success)
        case 0x5D: return e("security_mode", .start)
        case 0x5E: return e("security_mode", .success)
        case 0xC1: return e("pdu_session_establishment", .start)
        case 0xC2: return e("pdu_session_establishment", .success)
        case 0xC9, 0xCB: return e("pdu_session_modification", .start)
        case 0xCC: return e("pdu_session_modification", .success)
        case 0xD1, 0xD3: return e("pdu_session_release", .start)
        case 0xD4: return e("pdu_session_release", .success)
        default: return nil
        }
    }
}
