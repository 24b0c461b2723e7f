import Bytes
import Packets

/// A GTP-U message as an owned value (TS 29.281 §7): the header and the body. Decoding copies; the receive
/// path uses `GTPUPacket` instead. `encode(into:)` writes exactly what `init(decoding:)` reads, so a message
/// decoded from bytes that follow the specification re-encodes to the same bytes (spare bits and padding
/// are written as zeros; the optional fields whose flag is clear as zeros).
public struct GTPUMessage: Hashable, Sendable {
    public enum Body: Hashable, Sendable {
        /// G-PDU: the user packet.
        case tPDU([UInt8])
        /// Echo, Error Indication, Supported Extension Headers Notification, End Marker.
        case informationElements([GTPUInformationElement])
        /// Another message type: its body as is.
        case raw([UInt8])
    }

    public var header: GTPUHeader
    public var body: Body

    public init(header: GTPUHeader, body: Body) {
        self.header = header
        self.body = body
    }

    /// Decodes the message at the start of `bytes`; bytes after its length are ignored (`GTPUPacket`
    /// counts them). With tolerant options a length field beyond the bytes is accepted, and the message
    /// re-encodes with the right length.
    public init(decoding bytes: ByteView, options: GTPUParseOptions = .strict) throws(GTPUError) {
        let packet = try GTPUPacket(parsing: bytes, options: options)
        var extensions: [GTPUExtensionHeader] = []
        try packet.forEachExtensionHeader(in: bytes) { (type, range) throws(GTPUError) in
            let content = ByteView(UnsafeRawBufferPointer(rebasing: bytes.bytes[range]))
            if type == .pduSessionContainer, let info = try PDUSessionInformation.decode(content, base: range.lowerBound) {
                extensions.append(.pduSessionContainer(info))
            } else {
                extensions.append(.other(type: type, content: content.copyBytes()))
            }
        }
        header = GTPUHeader(messageType: packet.messageType, teid: packet.teid, sequenceNumber: packet.sequenceNumber,
                            nPDUNumber: packet.nPDUNumber, extensionHeaders: extensions)
        let content = ByteView(UnsafeRawBufferPointer(rebasing: bytes.bytes[packet.body]))
        if packet.messageType == .gPDU {
            body = .tPDU(content.copyBytes())
        } else if packet.messageType.carriesInformationElements {
            body = .informationElements(try GTPUInformationElement.decodeAll(content, base: packet.body.lowerBound))
        } else {
            body = .raw(content.copyBytes())
        }
    }

    /// Decodes the message at the start of `bytes`.
    public init(decoding bytes: [UInt8], options: GTPUParseOptions = .strict) throws(GTPUError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(GTPUError) in try GTPUMessage(decoding: ByteView(raw), options: options) }
        }
        self = try result.get()
    }

    /// Writes the whole message.
    public func encode(into w: inout PacketWriter) throws(PacketError) {
        let mark = try w.beginGTPU(header)
        switch body {
        case .tPDU(let bytes), .raw(let bytes): try w.write(bytes)
        case .informationElements(let elements):
            for element in elements { try element.encode(into: &w) }
        }
        try w.endGTPU(mark)
    }

    /// The encoded message, in a new array.
    public func encoded() throws(PacketError) -> [UInt8] {
        try .packet(capacity: 65_543) { (w: inout PacketWriter) throws(PacketError) in try encode(into: &w) }
    }

    // MARK: - Messages of TS 29.281 §7

    /// Echo Request (§7.2.1), with a sequence number as peers send it.
    public static func echoRequest(sequenceNumber: UInt16) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .echoRequest, teid: 0, sequenceNumber: sequenceNumber), body: .informationElements([]))
    }

    /// Echo Response (§7.2.2): the request's sequence number and a Recovery element (restart counter 0).
    public static func echoResponse(sequenceNumber: UInt16, restartCounter: UInt8 = 0) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .echoResponse, teid: 0, sequenceNumber: sequenceNumber),
                    body: .informationElements([.recovery(restartCounter)]))
    }

    /// Error Indication (§7.3.1) for a packet received on `teid` from `peer`, sent to TEID 0.
    public static func errorIndication(teid: UInt32, peer: IPAddress, sequenceNumber: UInt16? = 0) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .errorIndication, teid: 0, sequenceNumber: sequenceNumber),
                    body: .informationElements([.teidDataI(teid), .peerAddress(peer)]))
    }

    /// Supported Extension Headers Notification (§7.3.2).
    public static func supportedExtensionHeadersNotification(_ types: [GTPUExtensionHeaderType], sequenceNumber: UInt16 = 0) -> GTPUMessage {
        GTPUMessage(header: GTPUHeader(messageType: .supportedExtensionHeadersNotification, teid: 0, sequenceNumber: sequenceNumber),
                    body: .informationElements([.extensionHeaderTypeList(types)]))
    }

    /// End Marker (§7.3.3) on `teid`, with the tunnel's PDU Session Container if it has one.
    public static func endMarker(teid: UInt32, pduSession: PDUSessionInformation? = nil) -> GTPUMessage {
        var header = GTPUHeader.gPDU(teid: teid, pduSession: pduSession)
        header.messageType = .endMarker
        return GTPUMessage(header: header, body: .informationElements([]))
    }

    // MARK: - Elements

    /// The information elements, empty for a G-PDU or an unknown message.
    public var informationElements: [GTPUInformationElement] {
        if case .informationElements(let elements) = body { return elements }
        return []
    }

    /// The restart counter of the Recovery element.
    public var recovery: UInt8? {
        for case .recovery(let v) in informationElements { return v }
        return nil
    }

    /// The TEID Data I element of an Error Indication.
    public var teidDataI: UInt32? {
        for case .teidDataI(let v) in informationElements { return v }
        return nil
    }

    /// The GTP-U Peer Address element of an Error Indication.
    public var peerAddress: IPAddress? {
        for case .peerAddress(let v) in informationElements { return v }
        return nil
    }

    /// The Extension Header Type List of a Supported Extension Headers Notification.
    public var supportedExtensionHeaderTypes: [GTPUExtensionHeaderType]? {
        for case .extensionHeaderTypeList(let v) in informationElements { return v }
        return nil
    }
}
