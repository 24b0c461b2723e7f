import Crypto
import CryptoExtras

/// AES-128 through swift-crypto's single-block `AES.permute`, with CTR and CBC-MAC built on it.
/// The key is validated once here; swift-crypto still expands the key schedule inside each call
/// (it exposes no keyed block object, and `CCryptoBoringSSL` is not one of its products).
@usableFromInline
struct AES128: Sendable {
    @usableFromInline let key: SymmetricKey

    @usableFromInline
    init(key bytes: [UInt8], _ what: String = "AES key") throws(SecurityError) {
        try SecurityError.check(bytes, 16, what)
        key = SymmetricKey(data: bytes)
    }

    /// E_K(block), one AES-128 block (FIPS 197).
    @usableFromInline
    func encrypt(_ block: Block128) throws(SecurityError) -> Block128 {
        var words = (block.hi.bigEndian, block.lo.bigEndian)
        do {
            try withUnsafeMutableBytes(of: &words) { raw in
                var buf = raw.bindMemory(to: UInt8.self)
                try AES.permute(&buf, key: key)
            }
        } catch {
            throw .crypto("AES block: \(error)")
        }
        return Block128(hi: UInt64(bigEndian: words.0), lo: UInt64(bigEndian: words.1))
    }

    /// XORs the AES-CTR keystream starting at `counter` (full 128-bit big-endian counter,
    /// NIST SP 800-38A) into the first `count` bytes of `buffer`. One `AES.permute` per block:
    /// measured faster than `AES._CTR` for NAS-sized messages, which allocates a `Data` per call.
    @usableFromInline
    func ctrXOR(counter: Block128, _ buffer: UnsafeMutableRawBufferPointer, count: Int) throws(SecurityError) {
        var ctr = counter
        var offset = 0
        let n = min(count, buffer.count)
        while offset < n {
            let ks = try encrypt(ctr)
            if n - offset >= 16 {
                let hi = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ ks.hi
                let lo = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) ^ ks.lo
                buffer.storeBytes(of: hi.bigEndian, toByteOffset: offset, as: UInt64.self)
                buffer.storeBytes(of: lo.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
            } else {
                for i in 0..<(n - offset) {
                    let word = i < 8 ? ks.hi : ks.lo
                    buffer[offset + i] ^= UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64(i & 7)))
                }
            }
            offset += 16
            ctr.lo &+= 1
            if ctr.lo == 0 { ctr.hi &+= 1 }
        }
    }

    /// The CBC-MAC with a zero IV over `input` (a whole number of blocks): C_i = E_K(C_i-1 ⊕ M_i).
    @usableFromInline
    func cbcMAC(_ input: UnsafeRawBufferPointer) throws(SecurityError) -> Block128 {
        var c = Block128.zero
        var offset = 0
        while offset + 16 <= input.count {
            c = try encrypt(c ^ Block128(bytes: UnsafeRawBufferPointer(rebasing: input[offset..<(offset + 16)])))
            offset += 16
        }
        return c
    }
}

