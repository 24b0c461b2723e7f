import Bytes

/// Builds an aligned-PER encoding (ITU-T X.691, ALIGNED variant) in a growable
/// byte buffer. Reuse one writer (`removeAll()`) to encode many values without
/// reallocating.
public struct APERWriter: ~Copyable, Sendable {
    /// The encoding so far: whole octets, the last one possibly partial (its unused bits zero).
    @usableFromInline var out: OutputBytes
    @usableFromInline var bits: Int = 0

    @inlinable
    public init(reservingCapacity capacity: Int = 256) {
        out = OutputBytes(capacity: capacity)
    }

    /// The encoding so far (a copy); bits past `bitCount` in the last byte are zero.
    @inlinable public var bytes: [UInt8] { out.array }
    /// Bits written.
    @inlinable public var bitCount: Int { bits }
    /// Octets written (the last one possibly partial).
    @inlinable public var byteCount: Int { out.count }

    /// Runs `body` over the octets written so far.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try out.withUnsafeBytes(body)
    }

    /// Forgets what was written, keeping the storage.
    @inlinable
    public mutating func removeAll() {
        out.removeAll()
        bits = 0
    }

    /// The complete encoding (X.691 11.1): padded to an octet, and one zero octet when empty.
    @inlinable
    public var completeEncoding: [UInt8] { out.count == 0 ? [0] : out.array }

    @inline(never) @usableFromInline
    static func violation(_ message: String) -> APEREncodingError { APEREncodingError(.constraintViolation, message) }

    // MARK: Bits

    @inlinable
    public mutating func writeBit(_ bit: Bool) {
        writeBits(bit ? 1 : 0, count: 1)
    }

    /// Writes the low `count` bits (0...64) of `value`, most significant first.
    @inlinable
    public mutating func writeBits(_ value: UInt64, count: Int) {
        guard count > 0 else { return }
        if count > 57 {
            writeBits(value >> 32, count: count &- 32)
            writeBits(value & 0xFFFF_FFFF, count: 32)
            return
        }
        // One big-endian word store holds the partial octet and the new bits.
        let used = bits & 7
        let at = bits >> 3
        out.reserve(at &+ 8 &- out.count)
        let p = UnsafeMutableRawPointer(out.start + at)
        let kept: UInt64 = used == 0 ? 0 : UInt64(p.load(as: UInt8.self)) << 56
        let word = kept | ((value << UInt64(64 &- count)) >> UInt64(used))
        p.storeBytes(of: word.bigEndian, as: UInt64.self)
        bits &+= count
        out.setCount((bits &+ 7) >> 3)
    }

    /// Pads with zero bits to the next octet boundary.
    @inlinable
    public mutating func align() {
        bits = (bits &+ 7) & ~7
    }

    /// Appends whole octets at an octet boundary.
    @inlinable
    public mutating func writeAlignedBytes(_ data: ArraySlice<UInt8>) {
        align()
        out.append(contentsOf: data)
        bits = out.count &* 8
    }

    /// Appends whole octets at an octet boundary.
    @inlinable
    public mutating func writeAlignedBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        writeAlignedBytes(ArraySlice(data))
    }

    /// Appends the first `bitCount` bits of `data` (first bit in the high bit of the first byte).
    @inlinable
    public mutating func writeBits(of data: ASN1Bytes, bitCount count: Int) {
        if bits & 7 == 0 && count & 7 == 0 {
            writeAlignedBytes(data.slice.prefix(count >> 3))
            return
        }
        var left = count
        var i = 0
        while left > 0 {
            let take = left < 8 ? left : 8
            let byte = i < data.count ? data[i] : 0
            writeBits(UInt64(byte >> UInt8(8 &- take)), count: take)
            left &-= take
            i &+= 1
        }
    }

    // MARK: Whole numbers (X.691 clause 11)

    /// A constrained whole number given as its offset from the lower bound; `span`
    /// is upper bound minus lower bound (11.5.7, ALIGNED variant).
    @inlinable
    public mutating func writeConstrainedOffset(_ offset: UInt64, span: UInt64) {
        if span == 0 {
            return
        } else if span < 255 {
            writeBits(offset, count: 64 &- span.leadingZeroBitCount)
        } else if span == 255 {
            align()
            writeBits(offset, count: 8)
        } else if span < 65536 {
            align()
            writeBits(offset, count: 16)
        } else {
            let maxOctets = (64 &- span.leadingZeroBitCount &+ 7) >> 3
            let lengthBits = 64 &- UInt64(maxOctets &- 1).leadingZeroBitCount
            let octets = offset == 0 ? 1 : (64 &- offset.leadingZeroBitCount &+ 7) >> 3
            writeBits(UInt64(octets &- 1), count: lengthBits)
            align()
            writeBits(offset, count: octets &* 8)
        }
    }

    /// A constrained INTEGER in `lowerBound...upperBound`.
    @inlinable
    public mutating func writeConstrainedInteger(_ value: Int64, _ lowerBound: Int64, _ upperBound: Int64)
        throws(APEREncodingError)
    {
        guard value >= lowerBound && value <= upperBound else {
            throw APERWriter.violation("value \(value) outside \(lowerBound)..\(upperBound)")
        }
        writeConstrainedOffset(
            UInt64(bitPattern: value &- lowerBound), span: UInt64(bitPattern: upperBound &- lowerBound))
    }

    /// A constrained INTEGER of unsigned 64-bit values.
    @inlinable
    public mutating func writeConstrainedUnsigned(_ value: UInt64, _ lowerBound: UInt64, _ upperBound: UInt64)
        throws(APEREncodingError)
    {
        guard value >= lowerBound && value <= upperBound else {
            throw APERWriter.violation("value \(value) outside \(lowerBound)..\(upperBound)")
        }
        writeConstrainedOffset(value &- lowerBound, span: upperBound &- lowerBound)
    }

    /// An unconstrained length determinant below 16K (11.9.3.6-7), octet-aligned.
    @inlinable
    public mutating func writeLength(_ count: Int) {
        align()
        if count < 128 {
            writeBits(UInt64(count), count: 8)
        } else {
            writeBits(0x8000 | UInt64(count & 0x3FFF), count: 16)
        }
    }

    /// Writes `count` items in fragments as 11.9.3.8 requires, calling `items(range)`
    /// to write each run of items after its length.
    @inlinable
    public mutating func writeFragmented<E: Error>(
        count: Int, _ items: (inout APERWriter, Range<Int>) throws(E) -> Void
    ) throws(E) {
        var start = 0
        var left = count
        while true {
            if left < 16384 {
                writeLength(left)
                try items(&self, start..<(start &+ left))
                return
            }
            let m = min(left >> 14, 4)
            align()
            writeBits(0xC0 | UInt64(m), count: 8)
            try items(&self, start..<(start &+ m &* 16384))
            start &+= m &* 16384
            left &-= m &* 16384
        }
    }

    /// A semi-constrained whole number offset (11.7): length then the minimum octets.
    @inlinable
    public mutating func writeSemiConstrainedOffset(_ offset: UInt64) {
        let octets = offset == 0 ? 1 : (64 &- offset.leadingZeroBitCount &+ 7) >> 3
        writeLength(octets)
        writeBits(offset, count: octets &* 8)
    }

    /// A semi-constrained INTEGER with lower bound `lowerBound`.
    @inlinable
    public mutating func writeSemiConstrainedInteger(_ value: Int64, _ lowerBound: Int64) throws(APEREncodingError) {
        guard value >= lowerBound else { throw APERWriter.violation("value \(value) below \(lowerBound)") }
        writeSemiConstrainedOffset(UInt64(bitPattern: value &- lowerBound))
    }

    /// An unconstrained whole number (11.8): two's complement in the minimum octets.
    @inlinable
    public mutating func writeUnconstrainedInteger(_ value: Int64) {
        var octets = 1
        while octets < 8 {
            let shift = Int64(octets &* 8 &- 1)
            if value >= -(1 << shift) && value < (1 << shift) { break }
            octets &+= 1
        }
        writeLength(octets)
        writeBits(UInt64(bitPattern: value), count: octets &* 8)
    }

    /// A normally small non-negative whole number (11.6).
    @inlinable
    public mutating func writeNormallySmall(_ value: Int) {
        if value < 64 {
            writeBits(UInt64(value), count: 7)
        } else {
            writeBit(true)
            writeSemiConstrainedOffset(UInt64(value))
        }
    }

    /// A normally small length (11.9.3.4), for SEQUENCE extension bitmaps.
    @inlinable
    public mutating func writeNormallySmallLength(_ count: Int) {
        if count <= 64 {
            writeBits(UInt64(count &- 1), count: 7)
        } else {
            writeBit(true)
            writeSemiConstrainedOffset(UInt64(count &- 1))
        }
    }

    /// A count constrained to `lowerBound...upperBound` with upper bound under 64K.
    @inlinable
    public mutating func writeConstrainedLength(_ count: Int, _ lowerBound: Int, _ upperBound: Int) {
        writeConstrainedOffset(UInt64(count &- lowerBound), span: UInt64(upperBound &- lowerBound))
    }

    // MARK: Open types (11.2)

    /// Writes a value as an open type: its complete encoding preceded by its length.
    @inlinable
    public mutating func writeOpenType<E: Error>(_ body: (inout APERWriter) throws(E) -> Void) throws(E) {
        align()
        let lengthAt = out.count
        writeBits(0, count: 8)
        let start = out.count
        try body(&self)
        align()
        if out.count == start { writeBits(0, count: 8) }
        finishOpenType(lengthAt: lengthAt, start: start)
    }

    @usableFromInline
    mutating func finishOpenType(lengthAt: Int, start: Int) {
        let count = out.count &- start
        if count < 128 {
            out[lengthAt] = UInt8(truncatingIfNeeded: count)
        } else if count < 16384 {
            out.insertZeros(1, at: start)
            out[lengthAt] = 0x80 | UInt8(truncatingIfNeeded: count >> 8)
            out[lengthAt &+ 1] = UInt8(truncatingIfNeeded: count)
            bits &+= 8
        } else {
            let content = out.withUnsafeBytes { Array($0[start...]) }
            out.truncate(to: lengthAt)
            bits = out.count &* 8
            writeFragmented(count: content.count) { w, range in w.writeAlignedBytes(content[range]) }
        }
    }

    /// Writes already-encoded storage as an open type (an unknown extension or IE kept from decoding).
    @inlinable
    public mutating func writeOpenTypeBytes(_ data: ASN1Bytes) {
        if data.count < 16384 {
            writeLength(data.count)
            writeAlignedBytes(data.slice)
        } else {
            writeFragmented(count: data.count) { w, range in w.writeAlignedBytes(data.slice.dropFirst(range.lowerBound).prefix(range.count)) }
        }
    }
}
