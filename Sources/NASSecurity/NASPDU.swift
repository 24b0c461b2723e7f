import NAS5GS

/// A security-protected 5GS NAS message as received (TS 24.501 §9.1.1): its security header and the
/// inner bytes, ciphered when the header type is 2 or 4. No cryptography here: `NASSecurityContext`
/// checks the MAC and deciphers; `decodeInner` reads inner bytes that need no deciphering.
public struct NASProtectedMessage: Sendable, Equatable {
    public var header: NASSecurityHeader
    /// The inner message octets as received (a slice of the input).
    public var payload: ArraySlice<UInt8>

    public init(header: NASSecurityHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    /// Wraps an encoded plain message (MAC and ciphering to be applied by the caller).
    public init(headerType: NASSecurityHeaderType, mac: UInt32, sequenceNumber: UInt8, inner: NASMessage) {
        self.init(header: NASSecurityHeader(headerType: headerType, mac: mac, sequenceNumber: sequenceNumber),
                  payload: inner.nasEncoded[...])
    }

    public var securityHeaderType: NASSecurityHeaderType { header.headerType }
    public var mac: UInt32 { header.mac }
    public var sequenceNumber: UInt8 { header.sequenceNumber }
    public var isCiphered: Bool { header.headerType.isCiphered }

    /// Decodes the inner message when it is readable: not ciphered, or ciphered and `options.nullDecipher`
    /// (read as NEA0). Throws `.ciphered` (cause #111) otherwise.
    public func decodeInner(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        guard !isCiphered || options.nullDecipher else { throw Self.ciphered() }
        do {
            return try NASMessage(nasEncoded: payload, options: options)
        } catch {
            throw error.within("Security protected NAS message", offset: NASSecurityHeader.length)
        }
    }

    /// `decodeInner(options:)`, appending tolerant decoding's deviations to `diagnostics`.
    public func decodeInner(options: NASDecodingOptions, diagnostics: inout [NASDiagnostic]) throws(NASDecodingError) -> NASMessage {
        guard !isCiphered || options.nullDecipher else { throw Self.ciphered() }
        do {
            return try NASMessage(nasEncoded: payload, options: options, diagnostics: &diagnostics)
        } catch {
            throw error.within("Security protected NAS message", offset: NASSecurityHeader.length)
        }
    }

    /// Appends the protected message: header, MAC, sequence number, payload.
    public func nasEncode(into out: inout [UInt8]) {
        header.append(to: &out)
        out.append(contentsOf: payload)
    }

    public static func == (a: Self, b: Self) -> Bool { a.header == b.header && a.payload.elementsEqual(b.payload) }

    @inline(never)
    static func ciphered() -> NASDecodingError {
        NASDecodingError(code: .ciphered, cause: NASErrorCause.protocolErrorUnspecified, offset: NASSecurityHeader.length, ie: "NAS message")
    }
}

/// A NAS-PDU as carried in NGAP: a plain 5GMM/5GSM message or a security-protected 5GMM message.
public enum NASPDU: Sendable, Equatable {
    case plain(NASMessage)
    case protected(NASProtectedMessage)

    /// Decodes a NAS-PDU. A protected message's inner bytes are not decoded here (see
    /// `NASProtectedMessage.decodeInner`, or `NASSecurityContext.receive` to verify and decipher first).
    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        if let header = try NASSecurityHeader.read(bytes) {
            self = .protected(NASProtectedMessage(header: header, payload: bytes[(bytes.startIndex + NASSecurityHeader.length)...]))
        } else {
            self = .plain(try NASMessage(nasEncoded: bytes, options: options))
        }
    }

    public init(nasEncoded bytes: [UInt8], options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        try self.init(nasEncoded: bytes[...], options: options)
    }

    /// `init(nasEncoded:options:)`, appending tolerant decoding's deviations to `diagnostics`.
    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions, diagnostics: inout [NASDiagnostic]) throws(NASDecodingError) {
        if let header = try NASSecurityHeader.read(bytes) {
            self = .protected(NASProtectedMessage(header: header, payload: bytes[(bytes.startIndex + NASSecurityHeader.length)...]))
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

    /// The plain message: the message itself, or the decoded inner message of a protected PDU when
    /// readable (see `NASProtectedMessage.decodeInner`).
    public func message(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        switch self {
        case .plain(let m): m
        case .protected(let p): try p.decodeInner(options: options)
        }
    }
}
