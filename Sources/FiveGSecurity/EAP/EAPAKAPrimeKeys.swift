/// EAP-AKA' keys (RFC 9048 §3.3, formerly RFC 5448 §3.3): MK = PRF'(IK'|CK', "EAP-AKA'"|Identity),
/// split into K_encr (16), K_aut (32), K_re (32), MSK (64) and EMSK (64) bytes.
public struct EAPAKAPrimeKeys: Hashable, Sendable {
    public var kEncr: [UInt8]
    public var kAut: [UInt8]
    public var kRe: [UInt8]
    public var msk: [UInt8]
    public var emsk: [UInt8]

    /// Derives the keys from CK', IK' and the identity used in the EAP exchange.
    public static func derive(ckPrime: [UInt8], ikPrime: [UInt8], identity: [UInt8]) throws(SecurityError) -> EAPAKAPrimeKeys {
        try SecurityError.check(ckPrime, 16, "CK'")
        try SecurityError.check(ikPrime, 16, "IK'")
        let mk = prfPrime(key: ikPrime + ckPrime, Array("EAP-AKA'".utf8) + identity, count: 208)
        return EAPAKAPrimeKeys(kEncr: Array(mk[0..<16]), kAut: Array(mk[16..<48]), kRe: Array(mk[48..<80]),
                               msk: Array(mk[80..<144]), emsk: Array(mk[144..<208]))
    }

    /// KAUSF for EAP-AKA' in 5G: the 256 most significant bits of EMSK (TS 33.501 §6.1.3.1).
    public var kausf: [UInt8] { Array(emsk[0..<32]) }

    /// PRF'(K, S) = T1 | T2 | ... with T1 = HMAC-SHA-256(K, S | 0x01) and
    /// Tn = HMAC-SHA-256(K, Tn-1 | S | n) (RFC 9048 §3.4.1).
    public static func prfPrime(key: [UInt8], _ s: [UInt8], count: Int) -> [UInt8] {
        var out = [UInt8]()
        var previous = [UInt8]()
        var n: UInt8 = 1
        let template = HMACSHA256(key: key)
        while out.count < count {
            var h = template
            h.update(previous)
            h.update(s)
            h.update([n])
            previous = h.finalize()
            out.append(contentsOf: previous)
            n &+= 1
        }
        return Array(out.prefix(count))
    }
}
