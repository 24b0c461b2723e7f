/// EAP packets of EAP-AKA' (RFC 3748 §4, RFC 4187 §8 and §10, RFC 9048 §3): header, subtype and
/// the attributes used by 5G (TS 33.501 §6.1.3.1).

/// EAP Code (RFC 3748 §4).
public struct EAPCode: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let request = Self(rawValue: 1)
    public static let response = Self(rawValue: 2)
    public static let success = Self(rawValue: 3)
    public static let failure = Self(rawValue: 4)
}

/// EAP-AKA/AKA' subtypes (RFC 4187 §11).
public struct EAPAKASubtype: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let challenge = Self(rawValue: 1)
    public static let authenticationReject = Self(rawValue: 2)
    public static let synchronizationFailure = Self(rawValue: 4)
    public static let identity = Self(rawValue: 5)
    public static let notification = Self(rawValue: 12)
    public static let reauthentication = Self(rawValue: 13)
    public static let clientError = Self(rawValue: 14)
}

/// EAP method type of EAP-AKA' (RFC 9048).
public let eapTypeAKAPrime: UInt8 = 50

/// An EAP-AKA' attribute (RFC 4187 §10, RFC 9048 §3.1). Unknown attributes keep their bytes.
public enum EAPAKAAttribute: Hashable, Sendable {
    /// AT_RAND (1): 16-byte RAND.
    case rand([UInt8])
    /// AT_AUTN (2): 16-byte AUTN.
    case autn([UInt8])
    /// AT_RES (3): RES and its length in bits.
    case res([UInt8], bitLength: Int)
    /// AT_AUTS (4): 14-byte AUTS.
    case auts([UInt8])
    /// AT_MAC (11): 16-byte MAC.
    case mac([UInt8])
    /// AT_KDF_INPUT (23): the network name.
    case kdfInput([UInt8])
    /// AT_KDF (24): key derivation function; 1 is the default of RFC 9048.
    case kdf(UInt16)
    /// Any other attribute: its type and the bytes after the type and length octets.
    case unknown(type: UInt8, value: [UInt8])

    public var type: UInt8 {
        switch self {
        case .rand: 1
        case .autn: 2
        case .res: 3
        case .auts: 4
        case .mac: 11
        case .kdfInput: 23
        case .kdf: 24
        case .unknown(let t, _): t
        }
    }

    /// Appends Type, Length (in 4-octet units) and value.
    func encode(into out: inout [UInt8]) throws(SecurityError) {
        var value: [UInt8]
        switch self {
        case .rand(let b), .autn(let b), .mac(let b): value = [0, 0] + b
        case .res(let b, let bits):
            guard bits >= 0, (bits + 7) / 8 == b.count else { throw .value("AT_RES bit length \(bits) does not fit \(b.count) bytes") }
            value = [UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits)] + b
        case .auts(let b): value = b
        case .kdfInput(let name):
            guard name.count <= 0xffff else { throw .value("AT_KDF_INPUT longer than 65535 bytes") }
            value = [UInt8(truncatingIfNeeded: name.count >> 8), UInt8(truncatingIfNeeded: name.count)] + name
        case .kdf(let k): value = [UInt8(k >> 8), UInt8(truncatingIfNeeded: k)]
        case .unknown(_, let b): value = b
        }
        while (value.count + 2) % 4 != 0 { value.append(0) }
        let units = (value.count + 2) / 4
        guard units <= 255 else { throw .value("EAP attribute \(type) longer than 1020 bytes") }
        out.append(type)
        out.append(UInt8(units))
        out.append(contentsOf: value)
    }

    /// Decodes one attribute from its type and value bytes (after the length octet).
    static func decode(type: UInt8, value v: ArraySlice<UInt8>) throws(SecurityError) -> EAPAKAAttribute {
        func fixed(_ n: Int, reserved: Int) throws(SecurityError) -> [UInt8] {
            guard v.count == n + reserved else { throw .malformed("EAP attribute \(type) has \(v.count + 2) bytes") }
            return Array(v.dropFirst(reserved))
        }
        switch type {
        case 1: return .rand(try fixed(16, reserved: 2))
        case 2: return .autn(try fixed(16, reserved: 2))
        case 11: return .mac(try fixed(16, reserved: 2))
        case 4: return .auts(try fixed(14, reserved: 0))
        case 3, 23:
            guard v.count >= 2 else { throw .malformed("EAP attribute \(type) too short") }
            let n = Int(v[v.startIndex]) << 8 | Int(v[v.startIndex + 1])
            let bytes = type == 3 ? (n + 7) / 8 : n
            guard bytes <= v.count - 2 else { throw .malformed("EAP attribute \(type) length \(n) exceeds the attribute") }
            let body = Array(v[(v.startIndex + 2)..<(v.startIndex + 2 + bytes)])
            return type == 3 ? .res(body, bitLength: n) : .kdfInput(body)
        case 24:
            guard v.count == 2 else { throw .malformed("AT_KDF has \(v.count + 2) bytes") }
            return .kdf(UInt16(v[v.startIndex]) << 8 | UInt16(v[v.startIndex + 1]))
        default:
            return .unknown(type: type, value: Array(v))
        }
    }
}

/// An EAP-Request or EAP-Response of type EAP-AKA' (Code, Identifier, Length, Type 50, Subtype,
/// two reserved octets, attributes).
public struct EAPAKAPrimePacket: Hashable, Sendable {
    public var code: EAPCode
    public var identifier: UInt8
    public var subtype: EAPAKASubtype
    public var attributes: [EAPAKAAttribute]

    public init(code: EAPCode, identifier: UInt8, subtype: EAPAKASubtype, attributes: [EAPAKAAttribute]) {
        self.code = code
        self.identifier = identifier
        self.subtype = subtype
        self.attributes = attributes
    }

    /// Decodes a packet; attribute lengths are checked against the bytes present.
    public init(bytes: [UInt8]) throws(SecurityError) {
        guard bytes.count >= 8 else { throw .truncated("EAP-AKA' packet of \(bytes.count) bytes") }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        guard length == bytes.count else { throw .malformed("EAP length \(length) but \(bytes.count) bytes") }
        guard bytes[4] == eapTypeAKAPrime else { throw .malformed("EAP type \(bytes[4]) is not EAP-AKA' (50)") }
        code = EAPCode(rawValue: bytes[0])
        identifier = bytes[1]
        subtype = EAPAKASubtype(rawValue: bytes[5])
        var attributes = [EAPAKAAttribute]()
        var i = 8
        while i < bytes.count {
            guard i + 2 <= bytes.count else { throw .truncated("EAP attribute header at offset \(i)", at: i) }
            let units = Int(bytes[i + 1])
            guard units > 0, i + units * 4 <= bytes.count else { throw .malformed("EAP attribute at offset \(i) has length \(units * 4)", at: i) }
            attributes.append(try EAPAKAAttribute.decode(type: bytes[i], value: bytes[(i + 2)..<(i + units * 4)]))
            i += units * 4
        }
        self.attributes = attributes
    }

    /// The encoded packet.
    public func encoded() throws(SecurityError) -> [UInt8] {
        var out: [UInt8] = [code.rawValue, identifier, 0, 0, eapTypeAKAPrime, subtype.rawValue, 0, 0]
        for a in attributes { try a.encode(into: &out) }
        guard out.count <= 0xffff else { throw .value("EAP packet longer than 65535 bytes") }
        out[2] = UInt8(out.count >> 8)
        out[3] = UInt8(truncatingIfNeeded: out.count)
        return out
    }

    /// The first attribute of the given type.
    public func attribute(_ type: UInt8) -> EAPAKAAttribute? { attributes.first { $0.type == type } }

    /// The packet with AT_MAC set to HMAC-SHA-256-128(K_aut, packet with a zero MAC) (RFC 9048 §3.4.2).
    public func encodedWithMAC(kAut: [UInt8]) throws(SecurityError) -> [UInt8] {
        var p = self
        p.attributes.removeAll { $0.type == 11 }
        p.attributes.append(.mac([UInt8](repeating: 0, count: 16)))
        var bytes = try p.encoded()
        let mac = Array(HMACSHA256.mac(key: kAut, bytes).prefix(16))
        bytes.replaceSubrange((bytes.count - 16)..<bytes.count, with: mac)
        return bytes
    }

    /// Whether `bytes` carries an AT_MAC that verifies with K_aut (RFC 9048 §3.4.2, RFC 4187 §10.15).
    public static func macVerifies(_ bytes: [UInt8], kAut: [UInt8]) -> Bool {
        var i = 8
        while i + 2 <= bytes.count {
            let units = Int(bytes[i + 1])
            guard units > 0, i + units * 4 <= bytes.count else { return false }
            if bytes[i] == 11 && units == 5 {
                let received = Array(bytes[(i + 4)..<(i + 20)])
                var zeroed = bytes
                zeroed.replaceSubrange((i + 4)..<(i + 20), with: [UInt8](repeating: 0, count: 16))
                return constantTimeEqual(Array(HMACSHA256.mac(key: kAut, zeroed).prefix(16)), received)
            }
            i += units * 4
        }
        return false
    }
}
