import Crypto
import CryptoExtras
// swift-crypto's CTR and CBC entry points return `Data`; this file only copies out of it.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AES-128 through swift-crypto: single blocks (`AES.permute`), CTR (`AES._CTR`) and
/// CBC (`AES._CBC`, used for CMAC over any bit length). The key is validated once here;
/// swift-crypto still expands the key schedule inside each call (it exposes no keyed object).
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
    /// NIST SP 800-38A) into the first `count` bytes of `buffer`.
    @usableFromInline
    func ctrXOR(counter: Block128, _ buffer: UnsafeMutableRawBufferPointer, count: Int) throws(SecurityError) {
        if count == 0 { return }
        var icb = (counter.hi.bigEndian, counter.lo.bigEndian)
        let out: Data
        do {
            let nonce = try withUnsafeBytes(of: &icb) { try AES._CTR.Nonce(nonceBytes: $0) }
            out = try AES._CTR.encrypt(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), using: key, nonce: nonce)
        } catch {
            throw .crypto("AES-CTR: \(error)")
        }
        out.withUnsafeBytes { src in
            _ = memcpyBytes(buffer, src, count)
        }
    }

    /// The last block of AES-CBC with a zero IV over `input` (a whole number of blocks): the CBC-MAC.
    @usableFromInline
    func cbcMAC(_ input: UnsafeRawBufferPointer) throws(SecurityError) -> Block128 {
        let out: Data
        do {
            out = try AES._CBC.encrypt(input, using: key, iv: AES._CBC.IV(ivBytes: zeroIV), noPadding: true)
        } catch {
            throw .crypto("AES-CBC: \(error)")
        }
        guard out.count >= 16 else { throw .crypto("AES-CBC returned \(out.count) bytes") }
        return out.withUnsafeBytes { Block128(bytes: UnsafeRawBufferPointer(rebasing: $0[($0.count - 16)...])) }
    }
}

private let zeroIV = [UInt8](repeating: 0, count: 16)

@inline(__always)
private func memcpyBytes(_ dst: UnsafeMutableRawBufferPointer, _ src: UnsafeRawBufferPointer, _ n: Int) -> Int {
    let n = min(n, src.count, dst.count)
    if n > 0, let d = dst.baseAddress, let s = src.baseAddress { d.copyMemory(from: s, byteCount: n) }
    return n
}
