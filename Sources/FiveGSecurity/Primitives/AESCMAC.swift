/// AES-CMAC (NIST SP 800-38B) over messages of any bit length, with the subkeys K1/K2
/// computed once per key. 128-NIA2 (TS 33.401 B.2.3) feeds it COUNT||BEARER||DIRECTION||0^26||MESSAGE.
@usableFromInline
struct AESCMAC: Sendable {
    @usableFromInline let aes: AES128
    @usableFromInline let k1: Block128
    @usableFromInline let k2: Block128

    @usableFromInline
    init(key: [UInt8]) throws(SecurityError) {
        aes = try AES128(key: key, "CMAC key")
        let l = try aes.encrypt(.zero)
        k1 = Self.double(l)
        k2 = Self.double(k1)
    }

    @inlinable static func double(_ b: Block128) -> Block128 {
        let (s, carry) = b.shiftedLeftOne()
        return carry ? Block128(hi: s.hi, lo: s.lo ^ 0x87) : s
    }

    /// CMAC of `prefix` (its first `prefixBytes` bytes, big-endian, 0 or 8) followed by the first
    /// `bitLength` bits of `message`. Bits of `message` past `bitLength` are ignored.
    @usableFromInline
    func mac(prefix: UInt64 = 0, prefixBytes: Int = 0, _ message: UnsafeRawBufferPointer, bitLength: Int) throws(SecurityError) -> Block128 {
        guard bitLength >= 0, (bitLength + 7) / 8 <= message.count else {
            throw .length("CMAC message", expected: "at least \((bitLength + 7) / 8) bytes", got: message.count)
        }
        let totalBits = prefixBytes * 8 + bitLength
        let blocks = max(1, (totalBits + 127) / 128)
        let complete = totalBits > 0 && totalBits % 128 == 0
        return try withUnsafeTemporaryAllocation(byteCount: blocks * 16 + 16, alignment: 8) { (buf) throws(SecurityError) -> Block128 in
            buf.initializeMemory(as: UInt8.self, repeating: 0)
            if prefixBytes == 8 { buf.storeBytes(of: prefix.bigEndian, toByteOffset: 0, as: UInt64.self) }
            let messageBytes = (bitLength + 7) / 8
            if messageBytes > 0, let src = message.baseAddress, let dst = buf.baseAddress {
                (dst + prefixBytes).copyMemory(from: src, byteCount: messageBytes)
            }
            let lastBits = bitLength % 8
            if lastBits != 0 {
                buf[prefixBytes + messageBytes - 1] &= UInt8(truncatingIfNeeded: 0xff00 >> lastBits)
            }
            if !complete {
                // Padding: a single 1 bit after the message, then zeros (the buffer is zeroed).
                buf[totalBits / 8] |= UInt8(0x80) >> (totalBits % 8)
            }
            let lastOffset = (blocks - 1) * 16
            let last = Block128(bytes: UnsafeRawBufferPointer(rebasing: buf[lastOffset...])) ^ (complete ? k1 : k2)
            last.store(to: buf, at: lastOffset)
            return try aes.cbcMAC(blocksWithTrailingZeroBlock: UnsafeRawBufferPointer(buf))
        }
    }
}
