/// A GTP-U message type (TS 29.281 §6.1). An open set.
public struct GTPUMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let echoRequest = GTPUMessageType(1)
    public static let echoResponse = GTPUMessageType(2)
    public static let errorIndication = GTPUMessageType(26)
    public static let supportedExtensionHeadersNotification = GTPUMessageType(31)
    public static let tunnelStatus = GTPUMessageType(253)
    public static let endMarker = GTPUMessageType(254)
    /// A user packet (T-PDU) in a tunnel.
    public static let gPDU = GTPUMessageType(255)

    /// Whether the body is a list of information elements (every message of TS 29.281 but G-PDU; the
    /// types it does not define keep their body as bytes).
    public var carriesInformationElements: Bool {
        switch self {
        case .echoRequest, .echoResponse, .errorIndication, .supportedExtensionHeadersNotification, .endMarker: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .echoRequest: "Echo Request"
        case .echoResponse: "Echo Response"
        case .errorIndication: "Error Indication"
        case .supportedExtensionHeadersNotification: "Supported Extension Headers Notification"
        case .tunnelStatus: "Tunnel Status"
        case .endMarker: "End Marker"
        case .gPDU: "G-PDU"
        default: "message type \(rawValue)"
        }
    }
}

/// A GTP-U extension header type (TS 29.281 §5.2.1, figure 5.2.1-3). An open set. The two top bits say
/// what a node that does not know the type does (00: forward it, 01: discard the header at the endpoint,
/// 10: discard the packet at the endpoint, 11: discard the packet anywhere).
public struct GTPUExtensionHeaderType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Ends the chain.
    public static let noMoreExtensionHeaders = GTPUExtensionHeaderType(0x00)
    /// Long PDCP PDU Number, the earlier code point (length 2).
    public static let longPDCPPDUNumberLegacy = GTPUExtensionHeaderType(0x03)
    /// Service Class Indicator (length 1).
    public static let serviceClassIndicator = GTPUExtensionHeaderType(0x20)
    /// UDP Port of the sender, in Error Indication (length 1).
    public static let udpPort = GTPUExtensionHeaderType(0x40)
    /// RAN Container (TS 25.415 frames).
    public static let ranContainer = GTPUExtensionHeaderType(0x81)
    /// Long PDCP PDU Number (18 bits, length 2).
    public static let longPDCPPDUNumber = GTPUExtensionHeaderType(0x82)
    /// Xw RAN Container (TS 36.425).
    public static let xwRANContainer = GTPUExtensionHeaderType(0x83)
    /// NR RAN Container (TS 38.425).
    public static let nrRANContainer = GTPUExtensionHeaderType(0x84)
    /// PDU Session Container (TS 38.415): QFI and QoS information on N3 and N9.
    public static let pduSessionContainer = GTPUExtensionHeaderType(0x85)
    /// PDCP PDU Number (length 1).
    public static let pdcpPDUNumber = GTPUExtensionHeaderType(0xC0)

    public var description: String {
        switch self {
        case .noMoreExtensionHeaders: "No more extension headers"
        case .longPDCPPDUNumberLegacy, .longPDCPPDUNumber: "Long PDCP PDU Number"
        case .serviceClassIndicator: "Service Class Indicator"
        case .udpPort: "UDP Port"
        case .ranContainer: "RAN Container"
        case .xwRANContainer: "Xw RAN Container"
        case .nrRANContainer: "NR RAN Container"
        case .pduSessionContainer: "PDU Session Container"
        case .pdcpPDUNumber: "PDCP PDU Number"
        default: "extension header 0x" + String(rawValue, radix: 16)
        }
    }
}
