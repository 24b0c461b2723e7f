import NAS5GS

/// A received message whose integrity was verified: its security header and the NAS COUNT it was verified
/// with.
public struct NASVerifiedHeader: Hashable, Sendable {
    public var header: NASSecurityHeader
    public var count: NASCount

    public init(header: NASSecurityHeader, count: NASCount) {
        self.header = header
        self.count = count
    }

    public var headerType: NASSecurityHeaderType { header.headerType }
}

/// Why a received protected message was not accepted; the receiver discards it (TS 24.501 §4.4.4,
/// §4.4.3.2) and its security context is unchanged.
public enum NASIntegrityFailure: Hashable, Sendable, CustomStringConvertible {
    /// The MAC does not verify with the estimated COUNT: tampered, for another context or direction, or
    /// 256 or more COUNTs ahead of the last accepted message.
    case macMismatch(count: NASCount, received: UInt32, expected: UInt32)
    /// The MAC verifies with a COUNT at or below the last accepted one: a replayed or reordered message.
    case replayed(count: NASCount)
    /// The context accepted its last COUNT; nothing more can be accepted (TS 24.501 §4.4.3.5).
    case countExhausted
    /// The security header does not parse (reserved header type, message cut inside the header).
    case malformedHeader(NASDecodingError)

    public var description: String {
        switch self {
        case .macMismatch(let count, let received, let expected):
            "MAC \(hex32(received)) does not verify with \(count) (expected \(hex32(expected)))"
        case .replayed(let count): "replayed: MAC verifies with the already used \(count)"
        case .countExhausted: "every NAS COUNT of this context is used"
        case .malformedHeader(let error): "malformed security header: \(error)"
        }
    }
}

func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}

/// The result of checking a received NAS message in its buffer (`NASSecurityContext.unprotect`).
public enum NASUnprotectOutcome: Hashable, Sendable {
    /// Integrity verified with a fresh COUNT (which the context now counts as used); deciphered in place:
    /// the plain message is the buffer after the 7-octet security header.
    case verified(NASVerifiedHeader)
    /// Security header type 0, or not a 5GMM message: the whole buffer is a plain message, for the caller
    /// to accept or discard as TS 24.501 §4.4.4 says.
    case notProtected
    /// Not accepted: discard the message.
    case failed(NASIntegrityFailure)
}

/// What a receiver learns from one arrived NAS message (`NASSecurityContext.receive`): verified,
/// deciphered and decoded, or why not.
public enum NASReceiveOutcome: Sendable, Equatable {
    /// Integrity OK: verified with a fresh COUNT, deciphered, decoded.
    case integrityOK(NASMessage, NASVerifiedHeader)
    /// Not security protected (security header type 0): decoded. TS 24.501 §4.4.4.2 (UE) and §4.4.4.3
    /// (network) list the messages that may be processed so.
    case notProtected(NASMessage)
    /// Integrity check failed: discard the message.
    case integrityFailed(NASIntegrityFailure)
    /// The plain message does not decode; `verified` is set when its integrity was verified first (the
    /// COUNT is then used). The error's cause is the one to answer with in a 5GMM or 5GSM STATUS.
    case undecodable(NASDecodingError, verified: NASVerifiedHeader?)
}
