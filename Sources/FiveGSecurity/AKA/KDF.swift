/// The generic key derivation function of TS 33.220 Annex B.2.0:
/// derived key = HMAC-SHA-256(Key, S) with S = FC || P0 || L0 || P1 || L1 || ...,
/// where each Li is the two-octet big-endian length of Pi.
public enum KDF {
    /// The input string S for function code `fc` and parameters P0, P1, ...
    public static func inputString(fc: UInt8, _ parameters: [[UInt8]]) throws(SecurityError) -> [UInt8] {
        var s: [UInt8] = [fc]
        s.reserveCapacity(1 + parameters.reduce(0) { $0 + $1.count + 2 })
        for p in parameters {
            guard p.count <= 0xffff else { throw .value("KDF parameter longer than 65535 bytes") }
            s.append(contentsOf: p)
            s.append(UInt8(p.count >> 8))
            s.append(UInt8(truncatingIfNeeded: p.count))
        }
        return s
    }

    /// The 256-bit output HMAC-SHA-256(key, S).
    public static func derive(key: [UInt8], fc: UInt8, _ parameters: [[UInt8]]) throws(SecurityError) -> [UInt8] {
        HMACSHA256.mac(key: key, try inputString(fc: fc, parameters))
    }

    /// HMAC-SHA-256(key, message), exposed for callers that build S themselves.
    public static func hmacSHA256(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        HMACSHA256.mac(key: key, message)
    }
}
