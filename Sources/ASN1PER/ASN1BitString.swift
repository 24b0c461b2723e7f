/// The value of a BIT STRING: `bitCount` bits, first bit in the most significant
/// bit of the first byte; the unused bits of the last byte are zero.
///
/// Up to 64 bits live inline (no allocation: cell identities, gNB ids, security keys' halves
/// are all this short); longer strings keep their bytes, as a slice of the input where possible.
public struct ASN1BitString: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    enum Storage: Sendable {
        /// The bits left-aligned in a word (bit 0 is the word's most significant bit); the rest zero.
        case inline(UInt64)
        /// ceil(bitCount / 8) bytes, unused trailing bits zero.
        case bytes(ASN1Bytes)
    }

    @usableFromInline var storage: Storage
    /// Number of bits.
    public var bitCount: Int { storedBitCount }
    @usableFromInline var storedBitCount: Int

    /// Takes `bitCount` bits from `bytes`, zeroing unused trailing bits. Returns nil
    /// when `bytes` does not hold exactly ceil(bitCount / 8) bytes.
    public init?(bytes: ASN1Bytes, bitCount: Int) {
        guard bitCount >= 0, bytes.count == (bitCount + 7) >> 3 else { return nil }
        self.init(unchecked: bytes, bitCount: bitCount)
    }

    /// Bytes whose length is already right; masks the trailing bits.
    @usableFromInline
    init(unchecked bytes: ASN1Bytes, bitCount: Int) {
        self.storedBitCount = bitCount
        if bitCount <= 64 {
            var word: UInt64 = 0
            for (i, b) in bytes.slice.enumerated() { word |= UInt64(b) << UInt64(56 - 8 * i) }
            storage = .inline(Self.masked(word, bitCount))
            return
        }
        let unused = (8 - bitCount & 7) & 7
        if unused != 0, let last = bytes.last, last & UInt8(truncatingIfNeeded: (1 << unused) - 1) != 0 {
            var copy = bytes.array
            copy[copy.count - 1] = last & ~UInt8(truncatingIfNeeded: (1 << unused) - 1)
            storage = .bytes(ASN1Bytes(copy))
        } else {
            storage = .bytes(bytes)
        }
    }

    /// `bitCount` (at most 64) bits given left-aligned in `word`; bits past them are cleared.
    @inlinable
    public init(leftAligned word: UInt64, bitCount: Int) {
        let n = bitCount < 0 ? 0 : (bitCount > 64 ? 64 : bitCount)
        self.storedBitCount = n
        storage = .inline(Self.masked(word, n))
    }

    /// The low `bitCount` bits of `value` (at most 64).
    public init(value: UInt64, bitCount: Int) {
        let n = max(0, min(bitCount, 64))
        self.init(leftAligned: n == 0 ? 0 : value << UInt64(64 - n), bitCount: n)
    }

    /// An empty bit string.
    public init() {
        storage = .inline(0)
        storedBitCount = 0
    }

    @inlinable
    static func masked(_ word: UInt64, _ bitCount: Int) -> UInt64 {
        bitCount == 0 ? 0 : word & (UInt64.max << UInt64(64 &- bitCount))
    }

    /// ceil(bitCount / 8) bytes, unused trailing bits zero (a new array for strings of up to 64 bits).
    public var bytes: ASN1Bytes {
        switch storage {
        case .bytes(let b):
            return b
        case .inline(let word):
            let count = (bitCount + 7) >> 3
            var out = [UInt8](repeating: 0, count: count)
            for i in 0..<count { out[i] = UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * i)) }
            return ASN1Bytes(out)
        }
    }

    /// The bits left-aligned in a word, when there are at most 64.
    @inlinable
    public var leftAlignedWord: UInt64? {
        if case .inline(let word) = storage { return word }
        return nil
    }

    /// The bits as an unsigned number, when there are at most 64.
    public var uint64Value: UInt64? {
        guard let word = leftAlignedWord else { return nil }
        return bitCount == 0 ? 0 : word >> UInt64(64 - bitCount)
    }

    /// Bit `index` (0 is the first bit).
    public subscript(bit index: Int) -> Bool {
        guard index >= 0, index < bitCount else { return false }
        switch storage {
        case .inline(let word): return word & (1 << UInt64(63 - index)) != 0
        case .bytes(let b): return b[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
        }
    }

    public var description: String { "\(bytes.hex)/\(bitCount)" }

    // Strings of over 64 bits are always stored as bytes, so equal values have equal storage kinds.
    public static func == (a: Self, b: Self) -> Bool {
        guard a.bitCount == b.bitCount else { return false }
        switch (a.storage, b.storage) {
        case (.inline(let x), .inline(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bitCount)
        switch storage {
        case .inline(let word): hasher.combine(word)
        case .bytes(let b): hasher.combine(b)
        }
    }
}
