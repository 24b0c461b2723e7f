import ASN1PER
import Bytes
import Capture
import Foundation
import NGAP
import Packets

/// Builds small N2 captures (pcapng, raw IP) for the analysis tests: each message an NGAP-PDU in one SCTP
/// DATA chunk between a gNB (port 40000) and an AMF (port 38412), a millisecond apart.
struct SyntheticN2 {
    static let gnb = IPAddress("127.0.0.2")!, amf = IPAddress("127.0.0.5")!

    struct Message {
        var payload: [UInt8]
        var uplink: Bool
        var stream: UInt16 = 1
        var ppid: UInt32 = 60
    }

    var messages: [Message] = []

    mutating func up(_ pdu: NGAPPDU, stream: UInt16 = 1, ppid: UInt32 = 60, trailing: [UInt8] = []) throws {
        messages.append(Message(payload: try pdu.aperEncoded() + trailing, uplink: true, stream: stream, ppid: ppid))
    }

    mutating func down(_ pdu: NGAPPDU, stream: UInt16 = 1) throws {
        messages.append(Message(payload: try pdu.aperEncoded(), uplink: false, stream: stream))
    }

    /// Writes the capture to a temporary file and returns its path.
    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-analyze-\(UUID().uuidString).pcapng").path
        let writer = try PcapngWriter(path: path, interfaces: [.init(name: "N2", linkLayer: .rawIP)])
        var tsn: (up: UInt32, down: UInt32) = (1, 1)
        for (i, m) in messages.enumerated() {
            let n = m.uplink ? tsn.up : tsn.down
            if m.uplink { tsn.up += 1 } else { tsn.down += 1 }
            let packet = try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
                let ip = try w.beginIPv4(IPv4Header(source: m.uplink ? Self.gnb : Self.amf, destination: m.uplink ? Self.amf : Self.gnb,
                                                    upperProtocol: .sctp))
                let sctp = try w.beginSCTP(SCTPCommonHeader(sourcePort: m.uplink ? 40000 : 38412, destinationPort: m.uplink ? 38412 : 40000,
                                                            verificationTag: m.uplink ? 0xA1 : 0xB2))
                let chunk = SCTPDataChunk(tsn: n, streamIdentifier: m.stream, streamSequenceNumber: UInt16(n & 0xFFFF),
                                          payloadProtocolIdentifier: m.ppid)
                try m.payload.withPacketBytes { (raw) throws(PacketError) in try w.writeDataChunk(chunk, userData: raw) }
                try w.endSCTP(sctp)
                try w.endIPv4(ip)
            }
            try writer.writeIP(packet, interface: 0, timestamp: CaptureTimestamp(seconds: 100, nanoseconds: Int32(i) * 1_000_000))
        }
        try writer.close()
        return path
    }

    // MARK: Messages

    /// The cell of every synthetic message: PLMN 001/01, NR cell 0x10, TAC 1 (mandatory in Initial UE Message and
    /// Uplink NAS Transport, so the messages are valid under TS 38.413 §10).
    static var location: UserLocationInformation {
        let plmn = PLMNIdentity(ASN1Bytes([0x00, 0xF1, 0x10]))
        return .userLocationInformationNR(UserLocationInformationNR(
            nrCGI: NRCGI(plmnIdentity: plmn, nrCellIdentity: NRCellIdentity(ASN1BitString(value: 0x10, bitCount: 36))),
            tai: TAI(plmnIdentity: plmn, tac: TAC(ASN1Bytes([0, 0, 1])))))
    }

    static func initialUE(ran: Int64, nas: [UInt8]) -> NGAPPDU {
        .initiatingMessage(.initialUEMessage(InitialUEMessage(protocolIEs: [
            .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NGAP.NASPDU(ASN1Bytes(nas))), .userLocationInformation(location),
            .rrcEstablishmentCause(.moSignalling),
        ])))
    }

    static func downlinkNAS(amf: Int64, ran: Int64, nas: [UInt8]) -> NGAPPDU {
        .initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NGAP.NASPDU(ASN1Bytes(nas))),
        ])))
    }

    static func uplinkNAS(amf: Int64, ran: Int64, nas: [UInt8]) -> NGAPPDU {
        .initiatingMessage(.uplinkNASTransport(UplinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NGAP.NASPDU(ASN1Bytes(nas))),
            .userLocationInformation(location),
        ])))
    }

    static func releaseCommand(amf: Int64, ran: Int64) -> NGAPPDU {
        .initiatingMessage(.ueContextRelease(UEContextReleaseCommand(protocolIEs: [
            .ueNGAPIDs(.ueNGAPIDPair(UENGAPIDpair(amfUENGAPID: AMFUENGAPID(amf), ranUENGAPID: RANUENGAPID(ran)))),
            .cause(.nas(.normalRelease)),
        ])))
    }

    static func releaseComplete(amf: Int64, ran: Int64) -> NGAPPDU {
        .successfulOutcome(.ueContextRelease(UEContextReleaseComplete(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(amf)), .ranUENGAPID(RANUENGAPID(ran)),
        ])))
    }

    // Plain 5GMM messages (TS 24.501 §8.2), minimal.
    static let registrationRequest: [UInt8] = [0x7E, 0x00, 0x41, 0x01, 0x00, 0x0D, 0x01, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]
    static let authenticationRequest: [UInt8] = [0x7E, 0x00, 0x56, 0x00, 0x02, 0x00, 0x00, 0x21] + [UInt8](repeating: 0x11, count: 16)
        + [0x20, 0x10] + [UInt8](repeating: 0x22, count: 16)
    static let authenticationResponse: [UInt8] = [0x7E, 0x00, 0x57, 0x2D, 0x10] + [UInt8](repeating: 0x33, count: 16)
    static let securityModeCommand: [UInt8] = [0x7E, 0x00, 0x5D, 0x00, 0x00, 0x02, 0x80, 0x80]
    static let securityModeComplete: [UInt8] = [0x7E, 0x00, 0x5E]

    /// `inner` integrity protected (security header type 1, not ciphered) with sequence number `sn`.
    static func protected(_ inner: [UInt8], sn: UInt8) -> [UInt8] {
        [0x7E, 0x01, 0xDE, 0xAD, 0xBE, 0xEF, sn] + inner
    }
}
