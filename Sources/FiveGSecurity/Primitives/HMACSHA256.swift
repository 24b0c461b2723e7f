import Crypto

/// HMAC-SHA-256 (RFC 2104) on swift-crypto's SHA-256, fed from raw buffers so no temporary
/// arrays are made per message. Keys longer than 64 bytes are hashed first, as RFC 2104 says.
@usableFromInline
struct HMACSHA256: Sendable {
    @usableFromInline var inner = SHA256()
    @usableFromInline var outer = SHA256()

    /// Keyed with `key1 || key2` (CK || IK needs no concatenated copy).
    @inlinable
    init(key key1: UnsafeRawBufferPointer, _ key2: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { pad in
            pad.initializeMemory(as: UInt8.self, repeating: 0)
            let total = key1.count + key2.count
            if total > 64 {
                var h = SHA256()
                h.update(bufferPointer: key1)
                h.update(bufferPointer: key2)
                h.finalize().withUnsafeBytes { d in pad.copyMemory(from: d) }
            } else {
                if key1.count > 0 { pad.copyMemory(from: key1) }
                if key2.count > 0 { UnsafeMutableRawBufferPointer(rebasing: pad[key1.count...]).copyMemory(from: key2) }
            }
            for i in 0..<64 { pad[i] ^= 0x36 }
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            for i in 0..<64 { pad[i] ^= 0x36 ^ 0x5c }
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
        }
    }

    @inlinable init(key: [UInt8]) { self = key.withUnsafeBytes { HMACSHA256(key: $0) } }

    @inlinable init(key1: [UInt8], _ key2: [UInt8]) {
        self = key1.withUnsafeBytes { a in key2.withUnsafeBytes { b in HMACSHA256(key: a, b) } }
    }

    @inlinable mutating func update(_ bytes: UnsafeRawBufferPointer) { inner.update(bufferPointer: bytes) }

    @inlinable mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { inner.update(bufferPointer: $0) } }

    @inlinable mutating func update(byte: UInt8) {
        withUnsafeBytes(of: byte) { inner.update(bufferPointer: $0) }
    }

    /// Feeds one KDF parameter: its bytes, then its two-octet length (TS 33.220 B.2.0).
    @inlinable mutating func updateParameter(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bytes)
        withUnsafeBytes(of: UInt16(truncatingIfNeeded: bytes.count).bigEndian) { inner.update(bufferPointer: $0) }
    }

    @inlinable mutating func updateParameter(_ bytes: [UInt8]) { bytes.withUnsafeBytes { updateParameter($0) } }

    /// Feeds a text parameter (its UTF-8 bytes) without copying it.
    @inlinable mutating func updateParameter(_ text: String) {
        var text = text
        text.withUTF8 { updateParameter(UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte tag. Uses up the hasher state (the outer hash is updated in place).
    @inlinable
    mutating func finalize() -> [UInt8] {
        finalize(range: 0..<32)
    }

    /// Bytes `range` of the 32-byte tag.
    @inlinable
    mutating func finalize(range: Range<Int>) -> [UInt8] {
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { d in Array(d[range]) }
    }

    /// One-shot HMAC-SHA-256.
    @inlinable static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var h = HMACSHA256(key: key)
        h.update(message)
        return h.finalize()
    }
}
