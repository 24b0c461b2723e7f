import Bytes
import GTPU
import Packets
import TestSupport
import Testing

/// Every GTP-U message of the shared captures (tshark 4.0.17, `gtpu_packets.jsonl`) decodes, its fields
/// agree with tshark's, and it re-encodes to the same bytes.
@Suite struct TsharkGTPUTests {
    static let files = ["o5gs-testsuite-registration.pcapng", "o5gs-testsuite-roaming-hr.pcapng", "o5gs-uerhandover-n2ho-1ue.pcap",
                        "o5gs-uerhandover-n2ho-10ue.pcap", "oai-dstest-mini.pcap", "oai-dstest-ngreset.pcap", "oai-gnbsim.pcap",
                        "oai-my5grantester.pcap", "oai-oaignb-montimage.pcap", "oai-omecgnbsim-multiue.pcapng",
                        "oai-slicing-multignb.pcap", "oai-ueransim-nea1.pcap"]

    @Test func oracleHoldsTheGTPUOfEveryCaptureThatHasIt() throws {
        let byFile = try OracleGTPU.shared.get()
        for name in Self.files { #expect((byFile[name]?.count ?? 0) > 0, "\(name): no GTP-U in the oracle") }
        #expect(byFile.values.map(\.count).reduce(0, +) == 818)
    }

    @Test func theMessagesWithALengthBeyondTheDatagramAreTheKnownOnes() throws {
        let long = GTPUSamples.oracle.filter { 8 + $0.length > $0.hex.count / 2 }
        #expect(long.count == 31)
        #expect(Set(long.map(\.file)) == ["o5gs-testsuite-registration.pcapng", "oai-my5grantester.pcap",
                                          "oai-slicing-multignb.pcap", "oai-ueransim-nea1.pcap"])
        // OAI's length counts the 8 mandatory octets again.
        #expect(long.filter { $0.file.hasPrefix("oai") }.allSatisfy { 8 + $0.length == $0.hex.count / 2 + 8 })
    }

    @Test(arguments: files)
    func everyPort2152DatagramIsATsharkGTPUMessage(_ name: String) throws {
        let ours = try GTPUSamples.datagrams(name)
        let theirs = try OracleGTPU.shared.get()[name] ?? []
        #expect(ours.map(\.frame) == theirs.map(\.frame), "\(name): frames with GTP-U")
        #expect(ours.map { Hex.encode($0.payload) } == theirs.map(\.hex), "\(name): UDP payloads")
    }

    @Test(arguments: files)
    func fieldsAgreeWithTsharkAndMessagesReencodeToTheSameBytes(_ name: String) throws {
        for record in try OracleGTPU.shared.get()[name] ?? [] {
            let at = "\(name) frame \(record.frame)"
            let bytes = try Hex.decode(record.hex)
            // Tolerant: 31 messages (OAI, the Open5GS test suite) have a length field beyond the datagram.
            let packet = try bytes.view { try GTPUPacket(parsing: $0, options: .tolerant) }
            let announced = 8 + record.length
            #expect(packet.missingBytes == max(0, announced - bytes.count), "\(at): missing bytes")
            if packet.missingBytes == 0 {
                #expect(throws: Never.self, "\(at): strict parse") { try bytes.view { _ = try GTPUPacket(parsing: $0) } }
            } else {
                #expect(throws: GTPUError.self, "\(at): strict parse") { try bytes.view { _ = try GTPUPacket(parsing: $0) } }
            }
            #expect(Int(packet.flags) == record.flags, "\(at): flags")
            #expect(Int(packet.messageType.rawValue) == record.messageType, "\(at): message type")
            #expect(packet.length == record.length && packet.teid == record.teid, "\(at): length, TEID")
            #expect(packet.trailingBytes == max(0, bytes.count - announced), "\(at): trailing bytes")
            #expect(packet.sequenceNumber.map(Int.init) == record.sequenceNumber, "\(at): sequence number")
            #expect(packet.nPDUNumber.map(Int.init) == record.nPDUNumber, "\(at): N-PDU number")
            #expect(packet.extensionHeaderCount == record.extensionHeaders.count, "\(at): extension header count")

            let message = try GTPUMessage(decoding: bytes, options: .tolerant)
            let headers = message.header.extensionHeaders
            #expect(headers.map { Int($0.type.rawValue) } == record.extensionHeaders.map(\.type), "\(at): extension header types")
            for (ours, theirs) in zip(headers, record.extensionHeaders) {
                guard case .pduSessionContainer(let info) = ours else { continue }
                #expect(Int(info.pduType) == theirs.pduType && Int(info.qfi) == theirs.qfi, "\(at): PDU type, QFI")
                if case .downlink(let d) = info {
                    #expect(theirs.rqi == (d.reflectiveQoSIndicator ? 1 : 0), "\(at): RQI")
                    #expect(theirs.ppp == (d.pagingPolicyIndicator == nil ? 0 : 1), "\(at): PPP")
                    #expect(theirs.ppi == d.pagingPolicyIndicator.map(Int.init), "\(at): PPI")
                }
            }
            #expect(packet.pduSession == message.header.pduSession, "\(at): borrowed and owned PDU Session Container")
            #expect(message.recovery.map(Int.init) == record.recovery, "\(at): Recovery")
            #expect(message.teidDataI == record.teidDataI, "\(at): TEID Data I")
            #expect(message.peerAddress?.description == record.peerAddress, "\(at): peer address")
            #expect(message.supportedExtensionHeaderTypes?.map { Int($0.rawValue) } == record.extensionHeaderTypeList, "\(at)")

            if let inner = record.inner {
                let ip = try bytes.view { try packet.innerPacket(in: $0) }
                #expect(ip.version == inner.version && ip.source.description == inner.src && ip.destination.description == inner.dst,
                        "\(at): inner addresses")
                #expect(inner.proto == nil || Int(ip.upperProtocol.rawValue) == inner.proto, "\(at): inner protocol")
            } else {
                #expect(record.messageType != 255, "\(at): tshark shows no inner IP in a G-PDU")
            }
            // Re-encoded: the same bytes, the length field corrected where it was beyond the datagram.
            var expected = Array(bytes.prefix(announced))
            let length = expected.count - 8
            expected[2] = UInt8(length >> 8)
            expected[3] = UInt8(length & 0xFF)
            #expect(packet.missingBytes > 0 || expected == Array(bytes.prefix(announced)))
            #expect(try message.encoded() == expected, "\(at): re-encoding")
        }
    }

    /// The inner packets' checksums (IPv4 header, ICMP, UDP) agree with tshark's verdicts.
    @Test(arguments: files)
    func innerChecksumsAgreeWithTshark(_ name: String) throws {
        let verdicts = try OracleChecksums.shared.get()[name] ?? [:]
        var compared = 0
        for record in try OracleGTPU.shared.get()[name] ?? [] where record.inner != nil {
            let bytes = try Hex.decode(record.hex)
            let packet = try bytes.view { try GTPUPacket(parsing: $0, options: .tolerant) }
            let tpdu = Array(bytes[packet.body])
            let ip = try tpdu.view { try IPPacket(parsing: $0) }
            let theirs = verdicts[record.frame]
            let outerIPv4 = record.src.contains(".") ? 1 : 0
            let at = "\(name) frame \(record.frame)"
            if ip.version == 4 {
                #expect(theirs?.ip?.dropFirst(outerIPv4).first == (tpdu.view { IPv4Header.checksumIsValid($0) } ? 1 : 0), "\(at): inner IPv4")
                compared += 1
            }
            guard ip.fragment == nil else { continue }
            let upper = Array(tpdu[ip.payload])
            switch ip.upperProtocol {
            case .icmp:
                #expect(theirs?.icmp?.first == (upper.view { ICMPEcho.checksumIsValid($0, in: ip) } ? 1 : 0), "\(at): ICMP")
                compared += 1
            case .icmpv6:
                #expect(theirs?.icmpv6?.first == (upper.view { ICMPEcho.checksumIsValid($0, in: ip) } ? 1 : 0), "\(at): ICMPv6")
                compared += 1
            case .udp:
                guard let valid = upper.view({ UDPHeader.checksumIsValid($0, in: ip) }) else { continue }
                #expect(theirs?.udp?.dropFirst().first == (valid ? 1 : 0), "\(at): inner UDP")
                compared += 1
            default:
                break
            }
        }
        #expect(compared > 0)
    }
}
