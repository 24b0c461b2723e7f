import Bytes

/// The value part of an IE (what follows the IEI and length, TS 24.007 §11.2.1).
///
/// `init(nasValue:)` gets exactly the value bytes (a slice of the input) and throws
/// `NASDecodingError.invalidValue(at:)` with an input index when they are not valid;
/// the message decoder names the IE and picks the cause.
public protocol NASValue: Sendable, Equatable {
    init(nasValue value: ArraySlice<UInt8>) throws(NASDecodingError)
    /// Appends the value bytes (no IEI, no length).
    func nasEncodeValue(into out: inout [UInt8])
    /// Writes the value as one JSON value (object, array, number, string or bool).
    func writeJSON(to json: inout JSONWriter)
}

/// The value of a type 1 IE: half an octet (TS 24.007 §11.2.1.1).
public protocol NASHalfOctetValue: Sendable, Equatable {
    init(nibble: UInt8)
    /// The 4 bits, in the low nibble.
    var nibble: UInt8 { get }
    func writeJSON(to json: inout JSONWriter)
}

/// Presence of a type 2 IE (IEI only).
public struct NASPresence: Sendable, Equatable, Hashable {
    public init() {}
}

/// An IE kept as raw bytes: unknown IEs, later copies of repeated IEs, and in tolerant
/// mode optional IEs whose value could not be decoded. `bytes` is the whole IE
/// (IEI, length, value) as a slice of the input, re-encoded as it is.
public struct NASRawIE: Sendable, Equatable, Hashable {
    /// IEI, or for a type 1 IE its 4-bit IEI in the high nibble.
    public var iei: UInt8
    public var bytes: ArraySlice<UInt8>

    public init(iei: UInt8, bytes: ArraySlice<UInt8>) {
        self.iei = iei
        self.bytes = bytes
    }

    public static func == (a: NASRawIE, b: NASRawIE) -> Bool { a.iei == b.iei && a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { h.combine(iei); for b in bytes { h.combine(b) } }
}

/// Bytes of an IE with no further structure here, as a slice of the input.
public protocol NASOpaqueValue: NASBytesValue {
    var bytes: ArraySlice<UInt8> { get }
    init(bytes: ArraySlice<UInt8>)
}

extension NASOpaqueValue {
    public init(validatedBytes bytes: ArraySlice<UInt8>) { self.init(bytes: bytes) }
    /// Any octets will do.
    public static func validate(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {}
    public init(_ bytes: [UInt8]) { self.init(bytes: bytes[...]) }
    public func writeJSON(to json: inout JSONWriter) { json.hex(bytes) }
}

/// A type 1 value with no named structure: the 4 bits as they are.
public protocol NASPlainHalfOctet: NASHalfOctetValue {}

extension NASPlainHalfOctet {
    public func writeJSON(to json: inout JSONWriter) { json.int(Int(nibble)) }
}

/// Appending helpers for encoders.
extension Array where Element == UInt8 {
    /// Appends an LV value: 1-byte length then value (`value` writes the value).
    mutating func appendLV<T: NASValue>(_ v: T) {
        let at = count
        append(0)
        v.nasEncodeValue(into: &self)
        self[at] = UInt8(truncatingIfNeeded: count &- at &- 1)
    }

    mutating func appendLVE<T: NASValue>(_ v: T) {
        let at = count
        append(0)
        append(0)
        v.nasEncodeValue(into: &self)
        let n = count &- at &- 2
        self[at] = UInt8(truncatingIfNeeded: n >> 8)
        self[at &+ 1] = UInt8(truncatingIfNeeded: n)
    }

    mutating func appendTLV<T: NASValue>(_ iei: UInt8, _ v: T) {
        append(iei)
        appendLV(v)
    }

    mutating func appendTLVE<T: NASValue>(_ iei: UInt8, _ v: T) {
        append(iei)
        appendLVE(v)
    }

    mutating func appendTV<T: NASValue>(_ iei: UInt8, _ v: T) {
        append(iei)
        v.nasEncodeValue(into: &self)
    }
}
