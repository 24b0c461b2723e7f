/// The Internet checksum (RFC 1071): one's complement sum of 16-bit big-endian words, for IPv4 headers,
/// UDP, ICMP and ICMPv6. Add the pieces (pseudo-header fields, headers, payload) in any grouping, each piece
/// starting at an even offset of the checksummed data except the last.
public struct InternetChecksum: Sendable {
    @usableFromInline var sum: UInt64 = 0

    @inlinable public init() {}

    /// Adds one 16-bit word.
    @inlinable public mutating func add(_ word: UInt16) { sum &+= UInt64(word) }

    /// Adds a 32-bit value as two words.
    @inlinable public mutating func add(_ word: UInt32) { sum &+= UInt64(word >> 16) &+ UInt64(word & 0xFFFF) }

    /// Adds an address as it appears in a pseudo-header.
    @inlinable public mutating func add(_ address: IPAddress) {
        switch address {
        case .v4(let a): add(a)
        case .v6(let high, let low):
            add(UInt32(truncatingIfNeeded: high >> 32)); add(UInt32(truncatingIfNeeded: high))
            add(UInt32(truncatingIfNeeded: low >> 32)); add(UInt32(truncatingIfNeeded: low))
        }
    }

    /// Adds bytes as big-endian words; an odd last byte is padded with zero.
    @inlinable public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        var i = 0
        var total = sum
        // 32-bit big-endian words into a 64-bit accumulator: no carry handling until the fold.
        while i &+ 4 <= n {
            total &+= UInt64(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
            i &+= 4
        }
        if i &+ 2 <= n {
            total &+= UInt64(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: i, as: UInt16.self)))
            i &+= 2
        }
        if i < n { total &+= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << 8 }
        sum = total
    }

    /// The checksum field value: the one's complement of the folded sum.
    @inlinable public var value: UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xFFFF) &+ (s >> 16) }
        return ~UInt16(truncatingIfNeeded: s)
    }

    /// Whether data that includes its checksum field sums to all ones (the field is right).
    @inlinable public var verifies: Bool { value == 0 }

    /// The checksum of `bytes` alone.
    @inlinable public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var c = InternetChecksum()
        c.add(bytes)
        return c.value
    }

    /// Adds the pseudo-header of RFC 768 / RFC 8200 §8.1 for an upper-layer packet of `length` bytes.
    @inlinable public mutating func addPseudoHeader(source: IPAddress, destination: IPAddress, protocol proto: IPProtocol, length: Int) {
        add(source)
        add(destination)
        add(UInt32(truncatingIfNeeded: length))
        add(UInt16(proto.rawValue))
    }
}

/// CRC32c (Castagnoli, RFC 9260 appendix A), the SCTP checksum; table-driven, eight bytes per step.
public enum CRC32c {
    /// Eight tables of 256 entries (slicing-by-8); table 0 is the bytewise table of the reflected polynomial.
    @usableFromInline static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// Continues a CRC over `bytes`; start with `0` and pass the previous result to chain pieces.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        var c = ~crc
        let n = bytes.count
        var i = 0
        tables.withUnsafeBufferPointer { t in
            while i &+ 8 <= n {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ c
                let high = UInt32(truncatingIfNeeded: word >> 32)
                c = t[7 &* 256 &+ Int(low & 0xFF)] ^ t[6 &* 256 &+ Int((low >> 8) & 0xFF)]
                    ^ t[5 &* 256 &+ Int((low >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(low >> 24)]
                    ^ t[3 &* 256 &+ Int(high & 0xFF)] ^ t[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                    ^ t[1 &* 256 &+ Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                i &+= 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self))) & 0xFF)] ^ (c >> 8)
                i &+= 1
            }
        }
        return ~c
    }

    /// The CRC32c of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 { update(0, bytes) }
}
