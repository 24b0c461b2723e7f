import Bytes

/// What every generated message struct provides (TS 24.501 clause 8).
public protocol NASMessageBody: Sendable, Equatable {
    static var messageType: NASMessageType { get }
    /// 0x7E (5GMM) or 0x2E (5GSM).
    static var extendedProtocolDiscriminator: UInt8 { get }
    /// Appends the whole plain message (header included).
    func nasEncode(into out: inout [UInt8])
    func writeJSONFields(to json: inout JSONWriter, options: NASJSONOptions, depth: Int)
    var ieSummaries: [NASIESummary] { get }
    var rawIEs: [NASRawIE] { get }
}

/// Errors for a message decoded as the wrong type.
extension NASDecodingError {
    /// The extended protocol discriminator and message type octets of `bytes` (0 when too short), read before
    /// decoding so that an error can name the message without keeping the input alive across the decode.
    @inline(__always)
    static func messageKey(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        guard let epd = bytes.first else { return 0 }
        let typeIndex = bytes.startIndex &+ (epd == 0x2E ? 3 : 2)
        return typeIndex < bytes.endIndex ? UInt16(epd) << 8 | UInt16(bytes[typeIndex]) : 0
    }

    /// The error with the name of the message (from `messageKey`) at the front of its path, when that names a
    /// defined message.
    @inline(never)
    func inMessage(_ key: UInt16) -> NASDecodingError {
        guard code != .unknownMessageType, code != .unknownProtocolDiscriminator, key != 0,
              let name = NASMessageType(rawValue: UInt8(truncatingIfNeeded: key)).name else { return self }
        return within(name)
    }

    @inline(never)
    static func wrongMessageType(_ found: NASMessageType) -> NASDecodingError {
        NASDecodingError(code: .unknownMessageType, cause: NASErrorCause.messageTypeNonExistent, offset: 0,
                         ie: "Message type (found \(found))")
    }
}

extension NASMessageBody {
    /// Decodes a plain message that must be of this type.
    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        var diagnostics: [NASDiagnostic] = []
        let message = try NASMessage(nasEncoded: bytes, options: options, diagnostics: &diagnostics)
        guard let typed = message.body(as: Self.self) else { throw .wrongMessageType(message.messageType) }
        self = typed
    }

    /// Decodes a plain message that must be of this type.
    public init(nasEncoded bytes: [UInt8], options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        try self.init(nasEncoded: bytes[...], options: options)
    }

    /// The encoded plain message as a new array.
    public var nasEncoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        nasEncode(into: &out)
        return out
    }
}

extension NASMessage {
    /// Decodes a plain 5GMM or 5GSM message.
    public init(nasEncoded bytes: ArraySlice<UInt8>, options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        let key = NASDecodingError.messageKey(bytes)
        var r = NASReader(bytes, options: options)
        do {
            self = try Self.decode(&r)
        } catch {
            throw error.inMessage(key)
        }
    }

    public init(nasEncoded bytes: [UInt8], options: NASDecodingOptions = .strict) throws(NASDecodingError) {
        try self.init(nasEncoded: bytes[...], options: options)
    }

    /// The spec name of the message ("Registration request").
    public var name: String { messageType.name ?? "unknown" }

    public var nasEncoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        nasEncode(into: &out)
        return out
    }
}

/// One IE of a decoded message, for cross-checks: its spec name, JSON key, IEI (nil
/// in the mandatory part) and value (value octets without IEI and length, or the
/// 4-bit value of a type 1 IE).
public struct NASIESummary: Sendable, Equatable {
    public var name: String
    public var key: String
    public var iei: UInt8?
    public var value: [UInt8]?
    public var nibble: UInt8?

    public init(name: String, key: String, iei: UInt8?, nibble: UInt8) {
        self.name = name; self.key = key; self.iei = iei; self.nibble = nibble
    }

    public init<V: NASValue>(name: String, key: String, iei: UInt8?, value: V) {
        self.name = name; self.key = key; self.iei = iei
        var out: [UInt8] = []
        value.nasEncodeValue(into: &out)
        self.value = out
    }
}
