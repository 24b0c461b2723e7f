/// A 128-NEA key with its per-key state prepared once (TS 33.501 Annex D.2; TS 33.401 B.1):
/// NEA1 = UEA2 f8 (SNOW 3G), NEA2 = AES-128-CTR, NEA3 = 128-EEA3 (ZUC); NEA0 is the identity.
public struct CipheringKey: Sendable {
    public let algorithm: CipheringAlgorithm
    @usableFromInline let words: Block128
    @usableFromInline let aes: AES128?

    /// Prepares `key` (16 bytes; ignored for NEA0) for `algorithm`.
    public init(algorithm: CipheringAlgorithm, key: [UInt8]) throws(SecurityError) {
        self.algorithm = algorithm
        switch algorithm {
        case .nea0:
            words = .zero
            aes = nil
        case .nea1, .nea3:
            words = try Block128(key, "KNASenc")
            aes = nil
        case .nea2:
            words = try Block128(key, "KNASenc")
            aes = try AES128(key: key, "KNASenc")
        default:
            throw .value("ciphering algorithm \(algorithm) is not supported")
        }
    }

    /// Enciphers or deciphers (the same operation) the first `bitLength` bits of `buffer` in place.
    /// Bits of the last byte past `bitLength` are set to zero.
    public func apply(count: UInt32, bearer: UInt8, direction: Direction,
                      _ buffer: UnsafeMutableRawBufferPointer, bitLength: Int) throws(SecurityError) {
        guard bearer < 32 else { throw .value("BEARER \(bearer) is not a 5-bit value") }
        let byteCount = (bitLength + 7) / 8
        guard bitLength >= 0, byteCount <= buffer.count else {
            throw .length("NEA input", expected: "at least \(byteCount) bytes", got: buffer.count)
        }
        let dir = UInt32(direction.rawValue)
        switch algorithm {
        case .nea1:
            var snow = SNOW3G(k: (words.lo32, words.lo.high32, words.hi32Low, words.hi.high32),
                              iv: (UInt32(bearer) << 27 | dir << 26, count, UInt32(bearer) << 27 | dir << 26, count))
            xorWords(buffer, byteCount) { snow.next() }
        case .nea2:
            // T1 = COUNT || BEARER || DIRECTION || 0^26 || 0^64 (TS 33.401 B.1.3).
            let t1 = Block128(hi: UInt64(count) << 32 | UInt64(bearer) << 27 | UInt64(dir) << 26, lo: 0)
            try aes?.ctrXOR(counter: t1, buffer, count: byteCount)
        case .nea3:
            var zuc = withEEA3IV(count: count, bearer: bearer, direction: dir) { iv in
                withUnsafeBytes(of: (words.hi.bigEndian, words.lo.bigEndian)) { ZUC(key: $0, iv: iv) }
            }
            xorWords(buffer, byteCount) { zuc.next() }
        default:
            return
        }
        let rem = bitLength % 8
        if rem != 0 { buffer[byteCount - 1] &= UInt8(truncatingIfNeeded: 0xff00 >> rem) }
    }

    /// Enciphers or deciphers `data` (its first `bitLength` bits, all of it by default) into a new array.
    public func apply(count: UInt32, bearer: UInt8, direction: Direction, _ data: [UInt8], bitLength: Int? = nil) throws(SecurityError) -> [UInt8] {
        var out = data
        try withMutableBytes(&out) { (buf) throws(SecurityError) in
            try apply(count: count, bearer: bearer, direction: direction, buf, bitLength: bitLength ?? data.count * 8)
        }
        return out
    }
}

/// IV of 128-EEA3 (TS 33.401 B.1.4 / EEA3 spec §3.3): COUNT || BEARER<<3|DIRECTION<<2 || 0^24, twice.
@inlinable
func withEEA3IV<R>(count: UInt32, bearer: UInt8, direction: UInt32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    let half = UInt64(count) << 32 | UInt64(bearer) << 27 | UInt64(direction) << 26
    return withUnsafeBytes(of: (half.bigEndian, half.bigEndian), body)
}

/// XORs big-endian keystream words into the first `byteCount` bytes of `buffer`.
@inlinable
func xorWords(_ buffer: UnsafeMutableRawBufferPointer, _ byteCount: Int, _ next: () -> UInt32) {
    var i = 0
    while i + 4 <= byteCount {
        let z = next().bigEndian
        let v = buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self) ^ z
        buffer.storeBytes(of: v, toByteOffset: i, as: UInt32.self)
        i += 4
    }
    if i < byteCount {
        let z = next()
        var shift: UInt32 = 24
        while i < byteCount {
            buffer[i] ^= UInt8(truncatingIfNeeded: z >> shift)
            i += 1
            shift &-= 8
        }
    }
}

extension Block128 {
    /// Key words K3..K0 of UEA2/UIA2: K3 = bytes 0-3 ... K0 = bytes 12-15; these give K0..K3.
    @inlinable var lo32: UInt32 { UInt32(truncatingIfNeeded: lo) }
    @inlinable var hi32Low: UInt32 { UInt32(truncatingIfNeeded: hi) }
}

extension UInt64 {
    @inlinable var high32: UInt32 { UInt32(truncatingIfNeeded: self >> 32) }
}
