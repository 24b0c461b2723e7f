import Bytes
import Capture
import GTPU
import Packets

/// How `coregate decode --gtpu` shows a GTP-U message (a UDP datagram to or from port 2152), decoded with
/// tolerant options (a length field beyond the datagram is noted, not refused). Text:
///
/// `130  0.123456  127.0.0.2:2152 → 127.0.0.7:2152  [GTP-U] G-PDU TEID 0x00000001 UL QFI 1  10.45.0.2 → 10.45.0.1 ICMP`
///
/// JSON: `{"frame":130,"gtpu":{"type":255,"teid":1,"extensionHeaders":[133],"pduSession":{"pduType":1,"qfi":1},
/// "inner":{"version":4,"src":"10.45.0.2","dst":"10.45.0.1","protocol":1}}}`; `sequenceNumber`, `nPDUNumber`,
/// `recovery`, `teidDataI`, `peerAddress`, `extensionHeaderTypes`, `trailingBytes` and `missingBytes` when
/// present; `innerError` for a G-PDU whose T-PDU is not an IP packet; `error` (`code`, `reason`, `path`,
/// `byte`) and `hex` when the message does not decode.
public enum GTPULine {
    /// A datagram GTP-U is carried in: port 2152 on either side.
    public static func isGTPU(_ datagram: UDPDatagram) -> Bool {
        datagram.source.port == 2152 || datagram.destination.port == 2152
    }

    /// The readable line; `decoded` is false when the message does not decode.
    public static func text(_ datagram: UDPDatagram, origin: CaptureTimestamp) -> (line: String, decoded: Bool) {
        var text = "\(datagram.frame)  " + DecodeTextLine.seconds(from: origin, to: datagram.timestamp)
        text += "  \(datagram.source) → \(datagram.destination)  [GTP-U] "
        let decoded: Bool = datagram.payload.withUnsafeBytes { raw in
            let bytes = ByteView(raw)
            do throws(GTPUError) {
                let message = try GTPUMessage(decoding: bytes, options: .tolerant)
                let packet = try GTPUPacket(parsing: bytes, options: .tolerant)
                text += describe(message, packet: packet, bytes: bytes)
                return true
            } catch {
                text += "undecodable: \(error)"
                return false
            }
        }
        return (text, decoded)
    }

    static func describe(_ m: GTPUMessage, packet: GTPUPacket, bytes: ByteView) -> String {
        let h = m.header
        var text = h.messageType.description
        if h.messageType == .gPDU || h.messageType == .endMarker || h.teid != 0 { text += " TEID 0x" + hex32(h.teid) }
        if let s = h.sequenceNumber { text += " seq \(s)" }
        if let n = h.nPDUNumber { text += " N-PDU \(n)" }
        for e in h.extensionHeaders {
            switch e {
            case .pduSessionContainer(.downlink(let d)):
                text += " DL QFI \(d.qfi)" + (d.reflectiveQoSIndicator ? " RQI" : "") + (d.pagingPolicyIndicator.map { " PPI \($0)" } ?? "")
            case .pduSessionContainer(.uplink(let u)):
                text += " UL QFI \(u.qfi)"
            case .other(let type, _):
                text += " [\(type)]"
            }
        }
        if let r = m.recovery { text += " recovery \(r)" }
        if let t = m.teidDataI { text += " TEID Data I 0x" + hex32(t) }
        if let p = m.peerAddress { text += " peer \(p)" }
        if let list = m.supportedExtensionHeaderTypes { text += " supports " + list.map(\.description).joined(separator: ", ") }
        if h.messageType == .gPDU {
            do throws(GTPUError) {
                let ip = try packet.innerPacket(in: bytes)
                text += "  \(ip.source) → \(ip.destination) \(ip.upperProtocol)"
            } catch {
                text += "  T-PDU of \(packet.body.count) bytes is not IP: \(error.message)"
            }
        }
        if packet.trailingBytes > 0 { text += "  +\(packet.trailingBytes) trailing bytes" }
        if packet.missingBytes > 0 { text += "  length \(packet.length) runs \(packet.missingBytes) bytes past the datagram" }
        return text
    }

    /// Appends the JSON line, newline included; returns whether the message decoded.
    @discardableResult
    public static func write(_ datagram: UDPDatagram, to json: inout JSONWriter) -> Bool {
        json.beginObject()
        json.key("frame"); json.int(datagram.frame)
        json.key("gtpu")
        let decoded: Bool = datagram.payload.withUnsafeBytes { raw in
            let bytes = ByteView(raw)
            do throws(GTPUError) {
                let m = try GTPUMessage(decoding: bytes, options: .tolerant)
                let packet = try GTPUPacket(parsing: bytes, options: .tolerant)
                writeMembers(m, packet: packet, bytes: bytes, to: &json)
                return true
            } catch {
                json.beginObject()
                json.key("error")
                json.beginObject()
                json.key("code"); json.string(error.code.description)
                json.key("reason"); json.string(error.message)
                json.key("path"); json.string(ErrorContext.joined(error.context.path))
                if case .byte(let b)? = error.context.offset { json.key("byte"); json.int(b) }
                json.endObject()
                json.key("hex"); json.hex(raw: raw)
                json.endObject()
                return false
            }
        }
        json.endObject()
        json.endLine()
        return decoded
    }

    static func writeMembers(_ m: GTPUMessage, packet: GTPUPacket, bytes: ByteView, to json: inout JSONWriter) {
        let h = m.header
        json.beginObject()
        json.key("type"); json.int(Int(h.messageType.rawValue))
        json.key("teid"); json.uint(UInt64(h.teid))
        if let s = h.sequenceNumber { json.key("sequenceNumber"); json.int(Int(s)) }
        if let n = h.nPDUNumber { json.key("nPDUNumber"); json.int(Int(n)) }
        if !h.extensionHeaders.isEmpty {
            json.key("extensionHeaders")
            json.beginArray()
            for e in h.extensionHeaders { json.int(Int(e.type.rawValue)) }
            json.endArray()
        }
        if let info = h.pduSession {
            json.key("pduSession")
            json.beginObject()
            json.key("pduType"); json.int(Int(info.pduType))
            json.key("qfi"); json.int(Int(info.qfi))
            if case .downlink(let d) = info {
                if d.reflectiveQoSIndicator { json.key("rqi"); json.bool(true) }
                if let ppi = d.pagingPolicyIndicator { json.key("ppi"); json.int(Int(ppi)) }
            }
            json.endObject()
        }
        if let r = m.recovery { json.key("recovery"); json.int(Int(r)) }
        if let t = m.teidDataI { json.key("teidDataI"); json.uint(UInt64(t)) }
        if let p = m.peerAddress { json.key("peerAddress"); json.string(p.description) }
        if let list = m.supportedExtensionHeaderTypes {
            json.key("extensionHeaderTypes")
            json.beginArray()
            for t in list { json.int(Int(t.rawValue)) }
            json.endArray()
        }
        if h.messageType == .gPDU {
            do throws(GTPUError) {
                let ip = try packet.innerPacket(in: bytes)
                json.key("inner")
                json.beginObject()
                json.key("version"); json.int(ip.version)
                json.key("src"); json.string(ip.source.description)
                json.key("dst"); json.string(ip.destination.description)
                json.key("protocol"); json.int(Int(ip.upperProtocol.rawValue))
                json.endObject()
            } catch {
                json.key("innerError"); json.string(error.message)
            }
        }
        if packet.trailingBytes > 0 { json.key("trailingBytes"); json.int(packet.trailingBytes) }
        if packet.missingBytes > 0 { json.key("missingBytes"); json.int(packet.missingBytes) }
        json.endObject()
    }

    static func hex32(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
