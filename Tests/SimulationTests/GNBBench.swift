import ASN1PER
import NAS5GS
import NGAP
import Simulation
import Testing

extension GNBConfig {
    /// A gNB of PLMN 001/01 serving slice SST 1, as the scripted AMF expects.
    static func test(id: UInt32 = 1, tac: UInt32 = 1, cell: UInt64 = 0x100, prefix: UInt8 = 1) -> GNBConfig {
        GNBConfig(
            gnbID: id, mcc: "001", mnc: "01", tacs: [tac], slices: [Slice(sst: 1)], ranNodeName: "gnb-\(id)",
            nrCellIdentity: cell, n3Address: [127, 0, 0, 100 + UInt8(truncatingIfNeeded: id)], dlTEIDPrefix: prefix)
    }
}

/// A gNB under test on a fake clock. Each entry point returns the actions of that call, and checks every
/// message the gNB sends: it decodes (strictly, nothing left over), re-encodes to the same bytes, and goes
/// on stream 0 when non-UE-associated, on a stream 1…n−1 when UE-associated (TS 38.412 §7).
struct Bench {
    var gnb: GNB
    var now: Duration = .zero
    let streams: UInt16
    /// Every message sent so far, decoded, with its stream.
    var sent: [(stream: UInt16, pdu: NGAPPDU)] = []

    init(_ config: GNBConfig = .test(), index: Int = 0, streams: UInt16 = 4) throws {
        gnb = try GNB(index: GNBIndex(index), config: config)
        self.streams = streams
    }

    /// Association up, NG Setup Request answered by the scripted AMF's response: the gNB is ready.
    mutating func setUp() -> [GNBAction] {
        var a = associationUp()
        a += receive(ScriptedAMF.ngSetupResponse(), stream: 0)
        #expect(gnb.isReady)
        return a
    }

    mutating func associationUp() -> [GNBAction] {
        let n = streams
        return run { g, now, a in g.associationUp(outboundStreams: n, now: now, into: &a) }
    }

    mutating func receive(_ pdu: NGAPPDU, stream: UInt16 = 1) -> [GNBAction] {
        let bytes: [UInt8]
        do { bytes = try pdu.aperEncoded() } catch {
            Issue.record("scripted AMF message does not encode: \(error)")
            return []
        }
        return receive(bytes: bytes, stream: stream)
    }

    mutating func receive(bytes: [UInt8], stream: UInt16 = 1) -> [GNBAction] {
        run { g, now, a in g.received(bytes, stream: stream, now: now, into: &a) }
    }

    mutating func uplink(_ ue: Int, _ nas: [UInt8], setup: RRCSetup? = nil) -> [GNBAction] {
        run { g, now, a in g.uplinkNAS(UplinkNAS(ue: UEIndex(ue), nasPDU: nas, setup: setup), now: now, into: &a) }
    }

    mutating func command(_ c: GNBCommand) -> [GNBAction] {
        run { g, now, a in g.command(c, now: now, into: &a) }
    }

    mutating func fire(_ timer: GNBTimer) -> [GNBAction] {
        run { g, now, a in g.timerFired(timer, now: now, into: &a) }
    }

    mutating func lose() -> [GNBAction] {
        run { g, now, a in g.associationLost(now: now, into: &a) }
    }

    mutating func advance(_ d: Duration) { now += d }

    private mutating func run(_ body: (inout GNB, Duration, inout [GNBAction]) -> Void) -> [GNBAction] {
        var actions: [GNBAction] = []
        body(&gnb, now, &actions)
        for case .send(let stream, let bytes) in actions { check(bytes, stream: stream) }
        return actions
    }

    private mutating func check(_ bytes: [UInt8], stream: UInt16) {
        let pdu: NGAPPDU
        do {
            let decoded = try NGAPPDU.decode(bytes[...])
            #expect(decoded.trailingBytes == 0, "\(decoded.pdu.messageName): \(decoded.trailingBytes) trailing bytes")
            pdu = decoded.pdu
        } catch {
            Issue.record("the gNB sent a PDU that does not decode: \(error)")
            return
        }
        do {
            #expect(try pdu.aperEncoded() == bytes, "\(pdu.messageName) does not re-encode to the bytes sent")
        } catch {
            Issue.record("\(pdu.messageName) does not re-encode: \(error)")
        }
        if Self.isUEAssociated(pdu) {
            #expect(stream >= 1 && stream < streams, "\(pdu.messageName) (UE-associated) on stream \(stream)")
        } else {
            #expect(stream == 0, "\(pdu.messageName) (non-UE-associated) on stream \(stream)")
        }
        sent.append((stream, pdu))
    }

    /// TS 38.413 §8: the messages a gNB sends without UE-associated signalling (an Error Indication is
    /// UE-associated when it carries a UE NGAP ID).
    static func isUEAssociated(_ pdu: NGAPPDU) -> Bool {
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .ngSetup, .ngReset, .ranConfigurationUpdate: return false
            case .errorIndication(let e): return e.protocolIEs.first(\.ranUENGAPID) != nil || e.protocolIEs.first(\.amfUENGAPID) != nil
            default: return true
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .ngReset, .amfConfigurationUpdate: return false
            default: return true
            }
        case .unsuccessfulOutcome(let m):
            if case .amfConfigurationUpdate = m.value { return false }
            return true
        case .unknownExtension:
            return false
        }
    }
}

// MARK: - Reading actions

extension [GNBAction] {
    /// The decoded PDUs of the `send` actions, in order.
    var pdus: [NGAPPDU] {
        compactMap { a in
            guard case .send(_, let bytes) = a else { return nil }
            return try? NGAPPDU.decode(bytes[...]).pdu  // the bench has already recorded any failure
        }
    }

    var messageNames: [String] { pdus.map(\.messageName) }

    var streams: [UInt16] { compactMap { if case .send(let s, _) = $0 { s } else { nil } } }

    var deviations: [ProtocolDeviation] { compactMap { if case .deviation(let d, _) = $0 { d } else { nil } } }

    var reports: [ProcedureReport] { compactMap { if case .procedure(let r, _) = $0 { r } else { nil } } }

    var tunnelsUp: [GNBTunnel] { compactMap { if case .tunnelUp(let t) = $0 { t } else { nil } } }

    var tunnelsModified: [GNBTunnel] { compactMap { if case .tunnelModified(let t) = $0 { t } else { nil } } }

    var tunnelsDown: [(ue: UEIndex, pduSessionID: UInt8)] {
        compactMap { if case .tunnelDown(let ue, let id, _) = $0 { (ue, id) } else { nil } }
    }

    var delivered: [[UInt8]] { compactMap { if case .deliverNAS(_, let nas) = $0 { [UInt8](nas) } else { nil } } }

    var released: [UEIndex] { compactMap { if case .rrcReleased(let ue) = $0 { ue } else { nil } } }

    var refusals: [GNBRefusal] { compactMap { if case .refused(_, let r) = $0 { r } else { nil } } }
}

// MARK: - Reading the gNB's messages

extension NGAPPDU {
    var initiating: InitiatingMessage.Value? { if case .initiatingMessage(let m) = self { m.value } else { nil } }
    var successful: SuccessfulOutcome.Value? { if case .successfulOutcome(let m) = self { m.value } else { nil } }
    var unsuccessful: UnsuccessfulOutcome.Value? { if case .unsuccessfulOutcome(let m) = self { m.value } else { nil } }

    /// The RAN UE NGAP ID of the gNB's Initial UE Message.
    var initialUERANID: Int64? {
        if case .initialUEMessage(let m)? = initiating { return m.protocolIEs.first(\.ranUENGAPID)?.value }
        return nil
    }

    /// The cause of an Error Indication.
    var errorIndicationCause: Cause? {
        if case .errorIndication(let m)? = initiating { return m.protocolIEs.first(\.cause) }
        return nil
    }
}

/// A NAS message stand-in: the gNB treats NAS-PDUs as opaque bytes.
func nas(_ tag: UInt8) -> [UInt8] { [0x7E, 0x00, tag] }

let moSignalling = RRCSetup(cause: .moSignalling)

/// Connects UE `ue` (Initial UE Message, first Downlink NAS Transport with AMF UE NGAP ID `amf`): its RAN UE
/// NGAP ID.
func connect(_ bench: inout Bench, ue: Int, amf: Int64) -> Int64 {
    let a = bench.uplink(ue, nas(0x41), setup: moSignalling)
    guard let ran = a.pdus.first?.initialUERANID else {
        Issue.record("no Initial UE Message for ue\(ue): \(a)")
        return -1
    }
    let d = bench.receive(ScriptedAMF.downlinkNAS(amf: amf, ran: ran, nas: nas(0x56)))
    #expect(d.delivered == [nas(0x56)])
    return ran
}

/// Connects UE `ue` and sets up its context with PDU session 1 (uplink TEID 0x1000 + ue): its RAN UE NGAP ID.
func connectWithSession(_ bench: inout Bench, ue: Int, amf: Int64) -> Int64 {
    let ran = connect(&bench, ue: ue, amf: amf)
    let a = bench.receive(ScriptedAMF.initialContextSetup(
        amf: amf, ran: ran, sessions: [.init(id: 1, ulTEID: 0x1000 + UInt32(ue))], radioCapability: true))
    #expect(a.deviations.isEmpty, "\(a.deviations)")
    #expect(a.tunnelsUp.count == 1)
    return ran
}
