import Bytes
import Packets

/// One extension header (TS 29.281 §5.2): the PDU Session Container structured, every other kept as the
/// bytes between its length octet and its next-type octet (so `content.count + 2` is a multiple of 4).
public enum GTPUExtensionHeader: Hashable, Sendable {
    case pduSessionContainer(PDUSessionInformation)
    case other(type: GTPUExtensionHeaderType, content: [UInt8])

    public var type: GTPUExtensionHeaderType {
        switch self {
        case .pduSessionContainer: .pduSessionContainer
        case .other(let type, _): type
        }
    }

    /// UDP Port (0x40) with its port number.
    public static func udpPort(_ port: UInt16) -> GTPUExtensionHeader {
        .other(type: .udpPort, content: [UInt8(port >> 8), UInt8(port & 0xFF)])
    }

    /// PDCP PDU Number (0xC0) with its 16-bit number.
    public static func pdcpPDUNumber(_ number: UInt16) -> GTPUExtensionHeader {
        .other(type: .pdcpPDUNumber, content: [UInt8(number >> 8), UInt8(number & 0xFF)])
    }
}

/// A GTPv1-U header (TS 29.281 §5.1): version 1, protocol type GTP. The optional sequence number and N-PDU
/// number are present when set (flags S and PN); extension headers in order (flag E). Build one per tunnel
/// and reuse it for every packet: encoding it allocates nothing.
public struct GTPUHeader: Hashable, Sendable {
    public var messageType: GTPUMessageType
    public var teid: UInt32
    public var sequenceNumber: UInt16?
    public var nPDUNumber: UInt8?
    public var extensionHeaders: [GTPUExtensionHeader]

    @inlinable
    public init(messageType: GTPUMessageType, teid: UInt32, sequenceNumber: UInt16? = nil, nPDUNumber: UInt8? = nil,
                extensionHeaders: [GTPUExtensionHeader] = []) {
        self.messageType = messageType
        self.teid = teid
        self.sequenceNumber = sequenceNumber
        self.nPDUNumber = nPDUNumber
        self.extensionHeaders = extensionHeaders
    }

    /// A G-PDU header, with a PDU Session Container when `pduSession` is given (as on N3 and N9).
    public static func gPDU(teid: UInt32, pduSession: PDUSessionInformation? = nil, sequenceNumber: UInt16? = nil) -> GTPUHeader {
        GTPUHeader(messageType: .gPDU, teid: teid, sequenceNumber: sequenceNumber,
                   extensionHeaders: pduSession.map { [.pduSessionContainer($0)] } ?? [])
    }

    /// The flags octet: version 1, PT 1, E, S, PN.
    public var flags: UInt8 {
        0x30 | (extensionHeaders.isEmpty ? 0 : 0x04) | (sequenceNumber == nil ? 0 : 0x02) | (nPDUNumber == nil ? 0 : 0x01)
    }

    /// The first PDU Session Container, if any.
    public var pduSession: PDUSessionInformation? {
        for case .pduSessionContainer(let info) in extensionHeaders { return info }
        return nil
    }
}

/// An open GTP-U message in a `PacketWriter`: `endGTPU` sets its length.
public struct GTPUMark: Hashable, Sendable {
    public let start: Int
}

extension PacketWriter {
    /// Writes a GTP-U header and its extension headers; the body follows, then `endGTPU` sets the length.
    public mutating func beginGTPU(_ header: GTPUHeader) throws(PacketError) -> GTPUMark {
        let start = count
        let flags = header.flags
        try writeU8(flags)
        try writeU8(header.messageType.rawValue)
        try writeU16(0)
        try writeU32(header.teid)
        guard flags & 0x07 != 0 else { return GTPUMark(start: start) }
        try writeU16(header.sequenceNumber ?? 0)
        try writeU8(header.nPDUNumber ?? 0)
        try writeU8(header.extensionHeaders.first?.type.rawValue ?? 0)
        let headers = header.extensionHeaders
        var i = 0
        while i < headers.count {
            let next = i + 1 < headers.count ? headers[i + 1].type.rawValue : 0
            try writeExtensionHeader(headers[i], next: next, index: i)
            i += 1
        }
        return GTPUMark(start: start)
    }

    private mutating func writeExtensionHeader(_ header: GTPUExtensionHeader, next: UInt8, index: Int) throws(PacketError) {
        let lengthAt = count
        try writeU8(0)
        switch header {
        case .pduSessionContainer(let info): try info.encode(into: &self)
        case .other(_, let content): try write(content)
        }
        try writeZeros((4 - (count - lengthAt + 1) % 4) % 4)
        try writeU8(next)
        let units = (count - lengthAt) / 4
        guard units <= 255 else {
            throw PacketError(.valueOutOfRange, "GTP-U extension header \(index) of \(units * 4) bytes (at most 1020)",
                              context: ErrorContext(path: ["GTPU", "extensionHeaders", "[\(index)]"]))
        }
        setU8(UInt8(units), at: lengthAt)
    }

    /// Sets the length of the GTP-U message opened at `mark`: every byte written after its first 8.
    public mutating func endGTPU(_ mark: GTPUMark) throws(PacketError) {
        let length = count - mark.start - 8
        guard length <= 65_535 else {
            throw PacketError(.valueOutOfRange, "GTP-U message of \(length + 8) bytes (length field at most 65,535)",
                              context: ErrorContext(path: ["GTPU", "length"]))
        }
        setU16(UInt16(length), at: mark.start + 2)
    }
}
