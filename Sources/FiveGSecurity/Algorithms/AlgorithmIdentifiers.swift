/// 5G NAS security algorithm identifiers (TS 33.501 §5.11.1.1/§5.11.1.2, 4-bit values as in the
/// NAS security algorithms IE of TS 24.501 §9.11.3.34). Open set: unknown values stay representable.
public struct CipheringAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Null ciphering.
    public static let nea0 = Self(rawValue: 0)
    /// 128-NEA1, SNOW 3G based (UEA2 f8).
    public static let nea1 = Self(rawValue: 1)
    /// 128-NEA2, AES-128 in CTR mode.
    public static let nea2 = Self(rawValue: 2)
    /// 128-NEA3, ZUC based.
    public static let nea3 = Self(rawValue: 3)
    public static let allImplemented: [Self] = [.nea0, .nea1, .nea2, .nea3]
    public var description: String { "NEA\(rawValue)" }
}

/// 5G NAS integrity algorithm identifiers (TS 33.501 §5.11.1.2).
public struct IntegrityAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Null integrity: the MAC is 32 zero bits.
    public static let nia0 = Self(rawValue: 0)
    /// 128-NIA1, SNOW 3G based (UIA2 f9).
    public static let nia1 = Self(rawValue: 1)
    /// 128-NIA2, AES-128 CMAC.
    public static let nia2 = Self(rawValue: 2)
    /// 128-NIA3, ZUC based.
    public static let nia3 = Self(rawValue: 3)
    public static let allImplemented: [Self] = [.nia0, .nia1, .nia2, .nia3]
    public var description: String { "NIA\(rawValue)" }
}

/// DIRECTION input of the NAS algorithms: 0 uplink, 1 downlink (TS 33.501 D.2.1/D.3.1).
public enum Direction: UInt8, Hashable, Sendable {
    case uplink = 0
    case downlink = 1
}
