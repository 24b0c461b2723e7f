import Capture
import NAS5GS
import NGAP
import Reporting

/// Rebuilds every UE's procedures from the NGAP messages of captures, in order, and checks the
/// conformance rules on the way (see `ConformanceRule`).
///
/// UEs are tracked by RAN UE NGAP ID per NG association and by AMF UE NGAP ID per AMF, so a UE keeps
/// its procedures across an N2 handover (the target's Handover Request names it by AMF UE NGAP ID). A UE
/// is forgotten when its last UE context is released: memory follows the UEs alive at once.
///
/// ```swift
/// let tracker = ProcedureTracker(run: info)
/// for message in decodedMessages { tracker.consume(message, capture: "a.pcap") }
/// let results = tracker.finish()
/// ```
public final class ProcedureTracker {
    public private(set) var results: RunResults
    public private(set) var rules: RuleBook
    /// An extra check of each decoded PDU whose findings fire `ngap.abstract-syntax`, besides the TS 38.413
    /// §10 verdict the decoder attaches (`DecodedNGAPMessage.verdict`), which fires it for each diagnostic.
    public var abstractSyntaxCheck: (@Sendable (NGAPPDU) -> [String])?
    /// Counts of what the tracker could not read.
    public private(set) var counts = Counts()

    public struct Counts: Sendable, Equatable {
        public var messages = 0
        public var nasCiphered = 0
        public var nasUndecodable = 0
        public var ueIDsUnreadable = 0
        /// The most UEs alive at once.
        public var peakUEs = 0
        public var ues = 0
    }

    private var ues: [Int: UEState] = [:]
    private var byRAN: [RANKey: Int] = [:]
    private var byAMF: [AMFKey: Int] = [:]
    private var nonUE: [NGAssociation: [OpenProcedure]] = [:]
    /// UEs whose Handover Required awaits the AMF's Handover Request to a target, per AMF, oldest first.
    private var pendingHandovers: [Endpoint: [Int]] = [:]
    private var nextUE = 1
    private var nasEvents: [NASProcedureEvent] = []
    private static let names: [String?] = (0..<256).map { ProcedureTracker.procedureName(code: $0) }

    public init(run: RunInfo, rules: RuleBook = RuleBook()) {
        results = RunResults(run: run)
        self.rules = rules
    }

    /// Takes one decoded message (in capture order).
    public func consume(_ decoded: DecodedNGAPMessage, capture: String? = nil) {
        counts.messages += 1
        let m = decoded.message
        let time = Self.timestamp(m.timestamp)
        let (association, uplink) = NGAssociation.of(m)
        if m.payloadProtocolID != SCTPMessage.ngapPPID {
            rules.fire(.ppid, capture: capture, frame: m.frame, "PPID \(m.payloadProtocolID) from \(m.source) to \(m.destination)")
        }
        let pdu: NGAPPDU
        switch decoded.outcome {
        case .failed(let error):
            rules.fire(.undecodable, capture: capture, frame: m.frame, "\(error.code): \(error.message)")
            return
        case .decoded(let p, let trailing):
            pdu = p
            if trailing > 0 {
                rules.fire(.trailingBytes, capture: capture, frame: m.frame, "\(trailing) bytes after \(p.messageName)")
            }
        }
        if let verdict = decoded.verdict, !verdict.isClean {
            for d in verdict.diagnostics { rules.fire(.abstractSyntax, capture: capture, frame: m.frame, "\(pdu.messageName): \(d)") }
        }
        if let check = abstractSyntaxCheck {
            for finding in check(pdu) { rules.fire(.abstractSyntax, capture: capture, frame: m.frame, finding) }
        }
        let name = pdu.messageName
        results.recordMessage(name, uplink ? .sent : .received)
        guard let code = pdu.procedureCode.map({ Int($0.rawValue) }) else { return }
        let ids: UEIdentifiers
        do {
            ids = try UEIdentifiers(aperEncoded: m.payload[...])
        } catch {
            counts.ueIDsUnreadable += 1
            return
        }
        guard ids.isUEAssociated else {
            nonUEMessage(pdu, code: code, association: association, time: time, frame: m.frame)
            return
        }
        if m.streamID == 0 {
            rules.fire(.ueOnStream0, capture: capture, frame: m.frame, "\(name) on stream 0")
        }
        let slot = ue(for: ids, code: code, kind: pdu.messageKind, association: association, capture: capture, frame: m.frame)
        guard var ue = ues.removeValue(forKey: slot) else { return }
        nasEvents.removeAll(keepingCapacity: true)
        var nasNames: [String] = []
        for nas in NASSummary.nasPDUs(of: pdu) {
            switch NASProcedureEvent.events(of: nas, nullCiphering: ue.nullCiphering, into: &nasEvents) {
            case .read(let type, let sn):
                nasNames.append(type.name ?? "message type \(type.rawValue)")
                if let sn { checkSequence(sn, type: type, ue: &ue, uplink: uplink, capture: capture, frame: m.frame) }
            case .ciphered(let sn):
                counts.nasCiphered += 1
                nasNames.append("ciphered NAS")
                checkSequence(sn, type: nil, ue: &ue, uplink: uplink, capture: capture, frame: m.frame)
            case .undecodable(let why):
                counts.nasUndecodable += 1
                nasNames.append("undecodable NAS (\(why))")
            }
        }
        ue.append(LadderEntry(time: time, direction: uplink ? .sent : .received, from: uplink ? "gNB" : "AMF",
                              to: uplink ? "AMF" : "gNB", message: name, summary: nasNames.joined(separator: ", ")))
        for event in nasEvents {
            nas(event, ue: &ue, uplink: uplink, time: time, capture: capture, frame: m.frame)
        }
        ngap(pdu, code: code, ue: &ue, time: time, frame: m.frame)
        let released = pdu.messageKind == .successfulOutcome && code == Int(ProcedureCode.ueContextRelease.rawValue)
        if released, let ran = ids.ranUENGAPID {
            forget(RANKey(association: association, ranID: ran), of: &ue)
        }
        if code == Int(ProcedureCode.handoverPreparation.rawValue), pdu.messageKind == .initiatingMessage {
            pendingHandovers[association.amf, default: []].append(slot)
        }
        if ue.ranKeys.isEmpty && released {
            if let a = ue.amfKey, byAMF[a] == slot { byAMF[a] = nil }
            if let a = ue.targetAMFKey, byAMF[a] == slot { byAMF[a] = nil }
            counts.ues = ues.count
        } else {
            ues[slot] = ue
        }
    }

    /// The results so far; procedures still open count as attempts without an outcome.
    public func finish() -> RunResults {
        var r = results
        r.analysis = AnalysisResults(captures: r.analysis?.captures ?? [], ruleViolations: rules.violations)
        return r
    }

    /// Notes a capture file as analysed.
    public func addCapture(_ name: String) {
        var a = results.analysis ?? AnalysisResults()
        a.captures.append(name)
        results.analysis = a
    }

    // MARK: UEs

    private func ue(for ids: UEIdentifiers, code: Int, kind: NGAPPDU.MessageKind, association: NGAssociation, capture: String?,
                    frame: Int) -> Int {
        let ranKey = ids.ranUENGAPID.map { RANKey(association: association, ranID: $0) }
        let amfKey = ids.amfUENGAPID.map { AMFKey(amf: association.amf, amfID: $0) }
        if code == Int(ProcedureCode.initialUEMessage.rawValue), let ranKey, let old = byRAN[ranKey] {
            rules.fire(.ranIDReused, capture: capture, frame: frame,
                       "Initial UE Message with RAN UE NGAP ID \(ranKey.ranID), in use by UE \(ues[old]?.number ?? 0)")
            if var stale = ues[old] {
                forget(ranKey, of: &stale)
                ues[old] = stale
            }
        }
        var slot = ranKey.flatMap { byRAN[$0] }
        if slot == nil, let amfKey { slot = byAMF[amfKey] }
        var handoverTarget = false
        if slot == nil, let amfKey, ranKey == nil, kind == .initiatingMessage,
           code == Int(ProcedureCode.handoverResourceAllocation.rawValue) {
            // A Handover Request with an AMF UE NGAP ID of its own: the oldest Handover Required at that AMF.
            var queue = pendingHandovers[amfKey.amf] ?? []
            while let first = queue.first, slot == nil {
                queue.removeFirst()
                if ues[first]?.isOpen("handover", key: 0) != nil { slot = first; handoverTarget = true }
            }
            pendingHandovers[amfKey.amf] = queue.isEmpty ? nil : queue
        }
        let found = slot ?? nextUE
        if slot == nil {
            nextUE += 1
            ues[found] = UEState(number: found)
            counts.peakUEs = max(counts.peakUEs, ues.count)
        }
        guard var ue = ues[found] else { return found }
        if let ranKey, byRAN[ranKey] == nil {
            byRAN[ranKey] = found
            ue.ranKeys.append(ranKey)
        }
        if let amfKey, handoverTarget {
            ue.targetAMFKey = amfKey
            byAMF[amfKey] = found
        } else if let amfKey, amfKey != ue.targetAMFKey {
            if let known = ue.amfKey, known != amfKey {
                rules.fire(.amfIDChanged, capture: capture, frame: frame,
                           "AMF UE NGAP ID \(amfKey.amfID) for \(ue.label), which had \(known.amfID)")
                if byAMF[known] == found { byAMF[known] = nil }
            }
            ue.amfKey = amfKey
            byAMF[amfKey] = found
        }
        ues[found] = ue
        counts.ues = ues.count
        return found
    }

    private func forget(_ key: RANKey, of ue: inout UEState) {
        ue.ranKeys.removeAll { $0 == key }
        byRAN[key] = nil
    }

    // MARK: Procedures

    private func start(_ name: String, key: Int, message: Int, ue: inout UEState, time: Timestamp, frame: Int) {
        results.recordAttempt(ProcedureName(rawValue: name), at: time)
        ue.open.append(OpenProcedure(name: name, key: key, start: time, startFrame: frame, startMessage: message))
    }

    private func succeed(_ p: OpenProcedure, time: Timestamp) {
        results.recordSuccess(ProcedureName(rawValue: p.name), at: time,
                              latencyMicroseconds: UInt64(max(0, time.microseconds - p.start.microseconds)))
    }

    private func fail(_ p: OpenProcedure, cause: String, ue: inout UEState, time: Timestamp) {
        results.recordFailure(ProcedureName(rawValue: p.name), at: time, cause: cause)
        guard !ue.failureLogged else { return }
        ue.failureLogged = true
        var ladder = ue.ladder
        if !ladder.isEmpty { ladder[ladder.count - 1].flagged = true }
        results.failures.add(UEFailure(ue: ue.label, procedure: p.name, reason: cause, time: time, ladder: ladder,
                                       ladderOmitted: ue.ladderOmitted))
    }

    private func nas(_ e: NASProcedureEvent, ue: inout UEState, uplink: Bool, time: Timestamp, capture: String?, frame: Int) {
        let type = Int(e.messageType.rawValue)
        if let c = e.selectedCiphering { ue.nullCiphering = c == 0 }
        let key = Int(e.pduSessionID)
        switch e.step {
        case .start:
            if let running = ue.isOpen(e.procedure, key: key) {
                if running.startMessage == type {
                    rules.fire(.retransmission, capture: capture, frame: frame,
                               "\(e.messageType) again for \(ue.label) (first in frame \(running.startFrame))")
                }
                return
            }
            start(e.procedure, key: key, message: type, ue: &ue, time: time, frame: frame)
        case .success, .failure:
            if type == 0x42 {
                if ue.awaitingRegistrationComplete && ue.isOpen(e.procedure, key: key) == nil {
                    rules.fire(.retransmission, capture: capture, frame: frame, "Registration accept again for \(ue.label) (T3550)")
                    return
                }
                ue.awaitingRegistrationComplete = true
            }
            let p = ue.close(e.procedure, key: key)
            if let p {
                if e.step == .success { succeed(p, time: time) } else { fail(p, cause: e.cause ?? "\(e.messageType)", ue: &ue, time: time) }
            } else if type != 0x58 {
                // An Authentication Reject may follow an Authentication Failure that already ended the procedure
                // (TS 24.501 §5.4.1.3.7), so only other answers are out of place.
                rules.fire(.nasWrongState, capture: capture, frame: frame,
                           "\(e.messageType) for \(ue.label) with no \(e.procedure.replacingUnderscores) running")
            }
            // Authentication Reject and Security Mode Reject end the registration or service request they were
            // part of (TS 24.501 §5.4.1.3.5, §5.4.2.5).
            if type == 0x58 || type == 0x5F {
                for outer in ["registration", "service_request"] {
                    if let o = ue.close(outer, key: 0) { fail(o, cause: e.cause ?? "\(e.messageType)", ue: &ue, time: time) }
                }
            }
        case .complete:
            ue.awaitingRegistrationComplete = false
        }
    }

    /// `nas.count-monotonic`: within a security context the sequence number of each direction increases
    /// (modulo 256). A Security Mode Command starts a context; a Registration or Service Request may come
    /// under an older one (TS 24.501 §4.4.6), so it restarts the uplink count.
    private func checkSequence(_ sn: UInt8, type: NASMessageType?, ue: inout UEState, uplink: Bool, capture: String?, frame: Int) {
        switch type?.rawValue {
        case 0x5D:
            ue.lastSequence = (nil, sn)
            return
        case 0x41, 0x4C, 0x4F:
            ue.lastSequence.up = sn
            return
        default:
            break
        }
        let last = uplink ? ue.lastSequence.up : ue.lastSequence.down
        if let last {
            let step = sn &- last
            if step == 0 || step > 128 {
                rules.fire(.nasCount, capture: capture, frame: frame,
                           "\(uplink ? "uplink" : "downlink") NAS sequence number \(sn) after \(last) for \(ue.label)")
            }
        }
        if uplink { ue.lastSequence.up = sn } else { ue.lastSequence.down = sn }
    }

    private func ngap(_ pdu: NGAPPDU, code: Int, ue: inout UEState, time: Timestamp, frame: Int) {
        let message = 0x1000 + code
        switch pdu.messageKind {
        case .initiatingMessage:
            if code == Int(ProcedureCode.handoverPreparation.rawValue) {
                start("handover", key: 0, message: message, ue: &ue, time: time, frame: frame)
            } else if code == Int(ProcedureCode.handoverNotification.rawValue) {
                if let p = ue.close("handover", key: 0) { succeed(p, time: time) }
            } else if code == Int(ProcedureCode.handoverCancel.rawValue) {
                if let p = ue.close("handover", key: 0) { fail(p, cause: "Handover Cancel", ue: &ue, time: time) }
            } else if code == Int(ProcedureCode.errorIndication.rawValue) {
                let p = OpenProcedure(name: "error_indication", key: 0, start: time, startFrame: frame, startMessage: message)
                results.recordAttempt("error_indication", at: time)
                fail(p, cause: "Error Indication", ue: &ue, time: time)
            }
            guard let name = Self.class1Name(code) else { return }
            if ue.isOpen(name, key: code) != nil { return }
            start(name, key: code, message: message, ue: &ue, time: time, frame: frame)
        case .successfulOutcome, .unsuccessfulOutcome:
            guard let name = Self.class1Name(code), let p = ue.close(name, key: code) else { return }
            if pdu.messageKind == .successfulOutcome {
                succeed(p, time: time)
            } else {
                fail(p, cause: pdu.messageName, ue: &ue, time: time)
                if code == Int(ProcedureCode.handoverPreparation.rawValue), let h = ue.close("handover", key: 0) {
                    fail(h, cause: pdu.messageName, ue: &ue, time: time)
                }
            }
        case .unknown:
            return
        }
    }

    private func nonUEMessage(_ pdu: NGAPPDU, code: Int, association: NGAssociation, time: Timestamp, frame: Int) {
        if code == Int(ProcedureCode.paging.rawValue) {
            results.recordAttempt("paging", at: time)
            return
        }
        var scratch = UEState(number: 0)
        if code == Int(ProcedureCode.errorIndication.rawValue) {
            results.recordAttempt("error_indication", at: time)
            results.recordFailure("error_indication", at: time, cause: "Error Indication")
            return
        }
        guard let name = Self.class1Name(code) else { return }
        scratch.open = nonUE[association] ?? []
        switch pdu.messageKind {
        case .initiatingMessage:
            if scratch.isOpen(name, key: code) == nil {
                start(name, key: code, message: 0x1000 + code, ue: &scratch, time: time, frame: frame)
            }
        case .successfulOutcome:
            if let p = scratch.close(name, key: code) { succeed(p, time: time) }
        case .unsuccessfulOutcome:
            if let p = scratch.close(name, key: code) {
                results.recordFailure(ProcedureName(rawValue: p.name), at: time, cause: pdu.messageName)
            }
        case .unknown:
            break
        }
        nonUE[association] = scratch.open.isEmpty ? nil : scratch.open
    }

    // MARK: Names

    /// The class-1 elementary procedures (TS 38.413 §8.1, table 8.1-1) that the analysis times.
    static let class1: Set<Int> = [0, 10, 12, 13, 14, 20, 21, 25, 26, 27, 28, 29, 32, 35, 40, 41, 43, 51, 58, 59, 60]

    static func class1Name(_ code: Int) -> String? {
        guard class1.contains(code), code < names.count else { return nil }
        return names[code]
    }

    /// `NGSetup` → `ng_setup`, `PDUSessionResourceSetup` → `pdu_session_resource_setup`; Path Switch Request is
    /// the Xn handover (TS 38.413 §8.4.4).
    static func procedureName(code: Int) -> String? {
        if code == 25 { return "xn_handover" }
        guard let text = ProcedureCode(rawValue: .init(code)).asn1Name else { return nil }
        return snakeCase(text.hasPrefix("id-") ? String(text.dropFirst(3)) : text)
    }

    static func snakeCase(_ name: String) -> String {
        let c = Array(name)
        var out = ""
        for i in c.indices {
            let ch = c[i]
            if ch.isUppercase && i > 0 {
                let prevLower = c[i - 1].isLowercase || c[i - 1].isNumber
                let nextLower = i + 1 < c.count && c[i + 1].isLowercase
                if prevLower || (c[i - 1].isUppercase && nextLower) { out.append("_") }
            }
            out.append(contentsOf: ch.lowercased())
        }
        return out
    }

    static func timestamp(_ t: CaptureTimestamp) -> Timestamp {
        Timestamp(microseconds: t.seconds &* 1_000_000 &+ Int64(t.nanoseconds / 1000))
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
