/// Telephony BCD (TS 24.008 §10.5.1.4 / TS 23.003): two digits per octet, the first digit in the
/// low nibble, an odd count padded with 0xF. This is the MSIN encoding of the SUCI scheme input
/// for IMSI-based SUPIs (TS 33.501 C.3.2, TS 24.501 §9.11.3.4).
public enum TBCD {
    /// Encodes decimal digits.
    public static func encode(_ digits: String) throws(SecurityError) -> [UInt8] {
        var out = [UInt8]()
        var pending: UInt8? = nil
        for c in digits.utf8 {
            guard (0x30...0x39).contains(c) else { throw .value("TBCD: not a decimal digit in \(digits)") }
            let d = c - 0x30
            if let low = pending { out.append(d << 4 | low); pending = nil } else { pending = d }
        }
        if let low = pending { out.append(0xF0 | low) }
        return out
    }

    /// Decodes TBCD octets; a 0xF high nibble ends the digits, only in the last octet.
    public static func decode(_ bytes: [UInt8]) throws(SecurityError) -> String {
        var digits = [UInt8]()
        for (i, b) in bytes.enumerated() {
            let low = b & 0x0f, high = b >> 4
            guard low <= 9 else { throw .malformed("TBCD: nibble 0x\(String(low, radix: 16)) in octet \(i)", at: i) }
            digits.append(0x30 + low)
            if high == 0x0f {
                guard i == bytes.count - 1 else { throw .malformed("TBCD: filler before the last octet") }
            } else {
                guard high <= 9 else { throw .malformed("TBCD: nibble 0x\(String(high, radix: 16)) in octet \(i)", at: i) }
                digits.append(0x30 + high)
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
