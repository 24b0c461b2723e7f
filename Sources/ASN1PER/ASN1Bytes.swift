/// The contents of an OCTET STRING (or any byte run of an encoding).
///
/// Decoding keeps a slice of the input where the bytes are octet-aligned, so a
/// NAS-PDU inside an NGAP message costs no copy. Indices are zero-based.
public struct ASN1Bytes: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The bytes, as a slice that may share storage with the input.
    public var slice: ArraySlice<UInt8>

    @inlinable public init() { slice = [] }
    @inlinable public init(_ bytes: [UInt8]) { slice = bytes[...] }
    @inlinable public init(_ slice: ArraySlice<UInt8>) { self.slice = slice }
    @inlinable public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 { slice = ArraySlice(bytes) }
    @inlinable public init(arrayLiteral elements: UInt8...) { slice = elements[...] }

    /// Parses hexadecimal text (case-insensitive, even length); nil if it is not hex.
    public init?<S: StringProtocol>(hex text: S) {
        guard let bytes = HexText.decode(text) else { return nil }
        slice = bytes[...]
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { slice.count }
    @inlinable public var count: Int { slice.count }
    @inlinable public subscript(position: Int) -> UInt8 { slice[slice.startIndex &+ position] }

    /// The bytes as an array (a copy when the slice does not span its whole storage).
    @inlinable public var array: [UInt8] { Array(slice) }

    /// Lowercase hexadecimal.
    public var hex: String { HexText.encode(slice) }

    public var description: String { hex }

    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = slice.withUnsafeBytes { raw in
            do throws(E) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// Hexadecimal text helpers.
public enum HexText {
    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hexadecimal of `bytes`.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for b in bytes {
            text.append(digits[Int(b >> 4)])
            text.append(digits[Int(b & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes of hexadecimal text, nil when a character is not a hex digit or the length is odd.
    public static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8? = nil
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return high == nil ? out : nil
    }
}
