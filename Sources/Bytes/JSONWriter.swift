
/// Appends compact JSON text (no insignificant whitespace) to a byte buffer.
///
/// Strings are escaped as Python's `json.dumps` does with `ensure_ascii=True`
/// (the form pycrate's `to_jer()` writes), so text written here can be compared
/// byte for byte with the oracle once both sides sort keys the same way.
/// Commas are inserted automatically: the writer remembers whether a value has
/// been written at the current nesting level.
public struct JSONWriter: ~Copyable, Sendable {
    @usableFromInline var out: OutputBytes
    @usableFromInline var needsComma = false
    /// Write a BIT STRING whose size root is one value but extensible (`SIZE(8, ..., 16)`)
    /// as bare hex, as pycrate 0.8.1 does, instead of X.697's `{"length","value"}` object.
    public var pycrateBitStrings = false

    @inlinable
    public init(reservingCapacity capacity: Int = 1024) {
        out = OutputBytes(capacity: capacity)
    }

    /// The JSON text written so far, as UTF-8 (a copy; see `withUnsafeBytes` and `count`).
    @inlinable public var bytes: [UInt8] { out.array }
    /// The JSON text written so far.
    public var text: String { out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    /// Bytes written so far.
    @inlinable public var count: Int { out.count }

    /// Runs `body` over the text written so far.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try out.withUnsafeBytes(body)
    }

    /// Clears the text, keeping the storage for reuse.
    @inlinable
    public mutating func removeAll() {
        out.removeAll()
        needsComma = false
    }

    /// Appends `text` as it is, outside the JSON structure (e.g. a plain-text line in the same output).
    public mutating func appendVerbatim(_ text: String) {
        var text = text
        text.withUTF8 { out.append(UnsafeRawBufferPointer($0)) }
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if needsComma { out.append(UInt8(ascii: ",")) }
    }

    @inlinable
    public mutating func beginObject() {
        out.reserve(2)
        var at = out.end
        if needsComma {
            at.pointee = UInt8(ascii: ",")
            at += 1
        }
        at.pointee = UInt8(ascii: "{")
        out.advance(at + 1 - out.end)
        needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        out.append(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        separate()
        out.append(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        out.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Ends a line of JSON-lines output: a newline, after which the next value starts a new document.
    @inlinable
    public mutating func endLine() {
        out.append(UInt8(ascii: "\n"))
        needsComma = false
    }

    /// Writes an object key that needs no escaping (ASN.1 identifiers never do).
    @inlinable
    public mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { utf8 in
            out.reserve(utf8.count &+ 4)
            var at = out.end
            if needsComma {
                at.pointee = UInt8(ascii: ",")
                at += 1
            }
            at.pointee = UInt8(ascii: "\"")
            if let source = utf8.baseAddress { OutputBytes.copy(UnsafeMutableRawPointer(at + 1), UnsafeRawPointer(source), utf8.count) }
            at += utf8.count &+ 1
            at.pointee = UInt8(ascii: "\"")
            (at + 1).pointee = UInt8(ascii: ":")
            out.advance(at + 2 - out.end)
        }
        needsComma = false
    }

    /// Writes an object member name given with its quotes and colon (`"\"name\":"`): one copy.
    @inlinable
    public mutating func quotedKey(_ quotedNameAndColon: StaticString) {
        appendSeparatedASCII(quotedNameAndColon)
        needsComma = false
    }

    /// Writes a string value given with its quotes (`"\"reject\""`), which needs no escaping.
    @inlinable
    public mutating func quotedString(_ quotedText: StaticString) {
        appendSeparatedASCII(quotedText)
        needsComma = true
    }

    /// Writes an object key, escaping it.
    @inlinable
    public mutating func key(escaping name: String) {
        separate()
        appendEscaped(name)
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    @inlinable
    public mutating func null() {
        appendSeparatedASCII("null")
        needsComma = true
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        appendSeparatedASCII(value ? "true" : "false")
        needsComma = true
    }

    @inlinable
    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendDecimal(value.magnitude)
        } else {
            appendDecimal(UInt64(value))
        }
        needsComma = true
    }

    @inlinable
    public mutating func int(_ value: Int) { int(Int64(value)) }

    @inlinable
    public mutating func uint(_ value: UInt64) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// Writes a JSON string, escaped.
    @inlinable
    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
        needsComma = true
    }

    /// Writes a JSON string whose content needs no escaping.
    @inlinable
    public mutating func literal(_ value: StaticString) {
        value.withUTF8Buffer { utf8 in
            out.reserve(utf8.count &+ 3)
            separate()
            let p = out.end
            p.pointee = UInt8(ascii: "\"")
            (p + 1).update(from: utf8.baseAddress!, count: utf8.count)
            (p + 1 + utf8.count).pointee = UInt8(ascii: "\"")
            out.advance(utf8.count &+ 2)
        }
        needsComma = true
    }

    /// Writes bytes as a string of lowercase hexadecimal digits.
    @inlinable
    public mutating func hex(_ value: ArraySlice<UInt8>) {
        value.withUnsafeBytes { hex(raw: $0) }
    }

    /// Writes bytes as a string of lowercase hexadecimal digits.
    @inlinable
    public mutating func hex(raw value: UnsafeRawBufferPointer) {
        let n = value.count
        out.reserve(n &* 2 &+ 3)
        separate()
        let p = UnsafeMutableRawPointer(out.end)
        p.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
        var i = 0
        if let source = value.baseAddress {
            while i &+ 4 <= n {
                let word = source.loadUnaligned(fromByteOffset: i, as: UInt32.self)
                p.storeBytes(of: JSONWriter.hexDigits(of: UInt32(littleEndian: word)).littleEndian,
                             toByteOffset: 1 &+ i &* 2, as: UInt64.self)
                i &+= 4
            }
            while i < n {
                let byte = source.load(fromByteOffset: i, as: UInt8.self)
                let high = byte >> 4, low = byte & 0x0F
                p.storeBytes(of: high &+ (high < 10 ? 48 : 87), toByteOffset: 1 &+ i &* 2, as: UInt8.self)
                p.storeBytes(of: low &+ (low < 10 ? 48 : 87), toByteOffset: 2 &+ i &* 2, as: UInt8.self)
                i &+= 1
            }
        }
        p.storeBytes(of: UInt8(ascii: "\""), toByteOffset: 1 &+ n &* 2, as: UInt8.self)
        out.advance(n &* 2 &+ 2)
        needsComma = true
    }

    /// The eight lowercase hex digits of four bytes (the first byte in the low 8 bits of `bytes`), the first
    /// digit in the low 8 bits of the result: nibbles spread one per byte, then turned into ASCII at once.
    @inlinable @inline(__always)
    static func hexDigits(of bytes: UInt32) -> UInt64 {
        var x = UInt64(bytes)
        x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
        x = (x | x << 8) & 0x00FF_00FF_00FF_00FF  // byte k of the input in byte 2k
        let nibbles = ((x >> 4) & 0x000F_000F_000F_000F) | ((x & 0x000F_000F_000F_000F) << 8)
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101  // 1 where the nibble is above 9
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 39
    }

    /// Writes the first `byteCount` (at most 8) bytes of a big-endian word as lowercase hexadecimal.
    @inlinable
    public mutating func hex(leftAligned word: UInt64, byteCount: Int) {
        out.reserve(byteCount &* 2 &+ 3)
        separate()
        var p = out.end
        p.pointee = UInt8(ascii: "\"")
        p += 1
        var shift: UInt64 = 60
        for _ in 0..<(byteCount &* 2) {
            let digit = UInt8(truncatingIfNeeded: (word >> shift) & 0xF)
            p.pointee = digit &+ (digit < 10 ? 48 : 87)
            p += 1
            shift &-= 4
        }
        p.pointee = UInt8(ascii: "\"")
        out.advance(byteCount &* 2 &+ 2)
        needsComma = true
    }

    /// Writes bytes as a string of lowercase hexadecimal digits.
    @inlinable
    public mutating func hex<C: Collection>(_ value: C) where C.Element == UInt8 {
        hex(ArraySlice(value))
    }

    /// Writes already-serialised JSON text as one value.
    @inlinable
    public mutating func raw<C: Collection>(_ json: C) where C.Element == UInt8 {
        separate()
        let bytes = Array(json)
        bytes.withUnsafeBytes { out.append($0) }
        needsComma = true
    }

    /// A separator if needed, then `text`.
    @inlinable @inline(__always)
    mutating func appendSeparatedASCII(_ text: StaticString) {
        text.withUTF8Buffer { utf8 in
            // One capacity check for the separator and the text, then plain stores.
            out.reserve(utf8.count &+ 1)
            var at = out.end
            if needsComma {
                at.pointee = UInt8(ascii: ",")
                at += 1
            }
            if let source = utf8.baseAddress { OutputBytes.copy(UnsafeMutableRawPointer(at), UnsafeRawPointer(source), utf8.count) }
            out.advance(at + utf8.count - out.end)
        }
    }

    @inlinable
    mutating func appendASCII(_ text: StaticString) {
        out.append(utf8: text)
    }

    @inlinable
    mutating func appendDecimal(_ value: UInt64) {
        if value < 100 {
            if value < 10 {
                out.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            } else {
                out.reserve(2)
                out.end[0] = UInt8(truncatingIfNeeded: value / 10) &+ 0x30
                out.end[1] = UInt8(truncatingIfNeeded: value % 10) &+ 0x30
                out.advance(2)
            }
            return
        }
        var digits = 3
        var bound: UInt64 = 1000
        while digits < 20 && value >= bound {
            digits &+= 1
            bound &*= 10
        }
        out.reserve(digits)
        var p = out.end + digits
        var rest = value
        repeat {
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
            rest /= 10
        } while rest > 0
        out.advance(digits)
    }

    /// Escapes as Python's json module with ensure_ascii=True.
    @usableFromInline
    mutating func appendEscaped(_ text: String) {
        var plain = text
        let done: Bool = plain.withUTF8 { utf8 in
            for c in utf8 where c < 0x20 || c >= 0x7F || c == 0x22 || c == 0x5C { return false }
            out.reserve(utf8.count &+ 2)
            out.append(UInt8(ascii: "\""))
            out.append(UnsafeRawBufferPointer(utf8))
            out.append(UInt8(ascii: "\""))
            return true
        }
        if done { return }
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: appendASCII("\\\"")
            case 0x5C: appendASCII("\\\\")
            case 0x0A: appendASCII("\\n")
            case 0x0D: appendASCII("\\r")
            case 0x09: appendASCII("\\t")
            case 0x08: appendASCII("\\b")
            case 0x0C: appendASCII("\\f")
            case 0x20..<0x7F: out.append(UInt8(truncatingIfNeeded: v))
            case 0x10000...:
                let u = v - 0x10000
                appendUnicodeEscape(0xD800 + (u >> 10))
                appendUnicodeEscape(0xDC00 + (u & 0x3FF))
            default: appendUnicodeEscape(v)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    @usableFromInline
    mutating func appendUnicodeEscape(_ unit: UInt32) {
        appendASCII("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: (unit >> UInt32(shift)) & 0xF)
            out.append(digit &+ (digit < 10 ? 48 : 87))
        }
    }
}
