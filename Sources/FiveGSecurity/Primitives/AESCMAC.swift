import Crypto
import CryptoExtras

/// AES-CMAC (NIST SP 800-38B) over messages of any bit length. 128-NIA2 (TS 33.401 B.2.3) feeds it
/// COUNT||BEARER||DIRECTION||0^26||MESSAGE and keeps the 32 most significant bits.
///
/// `mac` is the general path: subkeys K1/K2 computed once, padding on a stack copy, then a CBC-MAC
/// (`AES128.cbcMAC`). `mac32` serves NIA2: whole-byte messages go through swift-crypto's `AES.CMAC`,
/// keyed once here, so each message copies that BoringSSL context (key schedule and subkeys
/// included) instead of expanding the key and padding again. Its output size is 4 bytes, which
/// `Data` keeps inline: 3 allocations per MAC (the copied context), ~3,900 instructions for a
/// 100-byte NAS message against ~5,500 for the general path.
@usableFromInline
struct AESCMAC: Sendable {
    @usableFromInline let aes: AES128
    /// The keyed BoringSSL context, 32-bit output; copied for each message.
    @usableFromInline let keyed32: AES.CMAC
    @usableFromInline let k1: Block128
    @usableFromInline let k2: Block128

    @usableFromInline
    init(key: [UInt8]) throws(SecurityError) {
        aes = try AES128(key: key, "CMAC key")
        do {
            keyed32 = try AES.CMAC(key: aes.key, outputSize: 4)
        } catch {
            throw .crypto("AES-CMAC: \(error)")
        }
        let l = try aes.encrypt(.zero)
        k1 = Self.double(l)
        k2 = Self.double(k1)
    }

    @inlinable static func double(_ b: Block128) -> Block128 {
        let (s, carry) = b.shiftedLeftOne()
        return carry ? Block128(hi: s.hi, lo: s.lo ^ 0x87) : s
    }

    /// Checks the input shape shared by both paths.
    @inlinable
    static func check(prefixBytes: Int, _ message: UnsafeRawBufferPointer, bitLength: Int) throws(SecurityError) {
        guard bitLength >= 0, (bitLength + 7) / 8 <= message.count else {
            throw .length("CMAC message", expected: "at least \((bitLength + 7) / 8) bytes", got: message.count)
        }
        guard prefixBytes == 0 || prefixBytes == 8 else { throw .value("CMAC prefix of \(prefixBytes) bytes") }
    }

    /// The 32 most significant bits of the CMAC of `prefix` (its first `prefixBytes` bytes,
    /// big-endian, 0 or 8) followed by the first `bitLength` bits of `message`.
    @usableFromInline
    func mac32(prefix: UInt64 = 0, prefixBytes: Int = 0, _ message: UnsafeRawBufferPointer, bitLength: Int) throws(SecurityError) -> UInt32 {
        try Self.check(prefixBytes: prefixBytes, message, bitLength: bitLength)
        if bitLength % 8 != 0 {
            return UInt32(truncatingIfNeeded: try mac(prefix: prefix, prefixBytes: prefixBytes, message, bitLength: bitLength).hi >> 32)
        }
        return try keyedMAC32(prefix: prefix, prefixBytes: prefixBytes, UnsafeRawBufferPointer(rebasing: message[0..<(bitLength / 8)]))
    }

    /// `mac32` for whole bytes, on a copy of the keyed swift-crypto context.
    @usableFromInline
    func keyedMAC32(prefix: UInt64, prefixBytes: Int, _ message: UnsafeRawBufferPointer) throws(SecurityError) -> UInt32 {
        var context = keyed32
        if prefixBytes == 8 && message.count <= 1016 {
            // One update of prefix || message (a stack copy) costs less than a second update call.
            withUnsafeTemporaryAllocation(byteCount: 8 + message.count, alignment: 8) { buf in
                buf.storeBytes(of: prefix.bigEndian, toByteOffset: 0, as: UInt64.self)
                if message.count > 0, let src = message.baseAddress, let dst = buf.baseAddress {
                    (dst + 8).copyMemory(from: src, byteCount: message.count)
                }
                context.update(bufferPointer: UnsafeRawBufferPointer(buf))
            }
        } else {
            if prefixBytes == 8 { withUnsafeBytes(of: prefix.bigEndian) { context.update(bufferPointer: $0) } }
            context.update(bufferPointer: message)
        }
        // Moved, not copied, into the consuming `finalize`: a second reference would make it copy the context again.
        let tag = (consume context).finalize()
        guard let word = tag.withUnsafeBytes({ $0.count == 4 ? UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) : nil }) else {
            throw .crypto("AES-CMAC returned \(tag.byteCount) bytes")
        }
        return word
    }

    /// The full 128-bit CMAC, general path (SP 800-38B §6.2) on a zero-padded stack copy.
    @usableFromInline
    func mac(prefix: UInt64 = 0, prefixBytes: Int = 0, _ message: UnsafeRawBufferPointer, bitLength: Int) throws(SecurityError) -> Block128 {
        try Self.check(prefixBytes: prefixBytes, message, bitLength: bitLength)
        let totalBits = prefixBytes * 8 + bitLength
        let blocks = max(1, (totalBits + 127) / 128)
        let complete = totalBits > 0 && totalBits % 128 == 0
        // One block more than the message needs, zero, for the CFB form of the CBC-MAC.
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
