import Bytes

/// 5GMM cause (TS 24.501 §9.11.3.2): an open registry, unknown values stay representable.
public struct FiveGMMCause: RawRepresentable, Hashable, Sendable, NASValue, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let illegalUE = Self(3)
    public static let peiNotAccepted = Self(5)
    public static let illegalME = Self(6)
    public static let fiveGSServicesNotAllowed = Self(7)
    public static let ueIdentityCannotBeDerived = Self(9)
    public static let implicitlyDeregistered = Self(10)
    public static let plmnNotAllowed = Self(11)
    public static let trackingAreaNotAllowed = Self(12)
    public static let roamingNotAllowedInTrackingArea = Self(13)
    public static let noSuitableCellsInTrackingArea = Self(15)
    public static let macFailure = Self(20)
    public static let synchFailure = Self(21)
    public static let congestion = Self(22)
    public static let ueSecurityCapabilitiesMismatch = Self(23)
    public static let securityModeRejectedUnspecified = Self(24)
    public static let non5GAuthenticationUnacceptable = Self(26)
    public static let n1ModeNotAllowed = Self(27)
    public static let restrictedServiceArea = Self(28)
    public static let redirectionToEPCRequired = Self(31)
    public static let ladnNotAvailable = Self(43)
    public static let noNetworkSlicesAvailable = Self(62)
    public static let maximumNumberOfPDUSessionsReached = Self(65)
    public static let insufficientResourcesForSliceAndDNN = Self(67)
    public static let insufficientResourcesForSlice = Self(69)
    public static let ngKSIAlreadyInUse = Self(71)
    public static let non3GPPAccessTo5GCNNotAllowed = Self(72)
    public static let servingNetworkNotAuthorized = Self(73)
    public static let temporarilyNotAuthorizedForThisSNPN = Self(74)
    public static let permanentlyNotAuthorizedForThisSNPN = Self(75)
    public static let notAuthorizedForThisCAGOrAuthorizedForCAGCellsOnly = Self(76)
    public static let wirelineAccessAreaNotAllowed = Self(77)
    public static let plmnNotAllowedToOperateAtPresentUELocation = Self(78)
    public static let uasServicesNotAllowed = Self(79)
    public static let disasterRoamingForDeterminedPLMNWithDisasterConditionNotAllowed = Self(80)
    public static let payloadWasNotForwarded = Self(90)
    public static let dnnNotSupportedOrNotSubscribedInSlice = Self(91)
    public static let insufficientUserPlaneResourcesForPDUSession = Self(92)
    public static let onboardingServicesTerminated = Self(93)
    public static let semanticallyIncorrectMessage = Self(95)
    public static let invalidMandatoryInformation = Self(96)
    public static let messageTypeNonExistentOrNotImplemented = Self(97)
    public static let messageTypeNotCompatibleWithProtocolState = Self(98)
    public static let informationElementNonExistentOrNotImplemented = Self(99)
    public static let conditionalIEError = Self(100)
    public static let messageNotCompatibleWithProtocolState = Self(101)
    public static let protocolErrorUnspecified = Self(111)

    /// The cause's name in TS 24.501 §9.11.3.2, or nil when the value is not defined.
    public var name: String? {
        switch rawValue {
        case 3: "Illegal UE"
        case 5: "PEI not accepted"
        case 6: "Illegal ME"
        case 7: "5GS services not allowed"
        case 9: "UE identity cannot be derived by the network"
        case 10: "Implicitly de-registered"
        case 11: "PLMN not allowed"
        case 12: "Tracking area not allowed"
        case 13: "Roaming not allowed in this tracking area"
        case 15: "No suitable cells in tracking area"
        case 20: "MAC failure"
        case 21: "Synch failure"
        case 22: "Congestion"
        case 23: "UE security capabilities mismatch"
        case 24: "Security mode rejected, unspecified"
        case 26: "Non-5G authentication unacceptable"
        case 27: "N1 mode not allowed"
        case 28: "Restricted service area"
        case 31: "Redirection to EPC required"
        case 43: "LADN not available"
        case 62: "No network slices available"
        case 65: "Maximum number of PDU sessions reached"
        case 67: "Insufficient resources for specific slice and DNN"
        case 69: "Insufficient resources for specific slice"
        case 71: "ngKSI already in use"
        case 72: "Non-3GPP access to 5GCN not allowed"
        case 73: "Serving network not authorized"
        case 74: "Temporarily not authorized for this SNPN"
        case 75: "Permanently not authorized for this SNPN"
        case 76: "Not authorized for this CAG or authorized for CAG cells only"
        case 77: "Wireline access area not allowed"
        case 78: "PLMN not allowed to operate at the present UE location"
        case 79: "UAS services not allowed"
        case 80: "Disaster roaming for the determined PLMN with disaster condition not allowed"
        case 90: "Payload was not forwarded"
        case 91: "DNN not supported or not subscribed in the slice"
        case 92: "Insufficient user-plane resources for the PDU session"
        case 93: "Onboarding services terminated"
        case 95: "Semantically incorrect message"
        case 96: "Invalid mandatory information"
        case 97: "Message type non-existent or not implemented"
        case 98: "Message type not compatible with the protocol state"
        case 99: "Information element non-existent or not implemented"
        case 100: "Conditional IE error"
        case 101: "Message not compatible with the protocol state"
        case 111: "Protocol error, unspecified"
        default: nil
        }
    }

    public var description: String { "#\(rawValue)" + (name.map { " \($0)" } ?? "") }

    public init(nasValue value: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard value.count == 1 else { throw .invalidValue(at: value.startIndex) }
        rawValue = value[value.startIndex]
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(rawValue) }

    /// `{"value": n, "name": "..."}` (name omitted for undefined values).
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("value"); json.int(Int(rawValue))
        if let name { json.key("name"); json.string(name) }
        json.endObject()
    }
}

/// 5GSM cause (TS 24.501 §9.11.4.2): an open registry.
public struct FiveGSMCause: RawRepresentable, Hashable, Sendable, NASValue, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let operatorDeterminedBarring = Self(8)
    public static let insufficientResources = Self(26)
    public static let missingOrUnknownDNN = Self(27)
    public static let unknownPDUSessionType = Self(28)
    public static let userAuthenticationOrAuthorizationFailed = Self(29)
    public static let requestRejectedUnspecified = Self(31)
    public static let serviceOptionNotSupported = Self(32)
    public static let requestedServiceOptionNotSubscribed = Self(33)
    public static let ptiAlreadyInUse = Self(35)
    public static let regularDeactivation = Self(36)
    public static let networkFailure = Self(38)
    public static let reactivationRequested = Self(39)
    public static let invalidPDUSessionIdentity = Self(43)
    public static let pduSessionTypeIPv4OnlyAllowed = Self(50)
    public static let pduSessionTypeIPv6OnlyAllowed = Self(51)
    public static let pduSessionDoesNotExist = Self(54)
    public static let insufficientResourcesForSliceAndDNN = Self(67)
    public static let notSupportedSSCMode = Self(68)
    public static let insufficientResourcesForSlice = Self(69)
    public static let missingOrUnknownDNNInSlice = Self(70)
    public static let invalidPTIValue = Self(81)
    public static let semanticallyIncorrectMessage = Self(95)
    public static let invalidMandatoryInformation = Self(96)
    public static let messageTypeNonExistentOrNotImplemented = Self(97)
    public static let messageTypeNotCompatibleWithProtocolState = Self(98)
    public static let informationElementNonExistentOrNotImplemented = Self(99)
    public static let conditionalIEError = Self(100)
    public static let messageNotCompatibleWithProtocolState = Self(101)
    public static let protocolErrorUnspecified = Self(111)

    /// The cause's name in TS 24.501 §9.11.4.2, or nil when the value is not defined.
    public var name: String? {
        switch rawValue {
        case 8: "Operator determined barring"
        case 26: "Insufficient resources"
        case 27: "Missing or unknown DNN"
        case 28: "Unknown PDU session type"
        case 29: "User authentication or authorization failed"
        case 31: "Request rejected, unspecified"
        case 32: "Service option not supported"
        case 33: "Requested service option not subscribed"
        case 35: "PTI already in use"
        case 36: "Regular deactivation"
        case 37: "5GS QoS not accepted"
        case 38: "Network failure"
        case 39: "Reactivation requested"
        case 41: "Semantic error in the TFT operation"
        case 42: "Syntactical error in the TFT operation"
        case 43: "Invalid PDU session identity"
        case 44: "Semantic errors in packet filter(s)"
        case 45: "Syntactical error in packet filter(s)"
        case 46: "Out of LADN service area"
        case 47: "PTI mismatch"
        case 50: "PDU session type IPv4 only allowed"
        case 51: "PDU session type IPv6 only allowed"
        case 54: "PDU session does not exist"
        case 57: "PDU session type IPv4v6 only allowed"
        case 58: "PDU session type Unstructured only allowed"
        case 59: "Unsupported 5QI value"
        case 61: "PDU session type Ethernet only allowed"
        case 67: "Insufficient resources for specific slice and DNN"
        case 68: "Not supported SSC mode"
        case 69: "Insufficient resources for specific slice"
        case 70: "Missing or unknown DNN in a slice"
        case 81: "Invalid PTI value"
        case 82: "Maximum data rate per UE for user-plane integrity protection is too low"
        case 83: "Semantic error in the QoS operation"
        case 84: "Syntactical error in the QoS operation"
        case 85: "Invalid mapped EPS bearer identity"
        case 86: "UAS services not allowed"
        case 95: "Semantically incorrect message"
        case 96: "Invalid mandatory information"
        case 97: "Message type non-existent or not implemented"
        case 98: "Message type not compatible with the protocol state"
        case 99: "Information element non-existent or not implemented"
        case 100: "Conditional IE error"
        case 101: "Message not compatible with the protocol state"
        case 111: "Protocol error, unspecified"
        default: nil
        }
    }

    public var description: String { "#\(rawValue)" + (name.map { " \($0)" } ?? "") }

    public init(nasValue value: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard value.count == 1 else { throw .invalidValue(at: value.startIndex) }
        rawValue = value[value.startIndex]
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(rawValue) }

    /// `{"value": n, "name": "..."}` (name omitted for undefined values).
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("value"); json.int(Int(rawValue))
        if let name { json.key("name"); json.string(name) }
        json.endObject()
    }
}
