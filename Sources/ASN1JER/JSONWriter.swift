/// Appends compact JSON text (no insignificant whitespace) to a byte buffer.
///
/// Strings are escaped as Python's `json.dumps` does with `ensure_ascii=True`
/// (the form pycrate's `to_jer()` writes), so text written here can be compared
/// byte for byte with the oracle once both sides sort keys the same way.
/// Commas are inserted automatically: the writer remembers whether a value has
/// been written at the current nesting level.
public struct JSONWriter: Sendable {
    /// The JSON text written so far, as UTF-8.
    public var bytes: [UInt8]
    @usableFromInline var needsComma = false
    /// Write a BIT STRING whose size root is one value but extensible (`SIZE(8, ..., 16)`)
    /// as bare hex, as pycrate 0.8.1 does, instead of X.697's `{"length","value"}` object.
    public var pycrateBitStrings = false

    @inlinable
    public init(reservingCapacity capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Clears the text, keeping the storage for reuse.
    @inlinable
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    @inlinable
    mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    @inlinable
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Ends a line of JSON-lines output: a newline, after which the next value starts a new document.
    @inlinable
    public mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
        needsComma = false
    }

    /// Writes an object key that needs no escaping (ASN.1 identifiers never do).
    @inlinable
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object member name given with its quotes and colon (`"\"name\":"`): one copy.
    @inlinable
    public mutating func quotedKey(_ quotedNameAndColon: StaticString) {
        separate()
        appendASCII(quotedNameAndColon)
        needsComma = false
    }

    /// Writes a string value given with its quotes (`"\"reject\""`), which needs no escaping.
    @inlinable
    public mutating func quotedString(_ quotedText: StaticString) {
        separate()
        appendASCII(quotedText)
        needsComma = true
    }

    /// Writes an object key, escaping it.
    @inlinable
    public mutating func key(escaping name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    @inlinable
    public mutating func null() {
        separate()
        appendASCII("null")
        needsComma = true
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
        needsComma = true
    }

    @inlinable
    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
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
        separate()
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes bytes as a string of lowercase hexadecimal digits.
    @inlinable
    public mutating func hex(_ value: ArraySlice<UInt8>) {
        separate()
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "\""), count: value.count &* 2 &+ 2))
        bytes.withUnsafeMutableBufferPointer { out in
            value.withUnsafeBufferPointer { input in
                var o = start &+ 1
                for byte in input {
                    let high = byte >> 4, low = byte & 0x0F
                    out[o] = high &+ (high < 10 ? 48 : 87)
                    out[o &+ 1] = low &+ (low < 10 ? 48 : 87)
                    o &+= 2
                }
            }
        }
        needsComma = true
    }

    /// Writes the first `byteCount` (at most 8) bytes of a big-endian word as lowercase hexadecimal.
    @inlinable
    public mutating func hex(leftAligned word: UInt64, byteCount: Int) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var shift: UInt64 = 60
        for _ in 0..<(byteCount &* 2) {
            let digit = UInt8(truncatingIfNeeded: (word >> shift) & 0xF)
            bytes.append(digit &+ (digit < 10 ? 48 : 87))
            shift &-= 4
        }
        bytes.append(UInt8(ascii: "\""))
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
        bytes.append(contentsOf: json)
        needsComma = true
    }

    @inlinable
    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[23 - count] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Escapes as Python's json module with ensure_ascii=True.
    @usableFromInline
    mutating func appendEscaped(_ text: String) {
        var plain = text
        let done: Bool = plain.withUTF8 { utf8 in
            for c in utf8 where c < 0x20 || c >= 0x7F || c == 0x22 || c == 0x5C { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if done { return }
        bytes.append(UInt8(ascii: "\""))
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
            case 0x20..<0x7F: bytes.append(UInt8(truncatingIfNeeded: v))
            case 0x10000...:
                let u = v - 0x10000
                appendUnicodeEscape(0xD800 + (u >> 10))
                appendUnicodeEscape(0xDC00 + (u & 0x3FF))
            default: appendUnicodeEscape(v)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    @usableFromInline
    mutating func appendUnicodeEscape(_ unit: UInt32) {
        appendASCII("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: (unit >> UInt32(shift)) & 0xF)
            bytes.append(digit &+ (digit < 10 ? 48 : 87))
        }
    }
}
