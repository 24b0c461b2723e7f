import Crypto

/// HMAC-SHA-256 (RFC 2104) on swift-crypto's SHA-256, fed from raw buffers so no temporary
/// arrays are made per message. Keys longer than 64 bytes are hashed first, as RFC 2104 says.
///
/// A value holds the inner and outer hash states with the key pads already absorbed, so a keyed
/// value is also a precomputed key state: copy it for each message under the same key and every
/// MAC saves the two pad compressions (swift-crypto's `SHA256` is copy-on-write; the copy of each
/// state happens at its first update). Each state costs one heap object, so keep the number of
/// `update` calls low: `updateKDFInput` feeds a whole KDF input string in one call.
@usableFromInline
struct HMACSHA256: Sendable {
    @usableFromInline var inner: SHA256
    @usableFromInline var outer: SHA256

    /// Keyed with `key1 || key2` (CK || IK needs no concatenated copy).
    @inlinable
    init(key key1: UnsafeRawBufferPointer, _ key2: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var i = SHA256(), o = SHA256()
        withUnsafeMutableBytes(of: &block) { pad in
            if key1.count + key2.count > 64 {
                var h = SHA256()
                h.update(bufferPointer: key1)
                h.update(bufferPointer: key2)
                h.finalize().withUnsafeBytes { d in pad.copyMemory(from: d) }
            } else {
                if key1.count > 0 { pad.copyMemory(from: key1) }
                if key2.count > 0 { UnsafeMutableRawBufferPointer(rebasing: pad[key1.count...]).copyMemory(from: key2) }
            }
            Self.xorWords(pad, 0x3636_3636_3636_3636)
            i.update(bufferPointer: UnsafeRawBufferPointer(pad))
            Self.xorWords(pad, 0x3636_3636_3636_3636 ^ 0x5c5c_5c5c_5c5c_5c5c)
            o.update(bufferPointer: UnsafeRawBufferPointer(pad))
        }
        inner = i
        outer = o
    }

    @inlinable init(key: [UInt8]) { self = key.withUnsafeBytes { HMACSHA256(key: $0) } }

    @inlinable init(key1: [UInt8], _ key2: [UInt8]) {
        self = key1.withUnsafeBytes { a in key2.withUnsafeBytes { b in HMACSHA256(key: a, b) } }
    }

    @inlinable static func xorWords(_ pad: UnsafeMutableRawBufferPointer, _ mask: UInt64) {
        for offset in stride(from: 0, to: 64, by: 8) {
            pad.storeBytes(of: pad.load(fromByteOffset: offset, as: UInt64.self) ^ mask, toByteOffset: offset, as: UInt64.self)
        }
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

    /// Feeds the whole KDF input string S = FC || P0 || L0 [|| P1 || L1 [|| P2 || L2]]
    /// (TS 33.220 B.2.0) in one update; a nil parameter is absent. The caller keeps each parameter
    /// within 65,535 bytes (its length field is two octets).
    @inlinable
    mutating func updateKDFInput(fc: UInt8, _ p0: UnsafeRawBufferPointer, _ p1: UnsafeRawBufferPointer? = nil,
                                 _ p2: UnsafeRawBufferPointer? = nil) {
        let total = 1 + (p0.count + 2) + (p1.map { $0.count + 2 } ?? 0) + (p2.map { $0.count + 2 } ?? 0)
        withUnsafeTemporaryAllocation(byteCount: total, alignment: 8) { s in
            s[0] = fc
            var offset = 1
            Self.put(p0, into: s, at: &offset)
            if let p1 { Self.put(p1, into: s, at: &offset) }
            if let p2 { Self.put(p2, into: s, at: &offset) }
            inner.update(bufferPointer: UnsafeRawBufferPointer(s))
        }
    }

    @inlinable static func put(_ p: UnsafeRawBufferPointer, into s: UnsafeMutableRawBufferPointer, at offset: inout Int) {
        if p.count > 0, let src = p.baseAddress, let dst = s.baseAddress { (dst + offset).copyMemory(from: src, byteCount: p.count) }
        offset += p.count
        s.storeBytes(of: UInt16(truncatingIfNeeded: p.count).bigEndian, toByteOffset: offset, as: UInt16.self)
        offset += 2
    }

    /// The 32-byte tag as swift-crypto's digest value (no heap storage). Uses up the state.
    @inlinable
    mutating func finalizeDigest() -> SHA256Digest {
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// The 32-byte tag. Uses up the state.
    @inlinable
    mutating func finalize() -> [UInt8] {
        finalize(range: 0..<32)
    }

    /// Bytes `range` of the 32-byte tag.
    @inlinable
    mutating func finalize(range: Range<Int>) -> [UInt8] {
        finalizeDigest().withUnsafeBytes { d in Array(d[range]) }
    }

    /// One-shot HMAC-SHA-256.
    @inlinable static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var h = HMACSHA256(key: key)
        h.update(message)
        return h.finalize()
    }
}

extension SHA256Digest {
    /// Bytes `range` of the digest as a new array.
    @inlinable func bytes(_ range: Range<Int> = 0..<32) -> [UInt8] {
        withUnsafeBytes { Array($0[range]) }
    }
}
