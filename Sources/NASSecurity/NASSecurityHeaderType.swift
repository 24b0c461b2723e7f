/// Security header type of a 5GMM message (TS 24.501 §9.3.1), the low nibble of octet 2; an open set.
public struct NASSecurityHeaderType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0: plain 5GS NAS message, not security protected.
    public static let plain = Self(rawValue: 0)
    /// 1: integrity protected.
    public static let integrityProtected = Self(rawValue: 1)
    /// 2: integrity protected and ciphered.
    public static let integrityProtectedAndCiphered = Self(rawValue: 2)
    /// 3: integrity protected with new 5G NAS security context (Security Mode Command).
    public static let integrityProtectedWithNewContext = Self(rawValue: 3)
    /// 4: integrity protected and ciphered with new 5G NAS security context (Security Mode Complete).
    public static let integrityProtectedAndCipheredWithNewContext = Self(rawValue: 4)

    /// Whether the message part is ciphered (types 2 and 4).
    @inlinable public var isCiphered: Bool { rawValue == 2 || rawValue == 4 }
    /// Whether this is one of the four protected types 1-4 (5-15 are reserved).
    @inlinable public var isProtected: Bool { rawValue &- 1 < 4 }
    /// Whether the message comes with a new 5G NAS security context (types 3 and 4).
    @inlinable public var isNewContext: Bool { rawValue == 3 || rawValue == 4 }

    public var description: String { "SHT\(rawValue)" }
}

/// The extended protocol discriminator of 5GS mobility management (TS 24.007 §11.2.3.1.1A).
public let fiveGMMProtocolDiscriminator: UInt8 = 0x7E

/// NAS COUNT (TS 24.501 §4.4.3.1): a 16-bit overflow counter and the 8-bit sequence number sent in the
/// message; the 32-bit COUNT input of the algorithms is 0x00 || overflow || SQN.
public struct NASCount: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// COUNT = overflow × 256 + sequence number (24 bits used).
    @inlinable public var value: UInt32 { storage }
    @usableFromInline var storage: UInt32

    /// The largest COUNT (overflow 0xFFFF, SQN 0xFF).
    public static let maximum = NASCount(value: 0x00ff_ffff)
    public static let zero = NASCount(value: 0)

    /// The low 24 bits of `value`.
    @inlinable public init(value: UInt32) { storage = value & 0x00ff_ffff }
    @inlinable public init(overflow: UInt16, sequenceNumber: UInt8) {
        storage = UInt32(overflow) << 8 | UInt32(sequenceNumber)
    }

    @inlinable public var overflow: UInt16 { UInt16(truncatingIfNeeded: storage >> 8) }
    @inlinable public var sequenceNumber: UInt8 { UInt8(truncatingIfNeeded: storage) }

    /// The next COUNT; nil at `maximum`, where the NAS COUNT would wrap around (TS 24.501 §4.4.3.5).
    @inlinable public var next: NASCount? {
        storage < 0x00ff_ffff ? NASCount(value: storage &+ 1) : nil
    }

    /// The receiver's estimate of the sender's COUNT for a received `sequenceNumber` (TS 24.501 §4.4.3.1),
    /// when `self` is the lowest COUNT it still accepts: the smallest COUNT not below `self` that ends in
    /// that sequence number. The overflow counter goes up by one when the sequence number wrapped around;
    /// nil when it would pass `maximum`.
    @inlinable public func estimate(sequenceNumber sqn: UInt8) -> NASCount? {
        if sqn >= sequenceNumber { return NASCount(overflow: overflow, sequenceNumber: sqn) }
        guard overflow < 0xffff else { return nil }
        return NASCount(overflow: overflow &+ 1, sequenceNumber: sqn)
    }

    public static func < (a: NASCount, b: NASCount) -> Bool { a.storage < b.storage }
    public var description: String { "COUNT \(value) (overflow \(overflow), SQN \(sequenceNumber))" }
}
