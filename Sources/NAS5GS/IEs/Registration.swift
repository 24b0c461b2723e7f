import Bytes

/// 5GS registration type (TS 24.501 §9.11.3.7): follow-on request (bit 4) and type (bits 3-1).
public struct RegistrationType: NASHalfOctetValue, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0xF }
    public init(followOnRequest: Bool, value: UInt8) { nibble = (followOnRequest ? 8 : 0) | (value & 7) }

    public static let initial: UInt8 = 1
    public static let mobilityUpdating: UInt8 = 2
    public static let periodicUpdating: UInt8 = 3
    public static let emergency: UInt8 = 4
    public static let snpnOnboarding: UInt8 = 5
    public static let disasterRoamingMobility: UInt8 = 6
    public static let disasterRoamingInitial: UInt8 = 7

    public var followOnRequest: Bool { nibble & 8 != 0 }
    public var value: UInt8 { nibble & 7 }

    /// `{"for": 0|1, "value": n}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("for"); json.int(Int(nibble >> 3))
        json.key("value"); json.int(Int(value))
        json.endObject()
    }
}

/// 5GS registration result (TS 24.501 §9.11.3.6): disaster roaming registration result
/// (bit 7), emergency registered (bit 6), NSSAA to be performed (bit 5), SMS over NAS
/// allowed (bit 4) and the 3-bit result (1 3GPP access, 2 non-3GPP access, 3 both).
public struct RegistrationResult: NASValue, Hashable {
    public var octet: UInt8
    /// Octets after the first (none in current releases), kept as received.
    public var extra: [UInt8] = []

    public init(octet: UInt8) { self.octet = octet }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard let f = v.first else { throw .invalidValue(at: v.startIndex) }
        octet = f
        if v.count > 1 { extra = Array(v.dropFirst()) }
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(octet); out.append(contentsOf: extra) }

    public var value: UInt8 { octet & 7 }
    public var smsAllowed: Bool { octet & 0x08 != 0 }
    public var nssaaPerformed: Bool { octet & 0x10 != 0 }
    public var emergencyRegistered: Bool { octet & 0x20 != 0 }
    public var disasterRoaming: Bool { octet & 0x40 != 0 }

    /// `{"value": n, "sms_allowed": b, "nssaa_performed": b, "emergency_registered": b, "disaster_roaming": b}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("value"); json.int(Int(value))
        json.key("sms_allowed"); json.bool(smsAllowed)
        json.key("nssaa_performed"); json.bool(nssaaPerformed)
        json.key("emergency_registered"); json.bool(emergencyRegistered)
        json.key("disaster_roaming"); json.bool(disasterRoaming)
        json.endObject()
    }
}

/// De-registration type (TS 24.501 §9.11.3.20): switch off (bit 4), re-registration
/// required (bit 3), access type (bits 2-1: 1 3GPP, 2 non-3GPP, 3 both).
public struct DeregistrationType: NASHalfOctetValue, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0xF }
    public init(switchOff: Bool, reregistrationRequired: Bool = false, accessType: UInt8) {
        nibble = (switchOff ? 8 : 0) | (reregistrationRequired ? 4 : 0) | (accessType & 3)
    }
    public var switchOff: Bool { nibble & 8 != 0 }
    public var reregistrationRequired: Bool { nibble & 4 != 0 }
    public var accessType: UInt8 { nibble & 3 }

    /// `{"switch_off": b, "reregistration_required": b, "access_type": n}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("switch_off"); json.bool(switchOff)
        json.key("reregistration_required"); json.bool(reregistrationRequired)
        json.key("access_type"); json.int(Int(accessType))
        json.endObject()
    }
}
