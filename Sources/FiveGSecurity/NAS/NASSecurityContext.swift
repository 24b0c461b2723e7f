import Bytes

/// A 5G NAS security context in use (TS 33.501 §6.4, TS 24.501 §4.4): keys, selected algorithms,
/// and the uplink and downlink NAS COUNTs. The same value type serves a UE (sends uplink, receives
/// downlink) and a network (sends downlink, receives uplink); it works on raw NAS bytes.
///
/// Protected message layout (TS 24.501 §9.1.1): EPD (1) | security header type (1) | MAC (4) |
/// sequence number (1) | plain NAS message. The MAC covers sequence number + (ciphered) message
/// (§4.4.3.3); BEARER is the NAS connection identifier (1 for 3GPP access, 2 for non-3GPP), DIRECTION
/// 0 uplink / 1 downlink, COUNT = overflow × 256 + SQN.
public struct NASSecurityContext: Sendable {
    /// Which end of the NAS connection this context belongs to.
    public enum Role: Hashable, Sendable {
        case ue
        case network
    }

    public let role: Role
    public let accessType: AccessType
    public let integrityKey: IntegrityKey
    public let cipheringKey: CipheringKey
    /// The COUNT the sender will use for its next message.
    public private(set) var sendCount: NASCount
    /// The COUNT of the last message accepted from the peer, or nil before the first.
    public private(set) var lastReceivedCount: NASCount?
    /// The overflow assumed for the first received message (normally 0).
    public private(set) var initialReceiveCount: NASCount

    /// A context with prepared keys. Counts start at zero, as for a new context after a Security
    /// Mode Command (TS 24.501 §4.4.3.1), unless given.
    public init(role: Role, integrityKey: IntegrityKey, cipheringKey: CipheringKey, accessType: AccessType = .threeGPP,
                sendCount: NASCount = .zero, receiveCount: NASCount = .zero) {
        self.role = role
        self.accessType = accessType
        self.integrityKey = integrityKey
        self.cipheringKey = cipheringKey
        self.sendCount = sendCount
        self.initialReceiveCount = receiveCount
    }

    /// A context whose KNASint/KNASenc are derived from KAMF for the selected algorithms (TS 33.501 A.8).
    public init(role: Role, kamf: [UInt8], integrity: IntegrityAlgorithm, ciphering: CipheringAlgorithm,
                accessType: AccessType = .threeGPP) throws(SecurityError) {
        let ik = try IntegrityKey(algorithm: integrity, key: try KeyHierarchy.knasInt(kamf: kamf, algorithm: integrity))
        let ck = try CipheringKey(algorithm: ciphering, key: try KeyHierarchy.knasEnc(kamf: kamf, algorithm: ciphering))
        self.init(role: role, integrityKey: ik, cipheringKey: ck, accessType: accessType)
    }

    /// DIRECTION of the messages this side sends.
    @inlinable public var sendDirection: Direction { role == .ue ? .uplink : .downlink }
    /// DIRECTION of the messages this side receives.
    @inlinable public var receiveDirection: Direction { role == .ue ? .downlink : .uplink }
    /// BEARER: the NAS connection identifier.
    @inlinable public var bearer: UInt8 { accessType.rawValue }

    /// The uplink COUNT: next to send (UE) or last received (network).
    public var uplinkCount: NASCount? { role == .ue ? sendCount : lastReceivedCount }
    /// The downlink COUNT: next to send (network) or last received (UE).
    public var downlinkCount: NASCount? { role == .network ? sendCount : lastReceivedCount }

    // MARK: Protect

    /// Protects the plain NAS message `message` with `headerType` (1-4) using the next send COUNT,
    /// appending the protected message to `output`; then advances the send COUNT.
    public mutating func protect(_ message: UnsafeRawBufferPointer, headerType: SecurityHeaderType, into output: inout [UInt8]) throws(SecurityError) {
        guard headerType.isProtected else { throw .value("security header type \(headerType.rawValue) does not protect a message") }
        let count = sendCount
        let start = output.count
        output.reserveCapacity(start + 7 + message.count)
        output.append(fiveGMMProtocolDiscriminator)
        output.append(headerType.rawValue)
        for _ in 0..<4 { output.append(0) }
        output.append(count.sequenceNumber)
        output.append(contentsOf: message)
        let (integrityKey, cipheringKey, bearer, direction) = (self.integrityKey, self.cipheringKey, self.bearer, self.sendDirection)
        try withMutableBytes(&output) { (buf) throws(SecurityError) in
            let pdu = UnsafeMutableRawBufferPointer(rebasing: buf[start...])
            if headerType.isCiphered && message.count > 0 {
                try cipheringKey.apply(count: count.value, bearer: bearer, direction: direction,
                                       UnsafeMutableRawBufferPointer(rebasing: pdu[7...]), bitLength: message.count * 8)
            }
            let macInput = UnsafeRawBufferPointer(rebasing: pdu[6...])
            let mac = try integrityKey.mac(count: count.value, bearer: bearer, direction: direction, macInput, bitLength: macInput.count * 8)
            pdu.storeBytes(of: mac.bigEndian, toByteOffset: 2, as: UInt32.self)
        }
        sendCount.increment()
    }

    /// Protects `message` and returns the security protected NAS message.
    public mutating func protect(_ message: [UInt8], headerType: SecurityHeaderType = .integrityProtectedAndCiphered) throws(SecurityError) -> [UInt8] {
        var out = [UInt8]()
        try withBytes(message) { (m) throws(SecurityError) in try protect(m, headerType: headerType, into: &out) }
        return out
    }

    // MARK: Unprotect

    /// The COUNT the receiver assumes for a received sequence number: the overflow of the last
    /// accepted message, plus one if the sequence number is not above that message's (TS 24.501 §4.4.3.1).
    public func estimatedReceiveCount(sequenceNumber sqn: UInt8) -> NASCount {
        guard let last = lastReceivedCount else {
            return NASCount(overflow: initialReceiveCount.overflow, sequenceNumber: sqn)
        }
        if sqn > last.sequenceNumber { return NASCount(overflow: last.overflow, sequenceNumber: sqn) }
        return NASCount(overflow: last.overflow &+ 1, sequenceNumber: sqn)
    }

    /// Verifies and deciphers a received NAS message in place. On `.verified`, the message slice
    /// shares `pdu`'s storage (no copy) and the receive COUNT has advanced. Throws only when the bytes
    /// are not a 5GMM message at all (too short, wrong EPD, unknown header type).
    public mutating func unprotect(_ pdu: inout [UInt8]) throws(SecurityError) -> NASUnprotectOutcome {
        guard pdu.count >= 2 else { throw .truncated("NAS message of \(pdu.count) bytes") }
        guard pdu[0] == fiveGMMProtocolDiscriminator else {
            throw .malformed("extended protocol discriminator 0x\(Hex.encode([pdu[0]])) is not 5GMM")
        }
        let headerType = SecurityHeaderType(rawValue: pdu[1] & 0x0f)
        if headerType == .plain { return .notProtected(message: pdu[...]) }
        guard headerType.isProtected else { throw .malformed("security header type \(headerType.rawValue)") }
        guard pdu.count >= 7 else { throw .truncated("security protected NAS message of \(pdu.count) bytes") }
        let receivedMAC = UInt32(pdu[2]) << 24 | UInt32(pdu[3]) << 16 | UInt32(pdu[4]) << 8 | UInt32(pdu[5])
        let sqn = pdu[6]
        let estimate = estimatedReceiveCount(sequenceNumber: sqn)
        let expected = try mac(pdu, count: estimate)
        var count = estimate
        if expected != receivedMAC {
            // Not the estimate: is it an old COUNT (a replayed or reordered message)?
            if let last = lastReceivedCount, estimate.overflow != last.overflow {
                let old = NASCount(overflow: last.overflow, sequenceNumber: sqn)
                if try mac(pdu, count: old) == receivedMAC {
                    return .replayed(count: old)
                }
            }
            return .integrityFailure(count: estimate, receivedMAC: receivedMAC, expectedMAC: expected)
        }
        if integrityKey.algorithm == .nia0, let last = lastReceivedCount, estimate.overflow != last.overflow {
            // NIA0: no replay protection (TS 33.501 §5.11.1.2); keep the overflow as it was.
            count = NASCount(overflow: last.overflow, sequenceNumber: sqn)
        }
        if headerType.isCiphered && pdu.count > 7 {
            let (cipheringKey, bearer, direction) = (self.cipheringKey, self.bearer, self.receiveDirection)
            try withMutableBytes(&pdu) { (buf) throws(SecurityError) in
                try cipheringKey.apply(count: count.value, bearer: bearer, direction: direction,
                                       UnsafeMutableRawBufferPointer(rebasing: buf[7...]), bitLength: (buf.count - 7) * 8)
            }
        }
        lastReceivedCount = count
        return .verified(NASVerifiedMessage(headerType: headerType, count: count, message: pdu[7...]))
    }

    /// Verifies and deciphers a received NAS message (a copy of `pdu` holds the plain message).
    public mutating func unprotect(_ pdu: [UInt8]) throws(SecurityError) -> NASUnprotectOutcome {
        var copy = pdu
        return try unprotect(&copy)
    }

    @inlinable
    func mac(_ pdu: [UInt8], count: NASCount) throws(SecurityError) -> UInt32 {
        let (integrityKey, bearer, direction) = (self.integrityKey, self.bearer, self.receiveDirection)
        return try withBytes(pdu) { (buf) throws(SecurityError) in
            let input = UnsafeRawBufferPointer(rebasing: buf[6...])
            return try integrityKey.mac(count: count.value, bearer: bearer, direction: direction, input, bitLength: input.count * 8)
        }
    }
}

/// A received message that passed the integrity check.
public struct NASVerifiedMessage: Hashable, Sendable {
    public var headerType: SecurityHeaderType
    /// The NAS COUNT the message was verified with.
    public var count: NASCount
    /// The plain NAS message (deciphered if it was ciphered).
    public var message: ArraySlice<UInt8>
}

/// Result of checking a received NAS message (TS 24.501 §4.4.4, §4.4.3.2).
public enum NASUnprotectOutcome: Hashable, Sendable {
    /// Integrity verified with a fresh COUNT; deciphered if ciphered.
    case verified(NASVerifiedMessage)
    /// Security header type 0: a plain message, for the caller to accept or discard per §4.4.4.
    case notProtected(message: ArraySlice<UInt8>)
    /// The MAC matches an already used COUNT: a replayed or reordered message, to be discarded.
    case replayed(count: NASCount)
    /// The MAC does not verify with the estimated COUNT: discard the message.
    case integrityFailure(count: NASCount, receivedMAC: UInt32, expectedMAC: UInt32)
}
