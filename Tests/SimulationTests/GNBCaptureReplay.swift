import ASN1PER
import Capture
import NAS5GS
import NGAP
import Simulation
import Testing

/// Plays a real AMF's side of a shared capture to simulated gNBs.
///
/// Each gNB association of the capture (keyed by the gNB's endpoint) gets its own simulated gNB, configured
/// from the capture's NG Setup Request (gNB ID, PLMN, TAs, slices, name, paging DRX). The capture's uplink
/// only drives the simulated side: an NG Setup Request brings the association up, an Initial UE Message or
/// Uplink NAS Transport hands the NAS-PDU to the gNB as the UE would, a UE Context Release Request becomes the
/// command; the gNB builds every uplink message itself. Each downlink message goes to the gNB on its capture
/// stream, with the capture's RAN UE NGAP IDs replaced by the ones the simulated gNB allocated.
struct CaptureReplay {
    struct Association {
        var bench: Bench
        /// The capture's RAN UE NGAP ID → the UE the replay made for it.
        var ues: [Int64: UEIndex] = [:]
        /// N2 handover target: the UE and the container of the simulated target's Handover Request
        /// Acknowledge, by the RAN UE NGAP ID the capture's target gave.
        var prepared: [Int64: (ue: UEIndex, container: [UInt8])] = [:]
        /// The simulated target's Handover Request Acknowledge containers, by AMF UE NGAP ID.
        var preparedByAMFID: [Int64: [UInt8]] = [:]
    }

    /// UEs whose Handover Required the AMF has not yet turned into a Handover Request, in order.
    var pendingHandovers: [UEIndex] = []
    /// The UE of each Handover Request, by the AMF UE NGAP ID the AMF gave it at the target.
    var handoverByAMFID: [Int64: UEIndex] = [:]

    var associations: [Endpoint: Association] = [:]
    var nextUE = 0
    /// Downlink messages given to a gNB, by message name.
    var downlink: [String: Int] = [:]
    /// Deviations the gNBs reported for downlink messages: frame, message, deviation.
    var deviations: [(frame: Int, message: String, deviation: ProtocolDeviation)] = []
    /// Refusals of the replay's uplink (the simulated gNB could not do what the capture's gNB did).
    var refusals: [(frame: Int, message: String, refusal: GNBRefusal)] = []
    /// NAS-PDUs the gNBs delivered to UEs.
    var delivered = 0
    /// Uplink messages the replay could not use (undecodable, or for a UE it does not know).
    var skipped: [(frame: Int, why: String)] = []

    mutating func play(_ m: SCTPMessage) throws {
        if m.destination.port == SCTPMessage.ngapPort {
            try uplink(m)
        } else if m.source.port == SCTPMessage.ngapPort {
            downlink(m)
        }
    }

    // MARK: - Uplink: what the capture's gNB did, done by the simulated one

    mutating func uplink(_ m: SCTPMessage) throws {
        let pdu: NGAPPDU
        do { pdu = try NGAPPDU.decode(m.payload[...]).pdu } catch {
            skipped.append((m.frame, "uplink does not decode: \(error)"))
            return
        }
        let key = m.source
        switch pdu.initiating {
        case .ngSetup(let request)?:
            var bench = try Bench(try Self.config(request), index: associations.count, streams: 8)
            _ = bench.associationUp()
            associations[key] = Association(bench: bench)
        case .initialUEMessage(let message)?:
            guard let ran = message.protocolIEs.first(\.ranUENGAPID)?.value, let nasPDU = message.protocolIEs.first(\.nasPDU) else {
                skipped.append((m.frame, "Initial UE Message without RAN UE NGAP ID or NAS-PDU")); return
            }
            let ue = nextUE
            nextUE += 1
            var tmsi: NAS5GS.FiveGSTMSI?
            if let t = message.protocolIEs.first(\.fiveGSTMSI), let set = t.amfSetID.value.uint64Value, let pointer = t.amfPointer.value.uint64Value,
               t.fiveGTMSI.value.count == 4 {
                let b = t.fiveGTMSI.value
                tmsi = NAS5GS.FiveGSTMSI(amfSetID: UInt16(set), amfPointer: UInt8(pointer),
                                         tmsi: UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3]))
            }
            let setup = RRCSetup(
                cause: Self.cause(message.protocolIEs.first(\.rrcEstablishmentCause)), fiveGSTMSI: tmsi,
                ueContextRequested: message.protocolIEs.first(\.ueContextRequest) != nil)
            associations[key]?.ues[ran] = UEIndex(ue)
            uplinkAction(key, m) { $0.uplink(ue, nasPDU.value.array, setup: setup) }
        case .uplinkNASTransport(let message)?:
            guard let ue = ue(key, message.protocolIEs.first(\.ranUENGAPID), m), let nasPDU = message.protocolIEs.first(\.nasPDU) else { return }
            uplinkAction(key, m) { $0.uplink(ue.int, nasPDU.value.array) }
        case .ueContextReleaseRequest(let message)?:
            guard let ue = ue(key, message.protocolIEs.first(\.ranUENGAPID), m) else { return }
            var cause = CauseRadioNetwork.userInactivity
            if case .radioNetwork(let c)? = message.protocolIEs.first(\.cause) { cause = c }
            uplinkAction(key, m) { $0.command(.releaseRequest(ue, cause: cause)) }
        case .handoverPreparation(let message)?:
            guard let ue = ue(key, message.protocolIEs.first(\.ranUENGAPID), m) else { return }
            guard case .targetRANNodeID(let t)? = message.protocolIEs.first(\.targetID), case .globalGNBID(let g) = t.globalRANNodeID,
                  case .gnbID(let bits) = g.gnbID, let target = associations.values.first(where: { UInt64($0.bench.gnb.config.gnbID) == bits.uint64Value })
            else { skipped.append((m.frame, "Handover Required toward a gNB the capture did not set up")); return }
            pendingHandovers.append(ue)
            let to = target.bench.gnb.handoverTarget
            uplinkAction(key, m) { $0.command(.handover(ue, to: to, cause: .handoverDesirableForRadioReason)) }
        case .handoverNotification(let message)?:
            guard let ran = message.protocolIEs.first(\.ranUENGAPID)?.value, let prepared = associations[key]?.prepared.removeValue(forKey: ran) else {
                skipped.append((m.frame, "Handover Notify for a handover the replay did not prepare")); return
            }
            associations[key]?.ues[ran] = prepared.ue
            uplinkAction(key, m) { $0.command(.handoverArrival(prepared.ue, targetToSourceContainer: prepared.container)) }
        default:
            // The capture target's Handover Request Acknowledge: the simulated target's container for its RAN UE NGAP ID.
            if case .handoverResourceAllocation(let ack)? = pdu.successful, let ran = ack.protocolIEs.first(\.ranUENGAPID)?.value,
               let amf = ack.protocolIEs.first(\.amfUENGAPID)?.value, let ue = handoverByAMFID.removeValue(forKey: amf),
               let container = associations[key]?.preparedByAMFID.removeValue(forKey: amf) {
                associations[key]?.prepared[ran] = (ue, container)
            }
            // Other answers: the simulated gNB makes its own.
        }
    }

    func ue(_ key: Endpoint, _ ran: RANUENGAPID?, _ m: SCTPMessage) -> UEIndex? {
        guard let ran, let ue = associations[key]?.ues[ran.value] else { return nil }
        return ue
    }

    mutating func uplinkAction(_ key: Endpoint, _ m: SCTPMessage, _ body: (inout Bench) -> [GNBAction]) {
        guard var association = associations.removeValue(forKey: key) else {
            skipped.append((m.frame, "uplink before the association's NG Setup Request")); return
        }
        let actions = body(&association.bench)
        associations[key] = association
        for r in actions.refusals { refusals.append((m.frame, (try? NGAPPDU.decode(m.payload[...]).pdu.messageName) ?? "?", r)) }
    }

    // MARK: - Downlink: the capture's AMF messages to the simulated gNB

    mutating func downlink(_ m: SCTPMessage) {
        guard var association = associations.removeValue(forKey: m.destination) else {
            skipped.append((m.frame, "downlink for an association without NG Setup")); return
        }
        defer { associations[m.destination] = association }
        var bytes = m.payload
        var name = "undecodable"
        if let decoded = try? NGAPPDU.decode(m.payload[...]) {
            name = decoded.pdu.messageName
            if case .handoverResourceAllocation(let request)? = decoded.pdu.initiating, let amf = request.protocolIEs.first(\.amfUENGAPID)?.value,
               !pendingHandovers.isEmpty {
                handoverByAMFID[amf] = pendingHandovers.removeFirst()
            }
            let ues = association.ues, bench = association.bench
            let mapped = Self.remap(decoded.pdu) { captureRAN in
                guard let ue = ues[captureRAN], let ours = bench.gnb.context(of: ue)?.ranUENGAPID else { return nil }
                return Int64(ours)
            }
            if let mapped, let encoded = try? mapped.aperEncoded() { bytes = encoded }
        }
        downlink[name, default: 0] += 1
        let actions = association.bench.receive(bytes: bytes, stream: m.streamID)
        for d in actions.deviations { deviations.append((m.frame, name, d)) }
        for case .send(_, let sent) in actions {
            if let pdu = try? NGAPPDU.decode(sent[...]).pdu, case .handoverResourceAllocation(let ack)? = pdu.successful,
               let amf = ack.protocolIEs.first(\.amfUENGAPID)?.value {
                association.preparedByAMFID[amf] = ack.protocolIEs.first(\.targetToSourceTransparentContainer)?.value.array
            }
        }
        delivered += actions.delivered.count
    }

    /// The PDU with every RAN UE NGAP ID `map` knows replaced; nil when nothing changed.
    static func remap(_ pdu: NGAPPDU, _ map: (Int64) -> Int64?) -> NGAPPDU? {
        var changed = false
        func fields<F>(_ ies: [F], _ read: (F) -> RANUENGAPID?, _ make: (RANUENGAPID) -> F) -> [F] {
            ies.map { f in
                guard let id = read(f), let new = map(id.value) else { return f }
                changed = true
                return make(RANUENGAPID(new))
            }
        }
        let out: NGAPPDU?
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .downlinkNASTransport(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.downlinkNASTransport(v))
            case .initialContextSetup(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.initialContextSetup(v))
            case .pduSessionResourceSetup(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.pduSessionResourceSetup(v))
            case .pduSessionResourceModify(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.pduSessionResourceModify(v))
            case .pduSessionResourceRelease(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.pduSessionResourceRelease(v))
            case .ueContextModification(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.ueContextModification(v))
            case .errorIndication(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .initiatingMessage(.errorIndication(v))
            case .ueContextRelease(var v):
                v.protocolIEs = v.protocolIEs.map { f in
                    guard case .ueNGAPIDPair(let pair)? = f.ueNGAPIDs, let new = map(pair.ranUENGAPID.value) else { return f }
                    changed = true
                    return .ueNGAPIDs(.ueNGAPIDPair(UENGAPIDpair(amfUENGAPID: pair.amfUENGAPID, ranUENGAPID: RANUENGAPID(new))))
                }
                out = .initiatingMessage(.ueContextRelease(v))
            default:
                out = nil
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .handoverPreparation(var v):
                v.protocolIEs = fields(v.protocolIEs, \.ranUENGAPID, { .ranUENGAPID($0) })
                out = .successfulOutcome(.handoverPreparation(v))
            default:
                out = nil
            }
        default:
            out = nil
        }
        return changed ? out : nil
    }

    // MARK: - The simulated gNB's configuration, from the capture's NG Setup Request

    struct UnusableSetup: Error, CustomStringConvertible { var description: String }

    static func config(_ request: NGSetupRequest) throws -> GNBConfig {
        guard case .globalGNBID(let global)? = request.protocolIEs.first(\.globalRANNodeID), case .gnbID(let id) = global.gnbID,
              let value = id.uint64Value else { throw UnusableSetup(description: "NG Setup Request without a Global gNB ID") }
        let (mcc, mnc) = digits(global.plmnIdentity.value.array)
        let tas = request.protocolIEs.first(\.supportedTAList)?.value ?? []
        let tacs = tas.map { ta in ta.tac.value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        var slices: [GNBConfig.Slice] = []
        for ta in tas {
            for plmn in ta.broadcastPLMNList.value {
                for item in plmn.taiSliceSupportList.value {
                    let s = GNBConfig.Slice(sst: item.sNSSAI.sst.value.first ?? 0, sd: item.sNSSAI.sd.map { $0.value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } })
                    if !slices.contains(s) { slices.append(s) }
                }
            }
        }
        return GNBConfig(
            gnbID: UInt32(truncatingIfNeeded: value), gnbIDBitLength: id.bitCount, mcc: mcc, mnc: mnc, tacs: tacs, slices: slices,
            ranNodeName: request.protocolIEs.first(\.ranNodeName)?.value, nrCellIdentity: 1, n3Address: [127, 0, 0, 1],
            defaultPagingDRX: request.protocolIEs.first(\.defaultPagingDRX) ?? .v128)
    }

    /// MCC and MNC digits of a PLMN identity (TS 24.008 §10.5.1.13).
    static func digits(_ b: [UInt8]) -> (String, String) {
        guard b.count == 3 else { return ("000", "00") }
        let mcc = [b[0] & 0xF, b[0] >> 4, b[1] & 0xF].map { String($0) }.joined()
        var mnc = [b[2] & 0xF, b[2] >> 4].map { String($0) }.joined()
        if b[1] >> 4 != 0xF { mnc += String(b[1] >> 4) }
        return (mcc, mnc)
    }

    static func cause(_ c: RRCEstablishmentCause?) -> RRCSetup.Cause {
        switch c {
        case .emergency: .emergency
        case .highPriorityAccess: .highPriorityAccess
        case .mtAccess: .mtAccess
        case .moSignalling: .moSignalling
        case .moData: .moData
        case .moVoiceCall: .moVoiceCall
        case .moVideoCall: .moVideoCall
        case .moSMS: .moSMS
        case .mpsPriorityAccess: .mpsPriorityAccess
        case .mcsPriorityAccess: .mcsPriorityAccess
        case .moExceptionData: .moExceptionData
        case .notAvailable, .unknownExtension, nil: .notAvailable
        }
    }
}
