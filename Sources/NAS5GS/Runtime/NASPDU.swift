/// Security header type (TS 24.501 §9.3): an open registry.
public struct NASSecurityHeaderType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let plain = Self(rawValue: 0)
    public static let integrityProtected = Self(rawValue: 1)
    public static let integrityProtectedAndCiphered = Self(rawValue: 2)
    public static let integrityProtectedWithNewContext = Self(rawValue: 3)
    public static let integrityProtectedAndCipheredWithNewContext = Self(rawValue: 4)

    /// Types 2 and 4: the inner message is ciphered.
    public var isCiphered: Bool { rawValue == 2 || rawValue == 4 }
}

/// A security-protected 5GS NAS message (TS 24.501 §9.1.1, figure 9.1.1.2): EPD 0x7E,
/// security header type, 4-octet MAC, sequence number, then the inner plain NAS
/// message, ciphered when the header type is 2 or 4. This module does no cryptography:
/// `payload` is the inner bytes as received (a slice of the input); FiveGSecurity
/// checks the MAC and deciphers, then `decodeInner(deciphered:)` reads the result.
public struct NASProtectedMessage: Sendable, Equatable {
    public var securityHeaderType: NASSecurityHeaderType
    /// Bits 8-5 of octet 2 (spare), as received.
    public var spareHalfOctet: UInt8
    public var mac: UInt32
    public var sequenceNumber: UInt8
    /// The inner message bytes (ciphered for header types 2 and 4).
    public var payload: ArraySlice<UInt8>

    public init(securityHeaderType: NASSecurityHeaderType, spareHalfOctet: UInt8 = 0, mac: UInt32, sequenceNumber: UInt8, payload: ArraySlice<UInt8>) {
        self.securityHeaderType = securityHeaderType
        self.spareHalfOctet = spareHalfOctet
        self.mac = mac
        self.sequenceNumber = sequenceNumber
        self.payload = payload
    }

    /// Wraps an encoded plain message (MAC and ciphering to be applied by the caller).
    public init(securityHeaderType: NASSecurityHeaderType, mac: UInt32, sequenceNumber: UInt8, inner: NASMessage) {
        self.init(securityHeaderType: securityHeaderType, mac: mac, sequenceNumber: sequenceNumber, payload: inner.nasEncoded[...])
    }

    /// Whether `bytes` starts with a security header: EPD 5GMM, security header type not 0.
    static func isProtected(_ bytes: ArraySlice<UInt8>) -> Bool {
        let s = bytes.startIndex
        return bytes.count >= 2 && bytes[s] == 0x7E && bytes[s &+ 1] & 0x0F != 0
    }

    /// Reads the security header of bytes that `isProtected` accepted.
    init(protectedBytes bytes: ArraySlice<UInt8>) throws(NASDecodingError) {
        let s = bytes.startIndex
        let sht = bytes[s &+ 1] & 0x0F
        guard sht <= 4 else { throw .reservedSecurityHeaderType() }
        guard bytes.count >= 7 else { throw .truncatedSecurityHeader(count: bytes.count) }
        let mac = UInt32(bytes[s &+ 2]) << 24 | UInt32(bytes[s &+ 3]) << 16 | UInt32(bytes[s &+ 4]) << 8 | UInt32(bytes[s &+ 5])
        self.init(securityHeaderType: NASSecurityHeaderType(rawValue: sht), spareHalfOctet: bytes[s &+ 1] >> 4,
                  mac: mac, sequenceNumber: bytes[s &+ 6], payload: bytes[(s &+ 7)...])
    }

    public var isCiphered: Bool { securityHeaderType.isCiphered }

    /// Decodes the inner message when it is readable: not ciphered, or ciphered and
    /// `options.nullDecipher` (NEA0). Throws `.ciphered` otherwise.
    public func decodeInner(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        guard !isCiphered || options.nullDecipher else { throw .cipheredInner() }
        var r = NASReader(payload, options: options)
        return try NASMessage.decode(&r)
    }

    public func decodeInner(options: NASDecodingOptions, diagnostics: inout [NASDiagnostic]) throws(NASDecodingError) -> NASMessage {
        guard !isCiphered || options.nullDecipher else { throw .cipheredInner() }
        return try NASMessage(nasEncoded: payload, options: options, diagnostics: &diagnostics)
    }

    /// Decodes deciphered inner bytes (from FiveGSecurity).
    public func decodeInner(deciphered: ArraySlice<UInt8>, options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        try NASMessage(nasEncoded: deciphered, options: options)
    }

    /// Appends the protected message: header, MAC, sequence number, payload.
    public func nasEncode(into out: inout [UInt8]) {
        out.append(0x7E)
        out.append((spareHalfOctet & 0x0F) << 4 | (securityHeaderType.rawValue & 0x0F))
        appendUInt32(mac, &out)
        out.append(sequenceNumber)
        out.append(contentsOf: payload)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.securityHeaderType == b.securityHeaderType && a.spareHalfOctet == b.spareHalfOctet && a.mac == b.mac
            && a.sequenceNumber == b.sequenceNumber && a.payload.elementsEqual(b.payload)
    }
}

/// A NAS-PDU as carried in NGAP: a plain 5GMM/5GSM message or a security-protected 5GMM message.
public enum NASPDU: Sendable, Equatable {
    case plain(NASMessage)
    case protected(NASProtectedMessage)

    /// Decodes a NAS-PDU. A protected message's inner bytes are not decoded here
    /// (see `NASProtectedMessage.decodeInner`).
    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        if NASProtectedMessage.isProtected(bytes) {
            self = .protected(try NASProtectedMessage(protectedBytes: bytes))
        } else {
            self = .plain(try NASMessage(nasEncoded: bytes, options: options))
        }
    }

    public init(nasEncoded bytes: [UInt8], options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        try self.init(nasEncoded: bytes[...], options: options)
    }

    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions, diagnostics: inout [NASDiagnostic]) throws(NASDecodingError) {
        if NASProtectedMessage.isProtected(bytes) {
            self = .protected(try NASProtectedMessage(protectedBytes: bytes))
        } else {
            self = .plain(try NASMessage(nasEncoded: bytes, options: options, diagnostics: &diagnostics))
        }
    }

    public func nasEncode(into out: inout [UInt8]) {
        switch self {
        case .plain(let m): m.nasEncode(into: &out)
        case .protected(let p): p.nasEncode(into: &out)
        }
    }

    public var nasEncoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        nasEncode(into: &out)
        return out
    }

    /// The plain message: the message itself, or the decoded inner message of a
    /// protected PDU when readable (see `NASProtectedMessage.decodeInner`).
    public func message(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        switch self {
        case .plain(let m): m
        case .protected(let p): try p.decodeInner(options: options)
        }
    }
}
