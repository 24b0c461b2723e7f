import NAS5GS

/// The security header of a security-protected 5GMM message (TS 24.501 §9.1.1, figure 9.1.1.2): EPD 0x7E,
/// spare half octet and security header type, 4-octet MAC, sequence number; the plain NAS message follows
/// (ciphered for header types 2 and 4). The MAC covers the sequence number and the message as sent (§4.4.3.3).
public struct NASSecurityHeader: Hashable, Sendable {
    /// Octets before the plain NAS message.
    public static let length = 7

    public var headerType: NASSecurityHeaderType
    /// Bits 8-5 of octet 2 (spare), as received.
    public var spareHalfOctet: UInt8
    public var mac: UInt32
    public var sequenceNumber: UInt8

    public init(headerType: NASSecurityHeaderType, spareHalfOctet: UInt8 = 0, mac: UInt32, sequenceNumber: UInt8) {
        self.headerType = headerType
        self.spareHalfOctet = spareHalfOctet
        self.mac = mac
        self.sequenceNumber = sequenceNumber
    }

    /// Reads the header at the start of `bytes`. Nil when the bytes are not a protected message: not 5GMM,
    /// fewer than 2 octets, or security header type 0 (the plain decoder then judges them). Throws for a
    /// reserved header type (5-15, cause #111) or a header cut short (cause #96).
    @inlinable
    public static func read(_ bytes: UnsafeRawBufferPointer) throws(NASDecodingError) -> NASSecurityHeader? {
        guard bytes.count >= 2, bytes[0] == fiveGMMProtocolDiscriminator else { return nil }
        let octet2 = bytes[1]
        let sht = NASSecurityHeaderType(rawValue: octet2 & 0x0F)
        if sht == .plain { return nil }
        guard sht.isProtected else { throw reservedHeaderType() }
        guard bytes.count >= length else { throw truncated(count: bytes.count) }
        let mac = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        return NASSecurityHeader(headerType: sht, spareHalfOctet: octet2 >> 4, mac: mac, sequenceNumber: bytes[6])
    }

    /// `read(_:)` over an array slice (indexing the slice: no closure on the decode path).
    @inlinable
    public static func read(_ bytes: ArraySlice<UInt8>) throws(NASDecodingError) -> NASSecurityHeader? {
        let s = bytes.startIndex
        guard bytes.count >= 2, bytes[s] == fiveGMMProtocolDiscriminator else { return nil }
        let octet2 = bytes[s &+ 1]
        let sht = NASSecurityHeaderType(rawValue: octet2 & 0x0F)
        if sht == .plain { return nil }
        guard sht.isProtected else { throw reservedHeaderType() }
        guard bytes.count >= length else { throw truncated(count: bytes.count) }
        let mac = UInt32(bytes[s &+ 2]) << 24 | UInt32(bytes[s &+ 3]) << 16 | UInt32(bytes[s &+ 4]) << 8 | UInt32(bytes[s &+ 5])
        return NASSecurityHeader(headerType: sht, spareHalfOctet: octet2 >> 4, mac: mac, sequenceNumber: bytes[s &+ 6])
    }

    /// Writes the 7 octets at the start of `buffer` (at least 7 bytes long).
    @inlinable
    public func write(to buffer: UnsafeMutableRawBufferPointer) {
        buffer[0] = fiveGMMProtocolDiscriminator
        buffer[1] = (spareHalfOctet & 0x0F) << 4 | (headerType.rawValue & 0x0F)
        buffer.storeBytes(of: mac.bigEndian, toByteOffset: 2, as: UInt32.self)
        buffer[6] = sequenceNumber
    }

    /// Appends the 7 octets.
    public func append(to out: inout [UInt8]) {
        out.append(fiveGMMProtocolDiscriminator)
        out.append((spareHalfOctet & 0x0F) << 4 | (headerType.rawValue & 0x0F))
        out.append(UInt8(truncatingIfNeeded: mac >> 24))
        out.append(UInt8(truncatingIfNeeded: mac >> 16))
        out.append(UInt8(truncatingIfNeeded: mac >> 8))
        out.append(UInt8(truncatingIfNeeded: mac))
        out.append(sequenceNumber)
    }

    @inline(never) @usableFromInline
    static func reservedHeaderType() -> NASDecodingError {
        NASDecodingError(code: .invalidHeader, cause: NASErrorCause.protocolErrorUnspecified, offset: 1, ie: "Security header type")
    }

    @inline(never) @usableFromInline
    static func truncated(count: Int) -> NASDecodingError {
        NASDecodingError(code: .truncated, cause: NASErrorCause.invalidMandatoryInformation, offset: count,
                         ie: "Message authentication code / Sequence number")
    }
}
