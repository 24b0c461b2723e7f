import Capture
import NGAP
import TestSupport

/// One NGAP message of a capture as the UE replay needs it: which way, which UE (NGAP IDs and the gNB's
/// address), and the NAS-PDUs it carries; or a UE Context Release Command (the UE goes to CM-IDLE).
struct UECaptureEvent {
    enum Kind { case uplink, downlink, release }
    var kind: Kind
    var frame: Int
    var time: Duration
    /// The gNB's SCTP endpoint: with the RAN UE NGAP ID it names the UE's connection.
    var gnb: String
    var ranUEID: Int64?
    var amfUEID: Int64?
    var nasPDUs: [[UInt8]]
    /// An Initial UE Message: the UE was in CM-IDLE and set up a new connection.
    var initial = false
}

/// Reads the NGAP of a shared capture with the `Capture` reader and the NGAP codec (not tshark): the
/// UE-associated messages that carry NAS or release a UE, in capture order. Retransmitted SCTP chunks are
/// skipped; NAS Non Delivery Indication and Reroute NAS Request repeat NAS already seen and are skipped.
enum UECaptureEvents {
    struct Read {
        var events: [UECaptureEvent] = []
        /// NGAP-PDUs that did not decode (with the reason), and NAS carriers the replay does not know.
        var undecodable: [String] = []
        var unknownCarriers: [String] = []
    }

    static func read(_ capture: String) throws -> Read {
        let contents = try CaptureReader.readAll(path: try SharedCaptures.path(capture), options: .ngap)
        var read = Read()
        guard let first = contents.messages.first?.timestamp else { return read }
        for m in contents.messages where !m.isRetransmission {
            let pdu: NGAPPDU
            do {
                pdu = try NGAPPDU.decode(m.payload[...], mode: .tolerant).pdu
            } catch {
                read.undecodable.append("frame \(m.frame): \(error)")
                continue
            }
            guard case .initiatingMessage(let message) = pdu else { continue }
            var nas: [NASPDU] = []
            pdu.collectNASPDU(into: &nas)
            let time = Duration.seconds(m.timestamp.seconds - first.seconds) + .nanoseconds(Int64(m.timestamp.nanoseconds) - Int64(first.nanoseconds))
            func event(_ kind: UECaptureEvent.Kind, ran: RANUENGAPID?, amf: AMFUENGAPID?) -> UECaptureEvent {
                UECaptureEvent(kind: kind, frame: m.frame, time: time, gnb: kind == .uplink ? "\(m.source)" : "\(m.destination)",
                               ranUEID: ran?.value, amfUEID: amf?.value, nasPDUs: nas.map { Array($0.value.slice) })
            }
            switch message.value {
            case .initialUEMessage(let x):
                var e = event(.uplink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: nil)
                e.initial = true
                read.events.append(e)
            case .uplinkNASTransport(let x):
                read.events.append(event(.uplink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .downlinkNASTransport(let x):
                read.events.append(event(.downlink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .initialContextSetup(let x):
                read.events.append(event(.downlink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .pduSessionResourceSetup(let x):
                read.events.append(event(.downlink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .pduSessionResourceModify(let x):
                read.events.append(event(.downlink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .pduSessionResourceRelease(let x):
                read.events.append(event(.downlink, ran: x.protocolIEs.first(\.ranUENGAPID), amf: x.protocolIEs.first(\.amfUENGAPID)))
            case .ueContextRelease(let x):
                switch x.protocolIEs.first(\.ueNGAPIDs) {
                case .ueNGAPIDPair(let pair)?: read.events.append(event(.release, ran: pair.ranUENGAPID, amf: pair.amfUENGAPID))
                case .amfUENGAPID(let amf)?: read.events.append(event(.release, ran: nil, amf: amf))
                default: break
                }
            case .nasNonDeliveryIndication, .rerouteNASRequest:
                continue
            default:
                if !nas.isEmpty { read.unknownCarriers.append("frame \(m.frame): \(pdu.messageName)") }
            }
        }
        return read
    }
}
