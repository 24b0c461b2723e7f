import FiveGSecurity
import NAS5GS

/// A 5G NAS security context in use (TS 33.501 §6.4, TS 24.501 §4.4): keys, selected algorithms, and the
/// uplink and downlink NAS COUNTs. One value type serves a UE (sends uplink, receives downlink) and a
/// network (sends downlink, receives uplink). It protects and checks messages in the caller's buffers.
///
/// Inputs of the algorithms: BEARER is the NAS connection identifier (1 for 3GPP access, 2 for non-3GPP,
/// TS 33.501 §6.4.3.1), DIRECTION 0 uplink / 1 downlink, COUNT = overflow × 256 + SQN (TS 24.501
/// §4.4.3.1). The MAC covers the sequence number and the (ciphered) message (§4.4.3.3).
///
/// COUNTs: the sender uses each COUNT once, from the initial value up; past 2^24 − 1 it refuses to protect
/// (`countExhausted`: a new context is needed, §4.4.3.5; `isNearCountWrapAround` warns 256 messages
/// ahead). The receiver keeps the lowest COUNT it still accepts (one above the last accepted) and
/// estimates the sender's COUNT from the 8-bit SQN as the smallest COUNT from there that ends in that SQN:
/// the overflow counter goes up by one when the SQN is below the last accepted one. A message whose MAC
/// verifies only with an older COUNT (the one 256 below the estimate) is reported `replayed`; a message
/// more than 255 COUNTs ahead of the last accepted one cannot be told from a forgery and fails as a MAC
/// mismatch. Rejected messages leave the context unchanged. With NIA0 there is no integrity or replay
/// protection (TS 33.501 §5.11.1.2): the MAC is not checked and the estimate is accepted as is.
public struct NASSecurityContext: Sendable {
    /// Which end of the NAS connection this context belongs to.
    public enum Role: Hashable, Sendable {
        case ue
        case network
    }

    public let role: Role
    public let accessType: FiveGSecurity.AccessType
    public let integrityKey: IntegrityKey
    public let cipheringKey: CipheringKey
    /// The COUNT of this side's next message, 2^24 once every COUNT is used.
    @usableFromInline var sendValue: UInt32
    /// The lowest COUNT a received message may have, 2^24 once the last COUNT was accepted.
    @usableFromInline var receiveValue: UInt32
    /// One above the COUNT of the first message this context accepts (for `lastReceivedCount`).
    @usableFromInline let initialReceiveValue: UInt32

    /// A context with prepared keys. The COUNTs of the next uplink and downlink messages start at zero,
    /// as for a new context taken into use by a Security Mode Command (TS 24.501 §4.4.3.1), unless given.
    public init(role: Role, integrityKey: IntegrityKey, cipheringKey: CipheringKey, accessType: FiveGSecurity.AccessType = .threeGPP,
                nextUplinkCount: NASCount = .zero, nextDownlinkCount: NASCount = .zero) {
        self.role = role
        self.accessType = accessType
        self.integrityKey = integrityKey
        self.cipheringKey = cipheringKey
        sendValue = (role == .ue ? nextUplinkCount : nextDownlinkCount).value
        receiveValue = (role == .ue ? nextDownlinkCount : nextUplinkCount).value
        initialReceiveValue = receiveValue
    }

    /// A context whose KNASint/KNASenc are derived from KAMF for the selected algorithms (TS 33.501 A.8).
    public init(role: Role, kamf: [UInt8], integrity: IntegrityAlgorithm, ciphering: CipheringAlgorithm,
                accessType: FiveGSecurity.AccessType = .threeGPP) throws(SecurityError) {
        let ik = try IntegrityKey(algorithm: integrity, key: try KeyHierarchy.knasInt(kamf: kamf, algorithm: integrity))
        let ck = try CipheringKey(algorithm: ciphering, key: try KeyHierarchy.knasEnc(kamf: kamf, algorithm: ciphering))
        self.init(role: role, integrityKey: ik, cipheringKey: ck, accessType: accessType)
    }

    public var integrityAlgorithm: IntegrityAlgorithm { integrityKey.algorithm }
    public var cipheringAlgorithm: CipheringAlgorithm { cipheringKey.algorithm }
    /// DIRECTION of the messages this side sends.
    @inlinable public var sendDirection: Direction { role == .ue ? .uplink : .downlink }
    /// DIRECTION of the messages this side receives.
    @inlinable public var receiveDirection: Direction { role == .ue ? .downlink : .uplink }
    /// BEARER: the NAS connection identifier.
    @inlinable public var bearer: UInt8 { accessType.rawValue }

    /// The COUNT the next protected message will carry; nil when every COUNT is used.
    public var nextSendCount: NASCount? { sendValue <= NASCount.maximum.value ? NASCount(value: sendValue) : nil }
    /// The COUNT of the last message this side protected, nil before the first.
    public var lastSentCount: NASCount? { sendValue > 0 ? NASCount(value: sendValue - 1) : nil }
    /// The lowest COUNT a received message may still have; nil once the maximum was accepted.
    public var nextReceiveCount: NASCount? { receiveValue <= NASCount.maximum.value ? NASCount(value: receiveValue) : nil }
    /// The COUNT of the last message this context accepted, nil before the first.
    public var lastReceivedCount: NASCount? { receiveValue > initialReceiveValue ? NASCount(value: receiveValue - 1) : nil }

    /// The uplink NAS COUNT of the last uplink message (sent by a UE, accepted by a network), as KgNB
    /// derivation takes it (TS 33.501 A.9); nil before the first.
    public var uplinkCount: NASCount? { role == .ue ? lastSentCount : lastReceivedCount }
    /// The downlink NAS COUNT of the last downlink message (sent by a network, accepted by a UE).
    public var downlinkCount: NASCount? { role == .network ? lastSentCount : lastReceivedCount }

    /// Whether either COUNT is within 256 of its maximum: time for a new context (TS 24.501 §4.4.3.5).
    public var isNearCountWrapAround: Bool {
        sendValue >= NASCount.maximum.value - 0xff || receiveValue >= NASCount.maximum.value - 0xff
    }
}

// MARK: Protect

extension NASSecurityContext {
    /// Protects in place: `buffer` holds 7 octets of room for the security header followed by the plain
    /// NAS message. Writes the header, ciphers the message (header types 2 and 4), writes the MAC, and
    /// advances the send COUNT. Returns the COUNT used.
    @discardableResult
    public mutating func protect(inPlace buffer: UnsafeMutableRawBufferPointer, headerType: NASSecurityHeaderType) throws(SecurityError) -> NASCount {
        guard headerType.isProtected else {
            throw SecurityError(.invalidValue, "security header type \(headerType.rawValue) does not protect a message")
        }
        guard buffer.count >= NASSecurityHeader.length else {
            throw SecurityError(.invalidLength, "a protected NAS message needs 7 octets of header, the buffer has \(buffer.count)")
        }
        guard let count = nextSendCount else {
            throw SecurityError(.countExhausted, "every NAS COUNT of this context is used; take a new context into use")
        }
        NASSecurityHeader(headerType: headerType, mac: 0, sequenceNumber: count.sequenceNumber).write(to: buffer)
        let messageLength = buffer.count - NASSecurityHeader.length
        if headerType.isCiphered && messageLength > 0 {
            try cipheringKey.apply(count: count.value, bearer: bearer, direction: sendDirection,
                                   UnsafeMutableRawBufferPointer(rebasing: buffer[NASSecurityHeader.length...]), bitLength: messageLength * 8)
        }
        let macInput = UnsafeRawBufferPointer(rebasing: buffer[6...])
        let mac = try integrityKey.mac(count: count.value, bearer: bearer, direction: sendDirection, macInput, bitLength: macInput.count * 8)
        buffer.storeBytes(of: mac.bigEndian, toByteOffset: 2, as: UInt32.self)
        sendValue &+= 1
        return count
    }

    /// Appends the protected form of the plain NAS message `message` to `output`.
    @discardableResult
    public mutating func protect(_ message: UnsafeRawBufferPointer, headerType: NASSecurityHeaderType,
                                 into output: inout [UInt8]) throws(SecurityError) -> NASCount {
        let start = output.count
        output.reserveCapacity(start + NASSecurityHeader.length + message.count)
        output.append(contentsOf: repeatElement(0, count: NASSecurityHeader.length))
        output.append(contentsOf: message)
        return try protectTail(of: &output, from: start, headerType: headerType)
    }

    /// Encodes `message` after a security header in `output` (no intermediate copy) and protects it.
    @discardableResult
    public mutating func protect(_ message: NASMessage, headerType: NASSecurityHeaderType = .integrityProtectedAndCiphered,
                                 into output: inout [UInt8]) throws(SecurityError) -> NASCount {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: NASSecurityHeader.length))
        message.nasEncode(into: &output)
        return try protectTail(of: &output, from: start, headerType: headerType)
    }

    /// The protected form of the plain NAS message `message`, as a new array.
    public mutating func protect(_ message: [UInt8], headerType: NASSecurityHeaderType = .integrityProtectedAndCiphered) throws(SecurityError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(NASSecurityHeader.length + message.count)
        output.append(contentsOf: repeatElement(0, count: NASSecurityHeader.length))
        output.append(contentsOf: message)
        try protectTail(of: &output, from: 0, headerType: headerType)
        return output
    }

    @discardableResult
    mutating func protectTail(of output: inout [UInt8], from start: Int, headerType: NASSecurityHeaderType) throws(SecurityError) -> NASCount {
        let r: Result<NASCount, SecurityError> = output.withUnsafeMutableBytes { buffer in
            Result { () throws(SecurityError) -> NASCount in
                try self.protect(inPlace: UnsafeMutableRawBufferPointer(rebasing: buffer[start...]), headerType: headerType)
            }
        }
        return try r.get()
    }
}
