import Bytes

/// GPRS timer (TS 24.008 §10.5.7.3, used by TS 24.501 as the value of type 3 IEs and
/// GPRS timer 2 §10.5.7.4 as the value of type 4 IEs): unit (bits 8-6: 0 2 s, 1 1 min,
/// 2 decihours, 7 deactivated) and 5-bit value.
public struct GPRSTimer: NASValue, Hashable {
    public var octet: UInt8
    public init(octet: UInt8) { self.octet = octet }
    public init(unit: UInt8, value: UInt8) { octet = unit << 5 | (value & 0x1F) }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 1 else { throw .invalidValue(at: v.startIndex) }
        octet = v[v.startIndex]
    }
    public func nasEncodeValue(into out: inout [UInt8]) { out.append(octet) }

    public var unit: UInt8 { octet >> 5 }
    public var value: UInt8 { octet & 0x1F }
    /// The duration in seconds; nil when deactivated. Other unit values count as 1 minute (§10.5.7.3).
    public var seconds: Int? {
        switch unit {
        case 0: Int(value) * 2
        case 2: Int(value) * 360
        case 7: nil
        default: Int(value) * 60
        }
    }

    /// `{"unit": n, "value": n, "seconds": n | null}`.
    public func writeJSON(to json: inout JSONWriter) { writeTimerJSON(unit, value, seconds, &json) }
}

/// GPRS timer 2 (TS 24.008 §10.5.7.4): same coding as GPRS timer, carried in a type 4 IE.
public typealias GPRSTimer2 = GPRSTimer

/// GPRS timer 3 (TS 24.008 §10.5.7.4a): unit (0 10 min, 1 1 h, 2 10 h, 3 2 s, 4 30 s,
/// 5 1 min, 6 320 h, 7 deactivated) and 5-bit value.
public struct GPRSTimer3: NASValue, Hashable {
    public var octet: UInt8
    public init(octet: UInt8) { self.octet = octet }
    public init(unit: UInt8, value: UInt8) { octet = unit << 5 | (value & 0x1F) }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 1 else { throw .invalidValue(at: v.startIndex) }
        octet = v[v.startIndex]
    }
    public func nasEncodeValue(into out: inout [UInt8]) { out.append(octet) }

    public var unit: UInt8 { octet >> 5 }
    public var value: UInt8 { octet & 0x1F }
    public var seconds: Int? {
        let v = Int(value)
        switch unit {
        case 0: return v * 600
        case 1: return v * 3600
        case 2: return v * 36000
        case 3: return v * 2
        case 4: return v * 30
        case 5: return v * 60
        case 6: return v * 1_152_000
        default: return nil
        }
    }

    /// `{"unit": n, "value": n, "seconds": n | null}`.
    public func writeJSON(to json: inout JSONWriter) { writeTimerJSON(unit, value, seconds, &json) }
}

func writeTimerJSON(_ unit: UInt8, _ value: UInt8, _ seconds: Int?, _ json: inout JSONWriter) {
    json.beginObject()
    json.key("unit"); json.int(Int(unit))
    json.key("value"); json.int(Int(value))
    json.key("seconds")
    if let seconds { json.int(seconds) } else { json.null() }
    json.endObject()
}
