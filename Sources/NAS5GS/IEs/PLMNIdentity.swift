import Bytes

/// MCC and MNC as three BCD octets (TS 24.501 §9.11.3.4 / TS 24.008 §10.5.1.13 layout):
/// MCC2|MCC1, MNC3|MCC3, MNC2|MNC1; MNC3 is 0xF for a two-digit MNC.
public struct PLMNIdentity: Sendable, Hashable, CustomStringConvertible {
    public var octet1: UInt8
    public var octet2: UInt8
    public var octet3: UInt8

    public init(octets o1: UInt8, _ o2: UInt8, _ o3: UInt8) {
        octet1 = o1; octet2 = o2; octet3 = o3
    }

    /// From digit strings ("001", "01"); non-digits count as 0.
    public init(mcc: String, mnc: String) {
        func d(_ s: [UInt8], _ i: Int) -> UInt8 { i < s.count && s[i] >= 0x30 && s[i] <= 0x39 ? s[i] &- 0x30 : 0 }
        let c = Array(mcc.utf8), n = Array(mnc.utf8)
        octet1 = d(c, 1) << 4 | d(c, 0)
        octet2 = (n.count == 3 ? d(n, 2) : 0xF) << 4 | d(c, 2)
        octet3 = d(n, 1) << 4 | d(n, 0)
    }

    init(_ s: ArraySlice<UInt8>, at i: Int) {
        octet1 = s[i]; octet2 = s[i &+ 1]; octet3 = s[i &+ 2]
    }

    func append(to out: inout [UInt8]) {
        out.append(octet1); out.append(octet2); out.append(octet3)
    }

    public var mcc: String { BCD.digits([octet1 & 0xF, octet1 >> 4, octet2 & 0xF]) }
    public var mnc: String {
        octet2 >> 4 == 0xF ? BCD.digits([octet3 & 0xF, octet3 >> 4]) : BCD.digits([octet3 & 0xF, octet3 >> 4, octet2 >> 4])
    }

    public var description: String { mcc + "-" + mnc }

    /// Writes `"mcc":"...","mnc":"..."` into the current object.
    public func writeJSONFields(to json: inout JSONWriter) {
        json.key("mcc"); json.string(mcc)
        json.key("mnc"); json.string(mnc)
    }
}

/// Telephony BCD digits (0-9; other nibble values written as hex letters, 0xF as filler).
public enum BCD {
    static let chars: [UInt8] = Array("0123456789abcdef".utf8)

    /// The digits of the given nibbles, stopping at the first 0xF filler.
    public static func digits(_ nibbles: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(nibbles.count)
        for n in nibbles {
            if n == 0xF { break }
            out.append(chars[Int(n & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digits of octets, low nibble first, stopping at a 0xF filler.
    public static func digits<C: Collection>(octets: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(octets.count &* 2)
        for b in octets {
            if b & 0xF == 0xF { break }
            out.append(chars[Int(b & 0xF)])
            if b >> 4 == 0xF { break }
            out.append(chars[Int(b >> 4)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Packs digits low nibble first, padding with 0xF.
    public static func octets(_ digits: String) -> [UInt8] {
        var out: [UInt8] = []
        var pending: UInt8? = nil
        for c in digits.utf8 {
            let v: UInt8 = c >= 0x30 && c <= 0x39 ? c &- 0x30 : 0
            if let p = pending { out.append(v << 4 | p); pending = nil } else { pending = v }
        }
        if let p = pending { out.append(0xF0 | p) }
        return out
    }
}
