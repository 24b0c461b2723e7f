import Bytes

/// Payload container type (TS 24.501 §9.11.3.40).
public struct PayloadContainerType: NASHalfOctetValue, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0xF }

    public static let n1SMInformation = Self(nibble: 1)
    public static let sms = Self(nibble: 2)
    public static let lpp = Self(nibble: 3)
    public static let sorTransparentContainer = Self(nibble: 4)
    public static let uePolicyContainer = Self(nibble: 5)
    public static let ueParametersUpdateTransparentContainer = Self(nibble: 6)
    public static let locationServicesMessageContainer = Self(nibble: 7)
    public static let ciotUserData = Self(nibble: 8)
    public static let serviceLevelAAContainer = Self(nibble: 9)
    public static let eventNotification = Self(nibble: 10)
    public static let multiplePayloads = Self(nibble: 15)

    public var name: String? {
        switch nibble {
        case 1: "N1 SM information"
        case 2: "SMS"
        case 3: "LTE Positioning Protocol (LPP) message container"
        case 4: "SOR transparent container"
        case 5: "UE policy container"
        case 6: "UE parameters update transparent container"
        case 7: "Location services message container"
        case 8: "CIoT user data container"
        case 9: "Service-level-AA container"
        case 10: "Event notification"
        case 15: "Multiple payloads"
        default: nil
        }
    }

    /// `{"value": n, "name": "..."}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("value"); json.int(Int(nibble))
        if let name { json.key("name"); json.string(name) }
        json.endObject()
    }
}

/// Payload container (TS 24.501 §9.11.3.39): a slice of the input. With payload
/// container type "N1 SM information" it holds a plain 5GSM message (`decodeN1SM`).
public struct PayloadContainer: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Decodes the contents as a 5GSM message (for payload container type N1 SM information).
    public func decodeN1SM(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        try NASMessage(nasEncoded: bytes, options: options)
    }

    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// NAS message container (TS 24.501 §9.11.3.33): a whole NAS message (the full
/// Registration request in a Security mode complete, a Service request, ...).
public struct NASMessageContainer: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Decodes the contents as a plain NAS message (NASSecurity's `NASPDU(nasEncoded:)` also reads a
    /// security-protected one).
    public func decodePlain(options: NASDecodingOptions = .strict) throws(NASDecodingError) -> NASMessage {
        try NASMessage(nasEncoded: bytes, options: options)
    }

    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}
