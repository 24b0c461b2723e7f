import Bytes
import Packets

/// An information element of a GTP-U signalling message (TS 29.281 §8). Types below 128 are TV with a
/// length fixed by the type (only 14 and 16 exist in GTP-U); types from 128 are TLV with a 2-octet length,
/// except the Extension Header Type List (141), whose length is one octet.
public enum GTPUInformationElement: Hashable, Sendable {
    /// Recovery (14): the restart counter, 0 in GTP-U (§8.2).
    case recovery(UInt8)
    /// Tunnel Endpoint Identifier Data I (16), in Error Indication (§8.3).
    case teidDataI(UInt32)
    /// GTP-U Peer Address (133): IPv4 or IPv6 (§8.4).
    case peerAddress(IPAddress)
    /// Extension Header Type List (141), in Supported Extension Headers Notification (§8.5).
    case extensionHeaderTypeList([GTPUExtensionHeaderType])
    /// Private Extension (255): enterprise identifier and value (§8.6).
    case privateExtension(identifier: UInt16, value: [UInt8])
    /// Another TLV element (type ≥ 128), kept as its value bytes.
    case other(type: UInt8, value: [UInt8])

    public var type: UInt8 {
        switch self {
        case .recovery: 14
        case .teidDataI: 16
        case .peerAddress: 133
        case .extensionHeaderTypeList: 141
        case .privateExtension: 255
        case .other(let type, _): type
        }
    }

    /// Reads every element of `body` (bytes of a message after its header), in order.
    static func decodeAll(_ body: ByteView, base: Int) throws(GTPUError) -> [GTPUInformationElement] {
        var r = FieldReader(bytes: body, base: base, within: .informationElements)
        var elements: [GTPUInformationElement] = []
        while r.remaining > 0 {
            let at = base + r.offset
            let index = "[\(elements.count)]"
            let type = try r.u8(index)
            switch type {
            case 14:
                elements.append(.recovery(try r.u8("Recovery")))
            case 16:
                elements.append(.teidDataI(try r.u32("TEIDDataI")))
            case 141:
                let count = Int(try r.u8("ExtensionHeaderTypeList.length"))
                let list = try r.bytes("ExtensionHeaderTypeList", count)
                elements.append(.extensionHeaderTypeList(list.bytes.map { GTPUExtensionHeaderType($0) }))
            case 128...:
                let length = Int(try r.u16("\(index).length"))
                let value = try r.bytes("\(index).value", length)
                switch type {
                case 133:
                    switch length {
                    case 4: elements.append(.peerAddress(.v4(value.u32(at: 0) ?? 0)))
                    case 16: elements.append(.peerAddress(.v6(high: value.u64(at: 0) ?? 0, low: value.u64(at: 8) ?? 0)))
                    default:
                        throw .at(at, ["GTPU", "informationElements", index, "GTPUPeerAddress"], .badInformationElement,
                                  "GTP-U Peer Address of \(length) bytes (4 or 16)")
                    }
                case 255:
                    guard let id = value.u16(at: 0) else {
                        throw .at(at, ["GTPU", "informationElements", index, "PrivateExtension"], .badInformationElement,
                                  "Private Extension of \(length) bytes has no extension identifier")
                    }
                    elements.append(.privateExtension(identifier: id, value: value.suffix(from: 2).copyBytes()))
                default:
                    elements.append(.other(type: type, value: value.copyBytes()))
                }
            default:
                throw .at(at, ["GTPU", "informationElements", index], .unknownInformationElement,
                          "TV information element type \(type) is not defined for GTP-U: its length is unknown")
            }
        }
        return elements
    }

    func encode(into w: inout PacketWriter) throws(PacketError) {
        try w.writeU8(type)
        switch self {
        case .recovery(let v): try w.writeU8(v)
        case .teidDataI(let v): try w.writeU32(v)
        case .peerAddress(let a):
            try w.writeU16(a.version == 4 ? 4 : 16)
            try w.write(a)
        case .extensionHeaderTypeList(let list):
            guard list.count <= 255 else {
                throw PacketError(.valueOutOfRange, "Extension Header Type List of \(list.count) types (at most 255)",
                                  context: ErrorContext(path: ["GTPU", "ExtensionHeaderTypeList"]))
            }
            try w.writeU8(UInt8(list.count))
            for t in list { try w.writeU8(t.rawValue) }
        case .privateExtension(let id, let value):
            try Self.writeLength(2 + value.count, into: &w)
            try w.writeU16(id)
            try w.write(value)
        case .other(_, let value):
            try Self.writeLength(value.count, into: &w)
            try w.write(value)
        }
    }

    private static func writeLength(_ n: Int, into w: inout PacketWriter) throws(PacketError) {
        guard n <= 65_535 else {
            throw PacketError(.valueOutOfRange, "information element of \(n) bytes (at most 65,535)",
                              context: ErrorContext(path: ["GTPU", "informationElements"]))
        }
        try w.writeU16(UInt16(n))
    }
}
