import Crypto

/// HMAC-SHA-256 (RFC 2104) on swift-crypto's SHA-256, fed from raw buffers so no temporary
/// arrays are made per message. Keys longer than 64 bytes are hashed first, as RFC 2104 says.
@usableFromInline
struct HMACSHA256: Sendable {
    @usableFromInline var inner = SHA256()
    @usableFromInline var outer = SHA256()

    @inlinable
    init(key: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { pad in
            pad.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > 64 {
                var h = SHA256()
                h.update(bufferPointer: key)
                h.finalize().withUnsafeBytes { d in pad.copyMemory(from: d) }
            } else if key.count > 0 {
                pad.copyMemory(from: key)
            }
            for i in 0..<64 { pad[i] ^= 0x36 }
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            for i in 0..<64 { pad[i] ^= 0x36 ^ 0x5c }
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
        }
    }

    @inlinable init(key: [UInt8]) { self = key.withUnsafeBytes { HMACSHA256(key: $0) } }

    @inlinable mutating func update(_ bytes: UnsafeRawBufferPointer) { inner.update(bufferPointer: bytes) }

    @inlinable mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { inner.update(bufferPointer: $0) } }

    /// The 32-byte tag.
    @inlinable
    func finalize() -> [UInt8] {
        var o = outer
        inner.finalize().withUnsafeBytes { o.update(bufferPointer: $0) }
        return Array(o.finalize())
    }

    /// One-shot HMAC-SHA-256.
    @inlinable static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var h = HMACSHA256(key: key)
        h.update(message)
        return h.finalize()
    }
}
