import Crypto
import CryptoExtras
// swift-crypto's CTR and CFB entry points return `Data`; this file only copies out of it.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AES-128 through swift-crypto. The key is validated once here; swift-crypto exposes no keyed block
/// object (and `CCryptoBoringSSL` is not one of its products), so each call expands the key schedule
/// again. With AES-NI that expansion is cheap (~150 instructions); the Swift wrapper around a call is not.
///
/// Measured with callgrind and wall clock (release, x86-64): `AES.permute` on a 16-byte stack block
/// costs ~1,000 instructions (~90 ns) and no allocation; `AES._CTR` and `AES._CFB` cost ~4,500
/// instructions (~400 ns) for about 100 bytes plus two allocations for the `Data` they return (a
/// non-specialised generic builds the nonce or IV). So single blocks and short runs are `permute`
/// calls, and long CTR runs and CBC-MACs one `_CTR` or `_CFB` call.
@usableFromInline
struct AES128: Sendable {
    @usableFromInline let key: SymmetricKey

    /// CTR runs up to this many blocks are cheaper as separate `permute` calls than as one `_CTR` call.
    @usableFromInline static let permuteCTRBlocks = 4

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
                var payload = raw
                try AES.permute(&payload, key: key)
            }
        } catch {
            throw .crypto("AES: \(error)")
        }
        return Block128(hi: UInt64(bigEndian: words.0), lo: UInt64(bigEndian: words.1))
    }

    /// XORs the AES-CTR keystream starting at `counter` (full 128-bit big-endian counter,
    /// NIST SP 800-38A) into the first `count` bytes of `buffer`.
    @usableFromInline
    func ctrXOR(counter: Block128, _ buffer: UnsafeMutableRawBufferPointer, count: Int) throws(SecurityError) {
        let n = min(count, buffer.count)
        if n <= 0 { return }
        if (n + 15) / 16 <= Self.permuteCTRBlocks {
            var ctr = counter
            var offset = 0
            while offset < n {
                xor(try encrypt(ctr), into: buffer, at: offset, count: min(16, n - offset))
                ctr.lo &+= 1
                if ctr.lo == 0 { ctr.hi &+= 1 }
                offset += 16
            }
            return
        }
        let out: Data
        do {
            let nonce = try withUnsafeBytes(of: (counter.hi.bigEndian, counter.lo.bigEndian)) { try AES._CTR.Nonce(nonceBytes: $0) }
            out = try AES._CTR.encrypt(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), using: key, nonce: nonce)
        } catch {
            throw .crypto("AES-CTR: \(error)")
        }
        out.withUnsafeBytes { src in
            let m = min(n, src.count)
            if m > 0, let d = buffer.baseAddress, let s = src.baseAddress { d.copyMemory(from: s, byteCount: m) }
        }
    }

    /// CBC-MACs up to this many blocks are cheaper as a `permute` chain than as one `_CFB` call.
    @usableFromInline static let permuteCBCBlocks = 5

    /// The CBC-MAC with a zero IV over n ≥ 1 whole blocks M_1..M_n, which `input` holds followed
    /// by one more block of room that must be zero: Y_i = E_K(Y_i-1 ⊕ M_i), returns Y_n.
    ///
    /// Long inputs are one CFB-128 encryption: with IV = M_1 and plaintext M_2..M_n || 0^128, CFB
    /// gives C_i = P_i ⊕ E_K(C_i-1), so C_1 = Y_1 ⊕ M_2, ..., C_n = Y_n ⊕ 0 (NIST SP 800-38A §6.3).
    @usableFromInline
    func cbcMAC(blocksWithTrailingZeroBlock input: UnsafeRawBufferPointer) throws(SecurityError) -> Block128 {
        guard input.count >= 32, input.count % 16 == 0 else { throw .length("CBC-MAC input", expected: "whole blocks plus one", got: input.count) }
        let blocks = input.count / 16 - 1
        if blocks <= Self.permuteCBCBlocks {
            var y = Block128.zero
            for i in 0..<blocks {
                y = try encrypt(y ^ Block128(bytes: UnsafeRawBufferPointer(rebasing: input[(16 * i)..<(16 * i + 16)])))
            }
            return y
        }
        let out: Data
        do {
            let iv = try AES._CFB.IV(ivBytes: UnsafeRawBufferPointer(rebasing: input[0..<16]))
            out = try AES._CFB.encrypt(UnsafeRawBufferPointer(rebasing: input[16...]), using: key, iv: iv)
        } catch {
            throw .crypto("AES-CFB: \(error)")
        }
        guard out.count >= 16 else { throw .crypto("AES-CFB returned \(out.count) bytes") }
        return out.withUnsafeBytes { Block128(bytes: UnsafeRawBufferPointer(rebasing: $0[($0.count - 16)...])) }
    }

    /// XORs the first `count` (≤ 16) bytes of `block` into `buffer` at `offset`.
    @inlinable
    func xor(_ block: Block128, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, count: Int) {
        if count == 16 {
            let hi = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ block.hi.bigEndian
            let lo = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ block.lo.bigEndian
            buffer.storeBytes(of: hi, toByteOffset: offset, as: UInt64.self)
            buffer.storeBytes(of: lo, toByteOffset: offset + 8, as: UInt64.self)
            return
        }
        for i in 0..<count {
            let word = i < 8 ? block.hi : block.lo
            buffer[offset + i] ^= UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64(i & 7)))
        }
    }
}
