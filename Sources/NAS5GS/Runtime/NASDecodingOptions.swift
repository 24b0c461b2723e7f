/// How strictly a NAS message is decoded (TS 24.501 clause 7).
///
/// Both modes throw for what the spec makes fatal: a missing or short mandatory IE
/// (#96), an unknown message type (#97), an unknown comprehension-required IE (#96).
/// Strict mode (conformance verdicts) also throws for a syntactically incorrect or
/// truncated optional IE (#100), an out-of-sequence IE or a repeated IE (#111).
/// Tolerant mode (capture analysis) records those as `NASDiagnostic`s and goes on as
/// the spec lets a receiver do: a bad optional IE is treated as not present (§7.7.1)
/// but kept as a raw IE so the message still re-encodes byte for byte, an
/// out-of-sequence IE is accepted, a repeated IE's later copies are kept raw (§7.6.3).
/// Unknown IEs that are not comprehension-required are kept raw in both modes (§7.6.1).
public struct NASDecodingOptions: Sendable, Equatable {
    public var tolerant: Bool
    /// Decode security-protected messages whose header says "ciphered" as if NEA0
    /// (null ciphering) had been used: the inner bytes are read as a plain message.
    public var nullDecipher: Bool

    public init(tolerant: Bool = false, nullDecipher: Bool = false) {
        self.tolerant = tolerant
        self.nullDecipher = nullDecipher
    }

    public static let strict = NASDecodingOptions()
    public static let tolerant = NASDecodingOptions(tolerant: true)
}

/// A deviation from TS 24.501 that tolerant decoding accepted.
public struct NASDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var code: NASDecodingError.Code
    /// Byte offset from the start of the message where the problem is.
    public var offset: Int
    /// The IEI concerned (the 4-bit IEI shifted into the high nibble for type 1 IEs), if any.
    public var iei: UInt8?

    public init(code: NASDecodingError.Code, offset: Int, iei: UInt8?) {
        self.code = code
        self.offset = offset
        self.iei = iei
    }

    public var description: String {
        "\(code) at offset \(offset)" + (iei.map { ", IEI 0x" + String($0, radix: 16) } ?? "")
    }
}
