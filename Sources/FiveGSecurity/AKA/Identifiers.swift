/// The subscription permanent identifier (TS 23.003 §2.2A): an IMSI or a network specific
/// identifier in NAI form. Written as `imsi-<digits>` or `nai-<user@realm>` (TS 29.571 Supi).
public enum SUPI: Hashable, Sendable, CustomStringConvertible {
    /// IMSI digits (MCC, MNC and MSIN, 6 to 15 digits).
    case imsi(String)
    /// Network access identifier `username@realm` (RFC 7542).
    case nai(String)

    /// Parses `imsi-DIGITS` or `nai-USER@REALM`.
    public init(_ text: String) throws(SecurityError) {
        if text.hasPrefix("imsi-") {
            let digits = String(text.dropFirst(5))
            guard (6...15).contains(digits.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw .value("SUPI \(text): an IMSI has 6 to 15 decimal digits")
            }
            self = .imsi(digits)
        } else if text.hasPrefix("nai-") {
            let nai = String(text.dropFirst(4))
            guard let at = nai.firstIndex(of: "@"), at != nai.startIndex, nai.index(after: at) != nai.endIndex else {
                throw .value("SUPI \(text): an NAI is user@realm")
            }
            self = .nai(nai)
        } else {
            throw .value("SUPI \(text): expected imsi-DIGITS or nai-USER@REALM")
        }
    }

    public var description: String {
        switch self {
        case .imsi(let d): "imsi-\(d)"
        case .nai(let n): "nai-\(n)"
        }
    }

    /// P0 of the KAMF derivation (TS 33.501 A.7.0): the IMSI digits or the whole NAI, as text.
    public var kdfParameter: [UInt8] {
        switch self {
        case .imsi(let d): Array(d.utf8)
        case .nai(let n): Array(n.utf8)
        }
    }
}

/// The access a NAS connection runs over. Its raw value is both the NAS connection identifier
/// used as BEARER by the NAS algorithms (TS 33.501 §6.4.3.1) and the access type distinguisher
/// of the KgNB/KN3IWF derivation (TS 33.501 A.9).
public struct AccessType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 3GPP access: BEARER 1, distinguisher 0x01.
    public static let threeGPP = AccessType(rawValue: 1)
    /// Non-3GPP access: BEARER 2, distinguisher 0x02.
    public static let nonThreeGPP = AccessType(rawValue: 2)
}

/// Algorithm type distinguishers of TS 33.501 A.8 (P0 of the algorithm key derivation).
public struct AlgorithmTypeDistinguisher: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let nasEncryption = Self(rawValue: 0x01)
    public static let nasIntegrity = Self(rawValue: 0x02)
    public static let rrcEncryption = Self(rawValue: 0x03)
    public static let rrcIntegrity = Self(rawValue: 0x04)
    public static let upEncryption = Self(rawValue: 0x05)
    public static let upIntegrity = Self(rawValue: 0x06)
}

/// The serving network name of TS 24.501 §9.12.1: `5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org`,
/// with a three-digit MNC.
public enum ServingNetworkName {
    /// Builds the name from MCC and MNC digits (a two-digit MNC gets a leading zero).
    public static func make(mcc: String, mnc: String) throws(SecurityError) -> String {
        guard mcc.count == 3, (2...3).contains(mnc.count),
              (mcc + mnc).utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .value("MCC must be 3 digits and MNC 2 or 3 digits")
        }
        return "5G:mnc\(mnc.count == 2 ? "0" + mnc : mnc).mcc\(mcc).3gppnetwork.org"
    }
}
