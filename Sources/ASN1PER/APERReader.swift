/// A cursor over an aligned-PER encoding (ITU-T X.691, ALIGNED variant).
///
/// Created by `APERReader.decode(_:_:)` for the duration of one decode; it
/// reads from borrowed storage and hands out octet-aligned byte runs as slices
/// of the input, without copying. Every read checks the bits left first, so no
/// input can make it read out of bounds.
///
/// One nesting budget (`maxDepth`) covers open types, CONTAINING values, lists,
/// fragmented payloads (decoded by a nested reader that inherits the depth) and
/// recursive types, so no input can exhaust the stack.
public struct APERReader {
    /// Keeps the input alive and lets aligned byte runs be sliced without a copy.
    @usableFromInline let owner: ArraySlice<UInt8>
    @usableFromInline let base: UnsafePointer<UInt8>
    /// Bits from `base`.
    @usableFromInline var position: Int
    /// End of the readable bits (shortened while inside an open type).
    @usableFromInline var limit: Int
    /// Bytes of the buffer `base` points to (reads of whole words stay inside it).
    @usableFromInline let bufferBytes: Int
    /// Bit offset of `base` within the outermost encoding, for error reports.
    @usableFromInline let origin: Int
    /// Current nesting (open types, CONTAINING values, lists, recursive types), at most `maxDepth`.
    @usableFromInline var depth: Int
    /// Start offsets of the containers (CONTAINING values, open types) whose contents tolerant decoding
    /// keeps as bytes instead of failing; empty for a strict decode.
    @usableFromInline let tolerated: [Int]

    /// Deepest nesting accepted before decoding fails with `.tooDeep`.
    public static let maxDepth = 64
    /// Most containers one tolerant decode keeps as bytes before it gives up.
    public static let maxTolerated = 16

    @usableFromInline
    init(owner: ArraySlice<UInt8>, base: UnsafePointer<UInt8>, bitCount: Int, origin: Int, depth: Int, tolerated: [Int]) {
        self.owner = owner
        self.base = base
        self.position = 0
        self.limit = bitCount
        self.bufferBytes = bitCount >> 3
        self.origin = origin
        self.depth = depth
        self.tolerated = tolerated
    }

    /// Runs `body` with a reader over `bytes`. A strict decode unless `tolerating` names containers
    /// (see `init(aperEncoded:trailingBytes:diagnostics:)`).
    @inlinable
    public static func decode<T>(
        _ bytes: ArraySlice<UInt8>, origin: Int = 0, tolerating tolerated: [Int] = [],
        _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> T {
        try decode(bytes, origin: origin, depth: 0, tolerated: tolerated, body)
    }

    @inlinable
    static func decode<T>(
        _ bytes: ArraySlice<UInt8>, origin: Int, depth: Int, tolerated: [Int],
        _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> T {
        let result: Result<T, APERDecodingError> = bytes.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { spare in
                // An empty input has no base address; the one-byte spare stands in (nothing is read from it).
                let start = buffer.baseAddress ?? UnsafePointer(spare.baseAddress.unsafelyUnwrapped)
                var reader = APERReader(
                    owner: bytes, base: start, bitCount: buffer.count &* 8, origin: origin, depth: depth, tolerated: tolerated)
                do throws(APERDecodingError) {
                    return .success(try body(&reader))
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// Decodes `bytes` (contents copied out of the input: a fragmented payload, unaligned bits) with a
    /// nested reader one level deeper that inherits the budget and the tolerated containers.
    @inlinable
    mutating func decodeNested<T>(
        _ bytes: ArraySlice<UInt8>, origin: Int, _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> T {
        guard depth < APERReader.maxDepth else { throw tooDeep() }
        return try APERReader.decode(bytes, origin: origin, depth: depth &+ 1, tolerated: tolerated, body)
    }

    /// Enters one level of nesting; fails when the budget is spent. Generated decoders of recursive types
    /// call it (with `leaveNesting()` on the way out).
    @inlinable @inline(__always)
    public mutating func enterNesting() throws(APERDecodingError) {
        guard depth < APERReader.maxDepth else { throw tooDeep() }
        depth &+= 1
    }

    /// Leaves a level entered with `enterNesting()`.
    @inlinable @inline(__always)
    public mutating func leaveNesting() { depth &-= 1 }

    /// Current nesting (open types, CONTAINING values, lists, recursive types), at most `maxDepth`.
    @inlinable public var nestingDepth: Int { depth }
    /// Offset of the next bit within the outermost encoding.
    @inlinable public var bitOffset: Int { origin &+ position }
    /// Bits left before the current limit.
    @inlinable public var remainingBits: Int { limit &- position }
    /// Whole bytes left after aligning.
    @inlinable public var remainingBytesAfterAlignment: Int { (limit &- ((position &+ 7) & ~7)) >> 3 }

    // MARK: Errors

    @inline(never) @usableFromInline
    func truncated(needing bits: Int) -> APERDecodingError {
        APERDecodingError(
            .truncated, "needs \(bits) more bit\(bits == 1 ? "" : "s"), \(remainingBits) left", bitOffset: bitOffset)
    }

    @inline(never) @usableFromInline
    func violation(_ message: String) -> APERDecodingError {
        APERDecodingError(.constraintViolation, message, bitOffset: bitOffset)
    }

    @inline(never) @usableFromInline
    func invalidLength(_ length: Int, unit: String) -> APERDecodingError {
        APERDecodingError(.invalidLength, "length \(length) \(unit) exceeds the \(remainingBits) bits left", bitOffset: bitOffset)
    }

    @inline(never) @usableFromInline
    func tooDeep() -> APERDecodingError {
        APERDecodingError(.tooDeep, "nesting deeper than \(APERReader.maxDepth)", bitOffset: bitOffset)
    }

    @inline(never) @usableFromInline
    func error(_ code: APERDecodingError.Code, _ message: String) -> APERDecodingError {
        APERDecodingError(code, message, bitOffset: bitOffset)
    }

    /// An index that names no item of an enumeration (generated decoders throw it).
    @inline(never)
    public func undefinedEnumerationIndex(_ index: Int) -> APERDecodingError {
        violation("enumeration index \(index) undefined")
    }

    // MARK: Bits

    /// Reads one bit.
    @inlinable @inline(__always)
    public mutating func readBit() throws(APERDecodingError) -> Bool {
        guard position < limit else { throw truncated(needing: 1) }
        let byte = base[position >> 3]
        let bit = (byte >> UInt8(7 &- (position & 7))) & 1
        position &+= 1
        return bit != 0
    }

    /// Reads `count` bits (0...64) as an unsigned number, first bit most significant.
    @inlinable @inline(__always)
    public mutating func readBits(_ count: Int) throws(APERDecodingError) -> UInt64 {
        guard count <= limit &- position else { throw truncated(needing: count) }
        let byte = position >> 3
        if count <= 56, byte &+ 8 <= bufferBytes {
            // One unaligned big-endian word holds the bits.
            let word = UnsafeRawPointer(base + byte).loadUnaligned(as: UInt64.self).bigEndian
            let shift = UInt64(position & 7)
            position &+= count
            return (word << shift) >> UInt64(64 &- count)
        }
        return readBitsByByte(count)
    }

    /// `readBits` near the end of the buffer, one byte at a time; the bits are known to be there.
    @usableFromInline
    mutating func readBitsByByte(_ count: Int) -> UInt64 {
        var result: UInt64 = 0
        var left = count
        while left > 0 {
            let byte = UInt64(base[position >> 3])
            let used = position & 7
            let available = 8 &- used
            let take = available < left ? available : left
            let bits = (byte >> UInt64(available &- take)) & ((1 << UInt64(take)) &- 1)
            result = (result << UInt64(take)) | bits
            position &+= take
            left &-= take
        }
        return result
    }

    /// A constrained whole number of range 2...255 (X.691 11.5.7.2): a `bits`-wide field
    /// holding an offset of at most `maximum`.
    @inlinable
    public mutating func readBitField(_ bits: Int, maximum: UInt64) throws(APERDecodingError) -> UInt64 {
        let value = try readBits(bits)
        guard value <= maximum else { throw violation("value offset \(value) above the range size \(maximum)") }
        return value
    }

    /// A constrained whole number of range 257...65536 (11.5.7.3): two aligned octets, at most `maximum`.
    @inlinable
    public mutating func readAlignedUInt16(maximum: UInt64) throws(APERDecodingError) -> UInt64 {
        try align()
        return try readBitField(16, maximum: maximum)
    }

    /// A constrained whole number of range 256 (11.5.7.3): one aligned octet.
    @inlinable
    public mutating func readAlignedOctet() throws(APERDecodingError) -> UInt64 {
        try align()
        return try readBits(8)
    }

    /// Skips to the next octet boundary (X.691 padding bits).
    @inlinable @inline(__always)
    public mutating func align() throws(APERDecodingError) {
        let aligned = (position &+ 7) & ~7
        guard aligned <= limit else { throw truncated(needing: aligned &- position) }
        position = aligned
    }

    /// Reads `count` octets at an octet boundary, sharing the input's storage.
    @inlinable
    public mutating func readAlignedBytes(_ count: Int) throws(APERDecodingError) -> ASN1Bytes {
        guard count >= 0, count <= (limit &- position) >> 3 else { throw invalidLength(count, unit: "octets") }
        let start = owner.startIndex &+ (position >> 3)
        position &+= count &* 8
        return ASN1Bytes(owner[start..<(start &+ count)])
    }

    /// Reads `bitCount` bits into bytes, first bit in the high bit; copies unless aligned whole octets.
    @inlinable
    public mutating func readBitsAsBytes(_ bitCount: Int) throws(APERDecodingError) -> ASN1Bytes {
        guard bitCount >= 0, bitCount <= limit &- position else { throw invalidLength(bitCount, unit: "bits") }
        if position & 7 == 0 && bitCount & 7 == 0 {
            return try readAlignedBytes(bitCount >> 3)
        }
        return readUnalignedBytes(bitCount)
    }

    /// The next `bitCount` bits as bytes, first bit in the high bit; the caller has checked they are there.
    @usableFromInline
    mutating func readUnalignedBytes(_ bitCount: Int) -> ASN1Bytes {
        let byteCount = (bitCount &+ 7) >> 3
        var out = [UInt8](repeating: 0, count: byteCount)
        var left = bitCount
        var i = 0
        while left > 0 {
            let take = left < 8 ? left : 8
            out[i] = UInt8(truncatingIfNeeded: readBitsByByte(take) << UInt64(8 &- take))
            left &-= take
            i &+= 1
        }
        return ASN1Bytes(out)
    }

    // MARK: Whole numbers (X.691 clause 11)

    /// A constrained whole number (11.5.7, ALIGNED variant) as its offset from the
    /// lower bound; `span` is upper bound minus lower bound.
    @inlinable
    public mutating func readConstrainedOffset(span: UInt64) throws(APERDecodingError) -> UInt64 {
        let value: UInt64
        if span == 0 {
            return 0
        } else if span < 255 {
            value = try readBits(64 &- span.leadingZeroBitCount)
        } else if span == 255 {
            try align()
            return try readBits(8)
        } else if span < 65536 {
            try align()
            value = try readBits(16)
        } else {
            let maxOctets = (64 &- span.leadingZeroBitCount &+ 7) >> 3
            let lengthBits = 64 &- UInt64(maxOctets &- 1).leadingZeroBitCount
            let octets = Int(try readBits(lengthBits)) &+ 1
            try align()
            guard octets <= maxOctets else { throw violation("\(octets) octets for a value of at most \(maxOctets)") }
            value = try readBits(octets &* 8)
        }
        guard value <= span else { throw violation("value offset \(value) above the range size \(span)") }
        return value
    }

    /// A constrained INTEGER in `lowerBound...upperBound` (not extensible).
    @inlinable
    public mutating func readConstrainedInteger(_ lowerBound: Int64, _ upperBound: Int64) throws(APERDecodingError)
        -> Int64
    {
        let span = UInt64(bitPattern: upperBound &- lowerBound)
        return lowerBound &+ Int64(bitPattern: try readConstrainedOffset(span: span))
    }

    /// A constrained INTEGER in `lowerBound...upperBound` of unsigned 64-bit values.
    @inlinable
    public mutating func readConstrainedUnsigned(_ lowerBound: UInt64, _ upperBound: UInt64) throws(APERDecodingError)
        -> UInt64
    {
        lowerBound &+ (try readConstrainedOffset(span: upperBound &- lowerBound))
    }

    /// An unconstrained length determinant (11.9.3.5-8), octet-aligned.
    /// Returns the count and whether it is a fragment (more follow).
    @inlinable
    public mutating func readLength() throws(APERDecodingError) -> (count: Int, fragment: Bool) {
        try align()
        let first = try readBits(8)
        if first & 0x80 == 0 { return (Int(first), false) }
        if first & 0x40 == 0 { return (Int((first & 0x3F) << 8 | (try readBits(8))), false) }
        let m = Int(first & 0x3F)
        guard m >= 1 && m <= 4 else { throw error(.invalidEncoding, "fragment length multiplier \(m) outside 1..4") }
        return (m &* 16384, true)
    }

    /// A length determinant that must not be fragmented (integers, small counts).
    @inlinable
    public mutating func readUnfragmentedLength() throws(APERDecodingError) -> Int {
        let (count, fragment) = try readLength()
        guard !fragment else { throw error(.unsupported, "fragmented length where none is expected") }
        return count
    }

    /// A semi-constrained whole number (11.7): the offset from the lower bound.
    @inlinable
    public mutating func readSemiConstrainedOffset() throws(APERDecodingError) -> UInt64 {
        let octets = try readUnfragmentedLength()
        guard octets <= 8 else { throw error(.unsupported, "integer of \(octets) octets exceeds 64 bits") }
        return try readBits(octets &* 8)
    }

    /// A semi-constrained INTEGER with lower bound `lowerBound`.
    @inlinable
    public mutating func readSemiConstrainedInteger(_ lowerBound: Int64) throws(APERDecodingError) -> Int64 {
        let offset = try readSemiConstrainedOffset()
        let (value, overflow) = lowerBound.addingReportingOverflow(Int64(bitPattern: offset))
        guard !overflow, offset <= UInt64(Int64.max) || lowerBound < 0 else {
            throw error(.unsupported, "integer above 64-bit range")
        }
        return value
    }

    /// An unconstrained whole number (11.8): two's complement in the minimum octets.
    @inlinable
    public mutating func readUnconstrainedInteger() throws(APERDecodingError) -> Int64 {
        let octets = try readUnfragmentedLength()
        guard octets <= 8 else { throw error(.unsupported, "integer of \(octets) octets exceeds 64 bits") }
        guard octets > 0 else { return 0 }
        let raw = try readBits(octets &* 8)
        let shift = UInt64(64 &- octets &* 8)
        return Int64(bitPattern: raw << shift) >> Int64(shift)
    }

    /// A normally small non-negative whole number (11.6).
    @inlinable
    public mutating func readNormallySmall() throws(APERDecodingError) -> Int {
        if try !readBit() { return Int(try readBits(6)) }
        let value = try readSemiConstrainedOffset()
        guard value <= UInt64(Int32.max) else { throw violation("normally small number \(value) too large") }
        return Int(value)
    }

    /// A normally small length (11.9.3.4): the number of bits of a SEQUENCE extension bitmap.
    @inlinable
    public mutating func readNormallySmallLength() throws(APERDecodingError) -> Int {
        if try !readBit() { return Int(try readBits(6)) &+ 1 }
        // Above 64: n - 1 as a semi-constrained whole number (as pycrate and asn1c write it).
        let value = try readSemiConstrainedOffset()
        guard value < 1 << 20 else { throw violation("extension bitmap of \(value) bits") }
        return Int(value) &+ 1
    }

    // MARK: Lengths of sized types

    /// A count constrained to `lowerBound...upperBound` with upper bound under 64K (11.9.3.3 / 11.9.4.1).
    @inlinable
    public mutating func readConstrainedLength(_ lowerBound: Int, _ upperBound: Int) throws(APERDecodingError) -> Int {
        lowerBound &+ Int(try readConstrainedOffset(span: UInt64(upperBound &- lowerBound)))
    }

    // MARK: Open types (11.2)

    /// Decodes the value inside an open type: a length, then the complete encoding of the value
    /// (X.691 11.2.1). Contents with octets after that encoding fail with `.unusedOctets` (tolerant
    /// decoding skips them and records the error).
    @inlinable
    public mutating func readOpenType<T>(_ body: (inout APERReader) throws(APERDecodingError) -> T)
        throws(APERDecodingError) -> T
    {
        let start = bitOffset
        let (count, fragment) = try readLength()
        if fragment {
            let bytes = try readFragmentedOctets(firstFragment: count)
            let origin = bitOffset
            return try decodeNested(bytes[...], origin: origin) { (r: inout APERReader) throws(APERDecodingError) -> T in
                let value = try body(&r)
                try r.checkComplete(octets: bytes.count, used: r.position, container: start, what: "open type")
                return value
            }
        }
        guard count &* 8 <= limit &- position else { throw invalidLength(count, unit: "octets") }
        guard depth < APERReader.maxDepth else { throw tooDeep() }
        let contents = position
        let end = position &+ count &* 8
        let savedLimit = limit
        limit = end
        depth &+= 1
        let value = try body(&self)
        depth &-= 1
        try checkComplete(octets: count, used: position &- contents, container: start, what: "open type")
        position = end
        limit = savedLimit
        return value
    }

    /// Checks that a value of `used` bits is the complete encoding (X.691 11.1: padded to whole octets, one
    /// zero octet when empty) that fills a container of `octets` octets.
    @inlinable @inline(__always)
    mutating func checkComplete(octets: Int, used: Int, container: Int, what: StaticString) throws(APERDecodingError) {
        let needed = used == 0 ? 1 : (used &+ 7) >> 3
        if needed != octets { try incompleteContents(octets: octets, needed: needed, container: container, what: what) }
    }

    @inline(never) @usableFromInline
    func incompleteContents(octets: Int, needed: Int, container: Int, what: StaticString) throws(APERDecodingError) {
        if tolerated.contains(container) { return }
        let message = octets == 0
            ? "empty \(what): the complete encoding of a value takes at least one octet"
            : "the value of the \(what) ends after \(needed) of its \(octets) octets"
        throw APERDecodingError(octets == 0 ? .invalidLength : .unusedOctets, message, bitOffset: bitOffset, container: container)
    }

    /// The bytes of an open type, undecoded (an unknown extension or IE).
    @inlinable
    public mutating func readOpenTypeBytes() throws(APERDecodingError) -> ASN1Bytes {
        let (count, fragment) = try readLength()
        if fragment { return ASN1Bytes(try readFragmentedOctets(firstFragment: count)) }
        return try readAlignedBytes(count)
    }

    /// Collects a fragmented run of octets whose first fragment holds `firstFragment` octets.
    @usableFromInline
    mutating func readFragmentedOctets(firstFragment: Int) throws(APERDecodingError) -> [UInt8] {
        var out: [UInt8] = []
        var count = firstFragment
        var more = true
        while true {
            guard count <= (limit &- position) >> 3 else { throw invalidLength(count, unit: "octets") }
            out.append(contentsOf: try readAlignedBytes(count).slice)
            if !more { return out }
            (count, more) = try readLength()
        }
    }
}
