import Bytes
import Packets

/// How strictly the length field is checked: strict for what a peer sends to the harness, tolerant for
/// capture analysis (which records the deviation in `missingBytes` and goes on).
public struct GTPUParseOptions: Hashable, Sendable {
    /// A length field beyond the bytes present is accepted; the message ends with the bytes.
    public var acceptsLengthBeyondBytes = false

    public init(acceptsLengthBeyondBytes: Bool = false) { self.acceptsLengthBeyondBytes = acceptsLengthBeyondBytes }

    public static let strict = GTPUParseOptions()
    public static let tolerant = GTPUParseOptions(acceptsLengthBeyondBytes: true)
}

/// A GTP-U message read from borrowed bytes without allocation: the header fields, the first PDU Session
/// Container decoded, and where the extension headers and the body (T-PDU or information elements) lie in
/// the bytes. Every extension header is checked (length, chain, PDU Session Container content) on parsing.
/// This is the receive path of the UPF emulator and the gNB simulator; `GTPUMessage` is the owned form.
public struct GTPUPacket: Hashable, Sendable {
    /// Version 1, PT 1, the spare bit, E, S, PN, as received.
    public var flags: UInt8
    public var messageType: GTPUMessageType
    /// The length field: bytes after the first 8.
    public var length: Int
    public var teid: UInt32
    /// Present when S is set.
    public var sequenceNumber: UInt16?
    /// Present when PN is set.
    public var nPDUNumber: UInt8?
    /// The first PDU Session Container, decoded.
    public var pduSession: PDUSessionInformation?
    public var extensionHeaderCount: Int
    /// The extension header chain: from the first header's length octet to the last one's next-type octet.
    public var extensionHeaders: Range<Int>
    public var firstExtensionHeaderType: GTPUExtensionHeaderType
    /// The T-PDU of a G-PDU, the information elements of the other messages.
    public var body: Range<Int>
    /// Bytes after the message (its 8 + `length` bytes) in what was parsed: padding of the UDP datagram.
    public var trailingBytes: Int
    /// Bytes the length field announces beyond those parsed, when the options accept it (OAI sends a
    /// length 8 too large); 0 otherwise.
    public var missingBytes: Int

    /// Extension headers followed at most.
    public static let maxExtensionHeaders = 32

    /// Parses the GTP-U message at the start of `bytes` (a UDP payload).
    public init(parsing bytes: ByteView, options: GTPUParseOptions = .strict) throws(GTPUError) {
        guard let flags = bytes.u8(at: 0), let type = bytes.u8(at: 1), let length16 = bytes.u16(at: 2),
              let teid = bytes.u32(at: 4)
        else { throw .at(0, ["GTPU"], .truncated, "GTP-U header cut (\(bytes.count) of 8 bytes)") }
        guard flags >> 5 == 1, flags & 0x10 != 0 else {
            throw .at(0, ["GTPU", "flags"], .unsupportedVersion,
                      "version \(flags >> 5), protocol type \(flags >> 4 & 1): not GTPv1-U (version 1, PT 1)")
        }
        let length = Int(length16)
        var end = 8 &+ length
        if end > bytes.count {
            guard options.acceptsLengthBeyondBytes else {
                throw .at(2, ["GTPU", "length"], .truncated, "length \(length) runs past the \(bytes.count - 8) bytes after the header")
            }
            end = bytes.count
        }
        self.missingBytes = 8 &+ length &- end
        self.flags = flags
        self.messageType = GTPUMessageType(type)
        self.length = length
        self.teid = teid
        self.trailingBytes = bytes.count &- end
        self.extensionHeaderCount = 0
        self.firstExtensionHeaderType = .noMoreExtensionHeaders
        guard flags & 0x07 != 0 else {
            self.extensionHeaders = 8..<8
            self.body = 8..<end
            return
        }
        guard end >= 12, let sequence = bytes.u16(at: 8), let npdu = bytes.u8(at: 10), let first = bytes.u8(at: 11) else {
            throw .at(2, ["GTPU", "length"], .badLength, "length \(end - 8) does not cover the 4 octets of optional fields")
        }
        if flags & 0x02 != 0 { sequenceNumber = sequence }
        if flags & 0x01 != 0 { nPDUNumber = npdu }
        var offset = 12
        if flags & 0x04 != 0 && first != 0 {
            firstExtensionHeaderType = GTPUExtensionHeaderType(first)
            var type = first
            while type != 0 {
                let index = extensionHeaderCount
                guard index < Self.maxExtensionHeaders else {
                    throw .at(offset, ["GTPU", "extensionHeaders"], .tooManyExtensionHeaders,
                              "more than \(Self.maxExtensionHeaders) extension headers")
                }
                guard let units = bytes.u8(at: offset), offset < end else {
                    throw .at(offset, Self.path(index), .truncated, "extension header \(index) (type 0x\(String(type, radix: 16))) cut")
                }
                guard units > 0 else { throw .at(offset, Self.path(index, "length"), .badExtensionHeader, "extension header length 0") }
                let size = Int(units) &* 4
                guard offset &+ size <= end, let content = bytes.slice(offset &+ 1, size &- 2) else {
                    throw .at(offset, Self.path(index, "length"), .truncated,
                              "extension header \(index) of \(size) bytes runs past the message (\(end - offset) bytes left)")
                }
                if type == GTPUExtensionHeaderType.pduSessionContainer.rawValue,
                   let info = try PDUSessionInformation.decode(content, base: offset &+ 1), pduSession == nil {
                    pduSession = info
                }
                type = bytes.u8(at: offset &+ size &- 1) ?? 0
                offset &+= size
                extensionHeaderCount = index &+ 1
            }
        }
        self.extensionHeaders = 12..<offset
        self.body = offset..<end
    }

    /// `GTPU.extensionHeaders[i]`, built only for an error.
    @inline(never)
    static func path(_ index: Int, _ field: String? = nil) -> [String] {
        ["GTPU", "extensionHeaders", "[\(index)]"] + (field.map { [$0] } ?? [])
    }

    /// Calls `body` with each extension header's type and content (between its length and next-type
    /// octets), in order. `bytes` are those the packet was parsed from.
    public func forEachExtensionHeader(in bytes: ByteView, _ body: (GTPUExtensionHeaderType, Range<Int>) throws(GTPUError) -> Void) throws(GTPUError) {
        var type = firstExtensionHeaderType.rawValue
        var offset = extensionHeaders.lowerBound
        var seen = 0
        while type != 0, seen < extensionHeaderCount, let units = bytes.u8(at: offset) {
            let size = Int(units) &* 4
            try body(GTPUExtensionHeaderType(type), (offset &+ 1)..<(offset &+ size &- 1))
            type = bytes.u8(at: offset &+ size &- 1) ?? 0
            offset &+= size
            seen &+= 1
        }
    }

    /// The IPv4 or IPv6 packet a G-PDU carries, parsed by `Packets` (strict lengths). `bytes` are those the
    /// packet was parsed from; the inner packet's ranges are relative to `body.lowerBound`.
    public func innerPacket(in bytes: ByteView) throws(GTPUError) -> IPPacket {
        guard let tpdu = bytes.slice(body.lowerBound, body.count) else {
            throw .at(body.lowerBound, ["GTPU", "T-PDU"], .truncated, "T-PDU outside the bytes given")
        }
        do {
            return try IPPacket(parsing: tpdu)
        } catch {
            throw .at(body.lowerBound, ["GTPU", "T-PDU"] + error.context.path, .badInnerPacket, error.message)
        }
    }
}
