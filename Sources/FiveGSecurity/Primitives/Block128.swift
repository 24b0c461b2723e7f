/// A 128-bit value held as two big-endian halves: `hi` is bytes 0-7, `lo` bytes 8-15.
/// Used for AES blocks, Milenage intermediate values and CMAC subkeys without heap storage.
@frozen
public struct Block128: Hashable, Sendable {
    public var hi: UInt64
    public var lo: UInt64

    @inlinable public init(hi: UInt64, lo: UInt64) { self.hi = hi; self.lo = lo }

    @inlinable public static var zero: Block128 { Block128(hi: 0, lo: 0) }

    /// Reads 16 bytes (exactly) as a block.
    @inlinable
    public init(_ bytes: [UInt8], _ what: String = "block") throws(SecurityError) {
        try SecurityError.check(bytes, 16, what)
        self = bytes.withUnsafeBytes { Block128(bytes: $0) }
    }

    /// Reads 16 bytes from `raw` (the caller guarantees at least 16 bytes).
    @inlinable
    init(bytes raw: UnsafeRawBufferPointer) {
        hi = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        lo = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// Writes the 16 bytes to `raw` (the caller guarantees room).
    @inlinable
    func store(to raw: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        raw.storeBytes(of: hi.bigEndian, toByteOffset: offset, as: UInt64.self)
        raw.storeBytes(of: lo.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
    }

    /// Calls `body` with the 16 bytes, most significant first, on the stack.
    @inlinable func withBigEndianBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(of: (hi.bigEndian, lo.bigEndian), body)
    }

    /// The 16 bytes, most significant first.
    @inlinable public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { buf, n in
            store(to: UnsafeMutableRawBufferPointer(buf))
            n = 16
        }
    }

    @inlinable public static func ^ (a: Block128, b: Block128) -> Block128 {
        Block128(hi: a.hi ^ b.hi, lo: a.lo ^ b.lo)
    }

    /// Cyclic rotation towards the most significant bit by `r` bits (TS 35.206 "rot").
    @inlinable public func rotatedLeft(_ r: Int) -> Block128 {
        var r = r & 127
        var h = hi, l = lo
        if r >= 64 { swap(&h, &l); r -= 64 }
        if r == 0 { return Block128(hi: h, lo: l) }
        return Block128(hi: h << r | l >> (64 - r), lo: l << r | h >> (64 - r))
    }

    /// Left shift by one bit, returning the bit shifted out (for CMAC subkeys).
    @inlinable func shiftedLeftOne() -> (Block128, carry: Bool) {
        (Block128(hi: hi << 1 | lo >> 63, lo: lo << 1), hi >> 63 == 1)
    }
}
