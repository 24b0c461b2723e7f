import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation

/// Replays the core side of a capture to simulated UEs, one per subscriber of the capture.
///
/// Downlink NAS goes to the subscriber's UE as captured (the real core's bytes, MACs and COUNTs). Where the
/// real UE starts a procedure (Registration, Service or Deregistration Request, a 5GSM request) the UE gets
/// the matching command (with the real UE's PSI and PTI); its answers and requests are then compared, in
/// order, with the real UE's uplink: same message types (5GMM and, inside UL NAS Transport, 5GSM), same
/// security header type, same NAS COUNT. The UE's protected uplink is verified with a network-side context
/// the test derives on its own from the subscriber's keys (Milenage → KAMF → KNASint/KNASenc), so a MAC the
/// real core would reject fails here. Subscribers are told apart by the SUCI of their first request, then
/// by the NGAP UE IDs and by the 5G-GUTI their UE was given.
struct UECaptureReplay {
    struct Subscriber {
        var driver: UEDriver
        /// KAMF of the last 5G AKA in the capture, derived by the test.
        var kamf: [UInt8]?
        /// Verifies the real UE's uplink (captured) and our UE's uplink: two network-side contexts.
        var captured: NASSecurityContext?
        var ours: NASSecurityContext?
        /// Our UE's uplink messages not yet matched with a captured one.
        var pending: [UplinkNAS] = []
        /// RAND of the last captured Authentication Request (for an AUTS the real UE sends).
        var lastRAND: [UInt8] = []
    }

    let milenage: Milenage
    let k: [UInt8]
    let operatorKey: DerivedKeySet.OperatorKey
    let servingPLMN: PLMNIdentity
    let servingNetworkName: String
    var subscribers: [String: Subscriber] = [:]
    /// SQN_MS of the real UEs' USIMs, where the capture shows it (an AUTS): a second replay starts from it.
    var sqnMS: [String: UInt64]
    /// SQN_MS learned in this replay from a synchronisation failure the real UE sent and ours did not.
    var learnedSQN: [String: UInt64] = [:]
    /// How many times a subscriber's UE was started anew; SQN_MS is known per start ("supi#n").
    var generation: [String: Int] = [:]
    var byConnection: [String: String] = [:]
    var byAMFUEID: [Int64: String] = [:]

    /// Downlink messages our UEs took (and the uplink matched).
    var downlinkAccepted = 0, uplinkMatched = 0
    /// What went wrong, one line each with the frame.
    var mismatches: [String] = []
    var deviations: [String] = []
    /// Messages of UEs the replay cannot tell (see the capture's note).
    var unattributed: [String] = []

    init(k: [UInt8], operatorKey: DerivedKeySet.OperatorKey, servingPLMN: PLMNIdentity, sqnMS: [String: UInt64] = [:]) throws {
        self.k = k
        self.sqnMS = sqnMS
        self.operatorKey = operatorKey
        switch operatorKey {
        case .opc(let opc): milenage = try Milenage(k: k, opc: opc)
        case .op(let op): milenage = try Milenage(k: k, op: op)
        }
        self.servingPLMN = servingPLMN
        servingNetworkName = try ServingNetworkName.make(mcc: servingPLMN.mcc, mnc: servingPLMN.mnc)
    }

    /// Events of connections not yet attributed (an initial message with a 5G-GUTI the capture never
    /// assigned), kept until an Identity Response names the subscriber.
    var waiting: [String: [UECaptureEvent]] = [:]

    mutating func feed(_ e: UECaptureEvent) throws {
        let connection = e.ranUEID.map { "\(e.gnb)#\($0)" }
        if e.kind != .release, who(connection, e.amfUEID) == nil, let connection {
            var named: String?
            if e.kind == .uplink { for pdu in e.nasPDUs where named == nil { named = try subscriberNamed(in: pdu) } }
            if e.initial, named == nil {
                waiting[connection] = [e]
                return
            }
            if let buffered = waiting[connection] {
                guard let s = named else { waiting[connection]?.append(e); return }
                // The real UE registered with an unknown 5G-GUTI and was asked for its SUCI: a fresh UE holding that 5G-GUTI.
                waiting[connection] = nil
                var first = buffered
                let initial = first.removeFirst()
                if var sub = subscribers[s] {
                    for extra in sub.pending { mismatches.append("frame \(initial.frame) \(s): our UE sent \(name(extra, &sub)) that the real UE did not") }
                }
                guard let pdu = initial.nasPDUs.first else { return }
                if subscribers[s] != nil { generation[s, default: 0] += 1 }
                subscribers[s] = Subscriber(driver: UEDriver(try configuration(s, pdu)))
                byConnection[connection] = s
                var replayInitial = initial
                replayInitial.initial = false
                for b in [replayInitial] + first + [e] { try feed(b) }
                return
            }
        }
        switch e.kind {
        case .release:
            guard let s = who(connection, e.amfUEID), var sub = subscribers[s] else { return }
            sub.driver.now = e.time
            for extra in sub.pending { mismatches.append("frame \(e.frame) \(s): our UE sent \(name(extra, &sub)) that the real UE did not") }
            sub.pending.removeAll()
            let actions = sub.driver.released()
            sub.pending += actions.sent
            subscribers[s] = sub
        case .downlink:
            for pdu in e.nasPDUs {
                guard let s = who(connection, e.amfUEID), var sub = subscribers[s] else {
                    unattributed.append("frame \(e.frame) DL: unknown UE"); continue
                }
                sub.driver.now = e.time
                try learnKeys(pdu, &sub)
                let actions = sub.driver.receive(pdu)
                for d in actions.deviations { deviations.append("frame \(e.frame) \(s): \(d.kind) \(d.message)") }
                if actions.deviations.isEmpty { downlinkAccepted += 1 }
                sub.pending += actions.sent
                subscribers[s] = sub
            }
        case .uplink:
            for pdu in e.nasPDUs {
                var s = who(connection, e.amfUEID)
                if s == nil, let named = try subscriberNamed(in: pdu) { s = named }
                guard let s else { unattributed.append("frame \(e.frame) UL: unknown UE"); continue }
                if let connection { byConnection[connection] = s }
                if let amf = e.amfUEID { byAMFUEID[amf] = s }
                try uplink(pdu, subscriber: s, frame: e.frame, time: e.time, initial: e.initial)
            }
        }
        if let connection, let amf = e.amfUEID, let s = byConnection[connection] { byAMFUEID[amf] = s }
    }

    /// Our UEs' messages that the real UEs never sent are mismatches.
    mutating func finish() {
        for (c, events) in waiting.sorted(by: { $0.key < $1.key }) {
            for e in events { unattributed.append("frame \(e.frame) \(e.kind) on \(c): a UE the capture never names") }
        }
        waiting.removeAll()
        for s in subscribers.keys.sorted() {
            guard var sub = subscribers[s] else { continue }
            for extra in sub.pending { mismatches.append("end \(s): our UE sent \(name(extra, &sub)) that the real UE did not") }
            sub.pending.removeAll()
            subscribers[s] = sub
        }
    }

    func who(_ connection: String?, _ amf: Int64?) -> String? {
        connection.flatMap { byConnection[$0] } ?? amf.flatMap { byAMFUEID[$0] }
    }

    /// A captured uplink message: start the procedure in our UE if the real UE started one, then compare.
    mutating func uplink(_ pdu: [UInt8], subscriber s: String, frame: Int, time: Duration, initial: Bool) throws {
        var sub = try subscribers[s] ?? Subscriber(driver: UEDriver(configuration(s, pdu)))
        sub.driver.now = time
        defer { subscribers[s] = sub }
        if initial {
            // A new connection: the UE was in CM-IDLE. An initial registration with a SUCI is a UE that kept
            // nothing (switched on anew; test tools start a new UE per test case): a fresh UE.
            for extra in sub.pending { mismatches.append("frame \(frame) \(s): our UE sent \(name(extra, &sub)) that the real UE did not") }
            sub.pending.removeAll()
            if Self.isInitialRegistrationWithSUCI(pdu), subscribers[s] != nil {
                generation[s, default: 0] += 1
                sub = Subscriber(driver: UEDriver(try configuration(s, pdu)))
                sub.driver.now = time
            } else if sub.driver.ue.isConnected {
                sub.pending += sub.driver.released().sent
            }
        }
        var real = pdu
        let realHeader = try NASSecurityHeader.read(real[...])
        let realMessage: NASMessage?
        var realCount: UInt32?
        var verified: NASReceiveOutcome?
        if realHeader != nil, var c = sub.captured {
            verified = try c.receive(&real, options: .init(tolerant: true))
            if case .integrityOK = verified { sub.captured = c }
        }
        if case .integrityFailed(.replayed(let count))? = verified, let c = sub.captured {
            // The real UE used a COUNT again (a quirk of the capture): read it with that COUNT to know what it was.
            var again = NASSecurityContext(role: .network, integrityKey: c.integrityKey, cipheringKey: c.cipheringKey, nextUplinkCount: count)
            real = pdu
            if case .integrityOK(let m, let v) = try again.receive(&real, options: .init(tolerant: true)) {
                verified = .integrityOK(m, v)
            }
        }
        if case .integrityOK(let m, let v)? = verified {
            realMessage = m
            realCount = v.count.value
        } else if realHeader == nil || realHeader?.headerType.isCiphered == false {
            realMessage = try? NASMessage(nasEncoded: real[(realHeader == nil ? 0 : 7)...], options: .init(tolerant: true))
        } else {
            realMessage = nil
        }
        guard let realMessage else {
            mismatches.append("frame \(frame) \(s): the real UE's uplink does not verify or decode with the test's keys")
            return
        }
        if sub.pending.isEmpty { start(realMessage, &sub) }
        guard !sub.pending.isEmpty else {
            mismatches.append("frame \(frame) \(s): the real UE sent \(Self.describe(realMessage)), our UE nothing")
            return
        }
        let ours = sub.pending.removeFirst()
        var mine = ours.nasPDU
        let myHeader = try NASSecurityHeader.read(mine[...])
        let myMessage: NASMessage
        var myCount: UInt32?
        if myHeader != nil {
            guard var c = sub.ours else { mismatches.append("frame \(frame) \(s): our UE protected a message before any SMC"); return }
            guard case .integrityOK(let m, let v) = try c.receive(&mine) else {
                mismatches.append("frame \(frame) \(s): our UE's \(myHeader!.headerType) uplink does not verify with the network's keys")
                return
            }
            sub.ours = c
            myMessage = m
            myCount = v.count.value
        } else {
            myMessage = try NASMessage(nasEncoded: mine[...])
        }
        if case .authenticationFailure(let f) = realMessage, f.cause.rawValue == 21, let auts = f.authenticationFailureParameter,
           case .authenticationResponse = myMessage, !sub.lastRAND.isEmpty,
           case .recovered(let ms) = try FiveGAKANetwork.resynchronise(milenage: milenage, rand: sub.lastRAND, auts: Array(auts.bytes)) {
            learnedSQN["\(s)#\(generation[s, default: 0])"] = ms
        }
        let want = Self.describe(realMessage), got = Self.describe(myMessage)
        if want != got {
            mismatches.append("frame \(frame) \(s): the real UE sent \(want), our UE \(got)")
        } else if realHeader?.headerType != myHeader?.headerType {
            mismatches.append("frame \(frame) \(s): \(want) with security header type \(realHeader?.headerType.rawValue ?? 0), ours \(myHeader?.headerType.rawValue ?? 0)")
        } else if realCount != nil, realCount != myCount {
            mismatches.append("frame \(frame) \(s): \(want) with uplink COUNT \(realCount!), ours \(myCount.map(String.init) ?? "none")")
        } else {
            uplinkMatched += 1
        }
    }

    /// Gives our UE the command that makes it send what the real UE started with.
    mutating func start(_ m: NASMessage, _ sub: inout Subscriber) {
        let actions: [UEAction]
        switch m {
        case .registrationRequest(let r):
            let kinds: [UInt8: RegistrationKind] = [1: .initial, 2: .mobility, 3: .periodic]
            actions = sub.driver.command(.register(kinds[r.registrationType.nibble & 7] ?? .initial))
        case .serviceRequest(let r):
            switch r.serviceType.nibble {
            case 2: actions = sub.driver.paged()
            case 1: actions = sub.driver.command(.serviceRequest(uplinkDataPending: sub.driver.ue.activeSessions.map(\.id)))
            default: actions = sub.driver.command(.serviceRequest(uplinkDataPending: []))
            }
        case .deregistrationRequestUEOriginating(let r):
            actions = sub.driver.command(.deregister(switchOff: r.deregistrationType.switchOff))
        case .ulnasTransport(let t):
            guard let sm = try? NASMessage(nasEncoded: t.payloadContainer.bytes, options: .init(tolerant: true)) else { return }
            switch sm {
            case .pduSessionEstablishmentRequest(let r):
                actions = sub.driver.command(.establishPDUSession(PDUSessionRequest(
                    id: r.pduSessionID, type: r.pduSessionType ?? .ipv4, dnn: t.dnn?.name, sNSSAI: t.sNSSAI, sscMode: r.sscMode?.nibble, pti: r.pti)))
            case .pduSessionModificationRequest(let r):
                actions = sub.driver.command(.modifyPDUSession(PDUSessionModificationRequestParameters(id: r.pduSessionID, pti: r.pti)))
            case .pduSessionReleaseRequest(let r):
                actions = sub.driver.command(.releasePDUSession(id: r.pduSessionID, pti: r.pti))
            default: return
            }
        default:
            return
        }
        sub.pending += actions.sent
        for d in actions.deviations { deviations.append("\(d.kind) \(d.message)") }
    }

    /// The test's own 5G AKA and SMC bookkeeping, independent of the UE: KAMF from the captured challenge,
    /// the network-side contexts from the captured Security Mode Command.
    func learnKeys(_ pdu: [UInt8], _ sub: inout Subscriber) throws {
        let header = try NASSecurityHeader.read(pdu[...])
        let plain = header == nil ? pdu[...] : pdu[7...]
        if header == nil, case .authenticationRequest(let a)? = try? NASMessage(nasEncoded: plain, options: .init(tolerant: true)),
           let rand = a.rand, let autn = a.autn {
            sub.lastRAND = Array(rand.bytes)
            var usim = FiveGAKAUE(milenage: milenage)
            if case .success(let r) = try usim.authenticate(rand: Array(rand.bytes), autn: Array(autn.bytes), servingNetworkName: servingNetworkName) {
                sub.kamf = try KeyHierarchy.kamf(kseaf: r.kseaf, supi: sub.driver.ue.configuration.supi, abba: Array(a.abba.bytes))
            }
        }
        if header?.headerType == .integrityProtectedWithNewContext, let kamf = sub.kamf,
           case .securityModeCommand(let smc)? = try? NASMessage(nasEncoded: plain, options: .init(tolerant: true)) {
            let ia = IntegrityAlgorithm(rawValue: smc.selectedNASSecurityAlgorithms.integrity)
            let ea = CipheringAlgorithm(rawValue: smc.selectedNASSecurityAlgorithms.ciphering)
            sub.captured = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
            sub.ours = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        }
    }

    /// The UE configuration of a subscriber first seen in `pdu` (its Registration Request).
    func configuration(_ supi: String, _ pdu: [UInt8]) throws -> UEConfiguration {
        var home = servingPLMN
        var capability = UESecurityCapability(ea: 0xF0, ia: 0x70)
        var followOn = true
        var stored: FiveGGUTI?
        let header = try NASSecurityHeader.read(pdu[...])
        if header?.headerType.isCiphered != true,
           case .registrationRequest(let r)? = try? NASMessage(nasEncoded: pdu[(header == nil ? 0 : 7)...], options: .init(tolerant: true)) {
            if case .suci(let suci) = r.mobileIdentity, case .imsi(let form) = suci.value { home = form.plmn }
            if case .guti(let g) = r.mobileIdentity { stored = g }
            if let c = r.ueSecurityCapability { capability = c }
            followOn = r.registrationType.nibble & 8 != 0
        }
        return UEConfiguration(supi: try SUPI("imsi-" + supi), k: k, operatorKey: operatorKey, homePLMN: home, servingPLMN: servingPLMN,
                               sqn: SQNFreshness(highestAccepted: sqnMS["\(supi)#\(generation[supi, default: 0])"] ?? 0), securityCapabilities: capability, storedGUTI: stored,
                               followOnRequest: followOn)
    }

    /// The IMSI digits a readable initial message names (SUCI, or a 5G-GUTI / 5G-S-TMSI our UEs were given).
    func subscriberNamed(in pdu: [UInt8]) throws -> String? {
        let header = try NASSecurityHeader.read(pdu[...])
        guard header?.headerType.isCiphered != true,
              let m = try? NASMessage(nasEncoded: pdu[(header == nil ? 0 : 7)...], options: .init(tolerant: true)) else { return nil }
        let id: MobileIdentity
        switch m {
        case .registrationRequest(let r): id = r.mobileIdentity
        case .serviceRequest(let r): id = r.sTMSI
        case .deregistrationRequestUEOriginating(let r): id = r.mobileIdentity
        case .identityResponse(let r): id = r.mobileIdentity
        default: return nil
        }
        if case .suci(let suci) = id, case .imsi(let form) = suci.value, let msin = form.msin { return form.plmn.mcc + form.plmn.mnc + msin }
        guard let key = Self.tmsiKey(id) else { return nil }
        return subscribers.first { Self.tmsiKey($0.value.driver.ue.guti.map { .guti($0) }) == key }?.key
    }

    /// An initial registration (registration type 1) naming the UE by a SUCI.
    static func isInitialRegistrationWithSUCI(_ pdu: [UInt8]) -> Bool {
        let header: NASSecurityHeader?
        do { header = try NASSecurityHeader.read(pdu[...]) } catch { return false }
        guard header?.headerType.isCiphered != true,
              case .registrationRequest(let r)? = try? NASMessage(nasEncoded: pdu[(header == nil ? 0 : 7)...], options: .init(tolerant: true)),
              r.registrationType.nibble & 7 == RegistrationType.initial, case .suci = r.mobileIdentity else { return false }
        return true
    }

    static func tmsiKey(_ identity: MobileIdentity?) -> String? {
        switch identity {
        case .guti(let g)?: "\(g.amfSetID)-\(g.amfPointer)-\(g.tmsi)"
        case .sTMSI(let t)?: "\(t.amfSetID)-\(t.amfPointer)-\(t.tmsi)"
        default: nil
        }
    }

    /// The message type, and the 5GSM type inside a UL NAS Transport.
    static func describe(_ m: NASMessage) -> String {
        if case .ulnasTransport(let t) = m, let sm = try? NASMessage(nasEncoded: t.payloadContainer.bytes, options: .init(tolerant: true)) {
            return "UL NAS Transport(\(sm.name))"
        }
        return m.name
    }

    /// What our UE's message is, read with a copy of the network-side context (its COUNT is not used).
    func name(_ u: UplinkNAS, _ sub: inout Subscriber) -> String {
        var copy = sub.ours
        if let outcome = try? copy?.receive(u.nasPDU, options: .init(tolerant: true)) {
            if case .integrityOK(let m, _) = outcome { return Self.describe(m) }
            if case .notProtected(let m) = outcome { return Self.describe(m) }
        }
        if let m = try? NASMessage(nasEncoded: u.nasPDU[...]) { return Self.describe(m) }
        return "an unreadable message"
    }
}
