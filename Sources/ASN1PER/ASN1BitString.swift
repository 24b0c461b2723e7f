/// The value of a BIT STRING: `bitCount` bits, first bit in the most significant
/// bit of the first byte; the unused bits of the last byte are zero.
public struct ASN1BitString: Hashable, Sendable, CustomStringConvertible {
    /// ceil(bitCount / 8) bytes.
    public private(set) var bytes: ASN1Bytes
    /// Number of bits.
    public private(set) var bitCount: Int

    /// Takes `bitCount` bits from `bytes`, zeroing unused trailing bits. Returns nil
    /// when `bytes` does not hold exactly ceil(bitCount / 8) bytes.
    public init?(bytes: ASN1Bytes, bitCount: Int) {
        guard bitCount >= 0, bytes.count == (bitCount + 7) >> 3 else { return nil }
        self.init(unchecked: bytes, bitCount: bitCount)
    }

    /// Bytes whose length is already right; masks the trailing bits.
    @usableFromInline
    init(unchecked bytes: ASN1Bytes, bitCount: Int) {
        let unused = (8 - bitCount & 7) & 7
        if unused != 0, let last = bytes.last, last & UInt8(truncatingIfNeeded: (1 << unused) - 1) != 0 {
            var copy = bytes.array
            copy[copy.count - 1] = last & ~UInt8(truncatingIfNeeded: (1 << unused) - 1)
            self.bytes = ASN1Bytes(copy)
        } else {
            self.bytes = bytes
        }
        self.bitCount = bitCount
    }

    /// The low `bitCount` bits of `value` (at most 64).
    public init(value: UInt64, bitCount: Int) {
        let n = max(0, min(bitCount, 64))
        let byteCount = (n + 7) >> 3
        var out = [UInt8](repeating: 0, count: byteCount)
        let aligned = n == 0 ? 0 : value << UInt64(64 - n)
        for i in 0..<byteCount { out[i] = UInt8(truncatingIfNeeded: aligned >> UInt64(56 - 8 * i)) }
        self.bytes = ASN1Bytes(out)
        self.bitCount = n
    }

    /// An empty bit string.
    public init() {
        bytes = ASN1Bytes()
        bitCount = 0
    }

    /// The bits as an unsigned number, when there are at most 64.
    public var uint64Value: UInt64? {
        guard bitCount <= 64 else { return nil }
        var v: UInt64 = 0
        for b in bytes { v = v << 8 | UInt64(b) }
        let unused = (8 - bitCount & 7) & 7
        return v >> UInt64(unused)
    }

    /// Bit `index` (0 is the first bit).
    public subscript(bit index: Int) -> Bool {
        guard index >= 0, index < bitCount else { return false }
        return bytes[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
    }

    public var description: String { "\(bytes.hex)/\(bitCount)" }
}
