import Bytes

/// The parts of an IPv4 or IPv6 header the reader needs: addresses, upper protocol, payload, fragment.
struct IPHeader {
    var source: IPAddress
    var destination: IPAddress
    /// Upper-layer protocol (132 SCTP, 17 UDP), after IPv6 extension headers.
    var upperProtocol: UInt8
    /// Payload position inside the IP view.
    var payloadOffset: Int
    var payloadLength: Int
    var fragment: Fragment?

    struct Fragment {
        var identification: UInt32
        /// Byte offset of this fragment's payload in the original payload.
        var offset: Int
        var moreFragments: Bool
    }

    enum Parsed {
        case header(IPHeader)
        /// A header field is wrong; the message says which.
        case bad(CaptureDiagnostic.Code, String)
        /// Not something to decode further (no payload, ESP, ...).
        case skip
    }

    /// Parses an IPv4 header. `available` bytes were captured from the start of the header.
    static func parseIPv4(_ ip: ByteView, snapCut: Bool) -> Parsed {
        guard let versionIHL = ip.u8(at: 0), let total16 = ip.u16(at: 2), let flagsOffset = ip.u16(at: 6),
              let proto = ip.u8(at: 9), let src = ip.u32(at: 12), let dst = ip.u32(at: 16)
        else { return .bad(.truncatedPacket, "IPv4 header cut (\(ip.count) of 20 bytes)") }
        guard versionIHL >> 4 == 4 else { return .bad(.badIPHeader, "IPv4 version field is \(versionIHL >> 4)") }
        let headerLength = Int(versionIHL & 0x0F) * 4
        let total = Int(total16)
        guard headerLength >= 20 else { return .bad(.badIPHeader, "IPv4 header length \(headerLength) < 20") }
        guard ip.has(headerLength, at: 0) else {
            return .bad(.truncatedPacket, "IPv4 header with options cut (\(ip.count) of \(headerLength) bytes)")
        }
        // Total length 0 happens with TCP segmentation offload captures; use what was captured.
        let end: Int
        if total == 0 {
            end = ip.count
        } else {
            guard total >= headerLength else { return .bad(.badIPHeader, "IPv4 total length \(total) < header length \(headerLength)") }
            if total > ip.count && !snapCut {
                return .bad(.badIPHeader, "IPv4 total length \(total) exceeds the \(ip.count) bytes in the frame")
            }
            end = min(total, ip.count)
        }
        var header = IPHeader(source: .v4(src), destination: .v4(dst), upperProtocol: proto,
                              payloadOffset: headerLength, payloadLength: end - headerLength, fragment: nil)
        let more = flagsOffset & 0x2000 != 0
        let offset = Int(flagsOffset & 0x1FFF) * 8
        if more || offset != 0 {
            let id = UInt32(ip.u16(at: 4) ?? 0)
            header.fragment = Fragment(identification: id, offset: offset, moreFragments: more)
        }
        return .header(header)
    }

    /// Parses an IPv6 header and walks its extension headers up to the upper-layer protocol.
    static func parseIPv6(_ ip: ByteView, snapCut: Bool) -> Parsed {
        guard let word0 = ip.u32(at: 0), let payload16 = ip.u16(at: 4), var next = ip.u8(at: 6),
              let srcHigh = ip.u64(at: 8), let srcLow = ip.u64(at: 16),
              let dstHigh = ip.u64(at: 24), let dstLow = ip.u64(at: 32)
        else { return .bad(.truncatedPacket, "IPv6 header cut (\(ip.count) of 40 bytes)") }
        guard word0 >> 28 == 6 else { return .bad(.badIPHeader, "IPv6 version field is \(word0 >> 28)") }
        let payloadLength = Int(payload16)
        let end: Int
        if payloadLength == 0 {
            end = ip.count  // jumbogram or offload capture: take what is there
        } else {
            if 40 + payloadLength > ip.count && !snapCut {
                return .bad(.badIPHeader, "IPv6 payload length \(payloadLength) exceeds the \(ip.count - 40) bytes in the frame")
            }
            end = min(40 + payloadLength, ip.count)
        }
        var offset = 40
        var fragment: Fragment?
        for _ in 0..<16 {
            switch next {
            case 0, 43, 60, 135, 139, 140:  // hop-by-hop, routing, destination options, mobility, HIP, shim6
                guard let nh = ip.u8(at: offset), let len = ip.u8(at: offset + 1) else {
                    return .bad(.truncatedPacket, "IPv6 extension header \(next) cut")
                }
                next = nh
                offset += (Int(len) + 1) * 8
            case 44:  // fragment
                guard let nh = ip.u8(at: offset), let off = ip.u16(at: offset + 2), let id = ip.u32(at: offset + 4) else {
                    return .bad(.truncatedPacket, "IPv6 fragment header cut")
                }
                next = nh
                fragment = Fragment(identification: id, offset: Int(off & 0xFFF8), moreFragments: off & 1 != 0)
                if fragment?.offset == 0 && fragment?.moreFragments == false { fragment = nil }  // atomic fragment
                offset += 8
            case 51:  // authentication header
                guard let nh = ip.u8(at: offset), let len = ip.u8(at: offset + 1) else {
                    return .bad(.truncatedPacket, "IPv6 authentication header cut")
                }
                next = nh
                offset += (Int(len) + 2) * 4
            case 59, 50:  // no next header, ESP
                return .skip
            default:
                guard offset <= end else { return .bad(.badIPHeader, "IPv6 extension headers run past the payload") }
                return .header(IPHeader(source: .v6(high: srcHigh, low: srcLow), destination: .v6(high: dstHigh, low: dstLow),
                                        upperProtocol: next, payloadOffset: offset, payloadLength: end - offset,
                                        fragment: fragment))
            }
            guard offset <= end else { return .bad(.badIPHeader, "IPv6 extension headers run past the payload") }
        }
        return .bad(.badIPHeader, "more than 16 IPv6 extension headers")
    }
}
