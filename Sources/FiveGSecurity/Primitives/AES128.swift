import Crypto
import CryptoExtras
// swift-crypto's CTR and CFB entry points return `Data`; this file only copies out of it.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AES-128 through swift-crypto. The key is validated once here; swift-crypto still expands the
/// key schedule inside each call (it exposes no keyed block object, and `CCryptoBoringSSL` is not
/// one of its products).
///
/// Measured choice of entry points (release, x86-64 with AES-NI): `AES.permute` is generic and not
/// inlinable, so each call pays Swift runtime metadata look-ups (~300 ns per block). `AES._CTR` and
/// `AES._CFB` are inlinable and specialise into one BoringSSL call plus one `Data` allocation, so
/// single blocks and CTR use `_CTR`, and the CBC-MAC of CMAC uses one `_CFB` call (see `cbcMAC`).
@usableFromInline
struct AES128: Sendable {
    @usableFromInline let key: SymmetricKey

    @usableFromInline
    init(key bytes: [UInt8], _ what: String = "AES key") throws(SecurityError) {
        try SecurityError.check(bytes, 16, what)
        key = SymmetricKey(data: bytes)
    }

    /// E_K(block), one AES-128 block (FIPS 197): the CTR keystream block for counter = block.
    @usableFromInline
    func encrypt(_ block: Block128) throws(SecurityError) -> Block128 {
        var words: (UInt64, UInt64) = (0, 0)
        try withUnsafeMutableBytes(of: &words) { (raw) throws(SecurityError) in
            try ctrXOR(counter: block, raw, count: 16)
        }
        return Block128(hi: UInt64(bigEndian: words.0), lo: UInt64(bigEndian: words.1))
    }

    /// XORs the AES-CTR keystream starting at `counter` (full 128-bit big-endian counter,
    /// NIST SP 800-38A) into the first `count` bytes of `buffer`.
    @usableFromInline
    func ctrXOR(counter: Block128, _ buffer: UnsafeMutableRawBufferPointer, count: Int) throws(SecurityError) {
        let n = min(count, buffer.count)
        if n == 0 { return }
        let out: Data
        do {
            let nonce = try withUnsafeBytes(of: (counter.hi.bigEndian, counter.lo.bigEndian)) { try AES._CTR.Nonce(nonceBytes: $0) }
            out = try AES._CTR.encrypt(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), using: key, nonce: nonce)
        } catch {
            throw .crypto("AES-CTR: \(error)")
        }
        copy(out, into: buffer, count: n)
    }

    /// The CBC-MAC with a zero IV over `input` (n ≥ 1 whole blocks M_1..M_n, followed by one more
    /// block of room that must be zero): Y_i = E_K(Y_i-1 ⊕ M_i), returns Y_n.
    ///
    /// Done as one CFB-128 encryption: with IV = M_1 and plaintext M_2..M_n || 0^128, CFB gives
    /// C_i = P_i ⊕ E_K(C_i-1), so C_1 = Y_1 ⊕ M_2, ..., C_n = Y_n ⊕ 0 (NIST SP 800-38A §6.3).
    @usableFromInline
    func cbcMAC(blocksWithTrailingZeroBlock input: UnsafeRawBufferPointer) throws(SecurityError) -> Block128 {
        guard input.count >= 32, input.count % 16 == 0 else { throw .length("CBC-MAC input", expected: "whole blocks plus one", got: input.count) }
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

    private func copy(_ data: Data, into buffer: UnsafeMutableRawBufferPointer, count: Int) {
        data.withUnsafeBytes { src in
            let n = min(count, src.count, buffer.count)
            if n > 0, let d = buffer.baseAddress, let s = src.baseAddress { d.copyMemory(from: s, byteCount: n) }
        }
    }
}
