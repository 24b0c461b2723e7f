import Bytes
import FiveGSecurity
import NAS5GS
import NASSecurity
import TestSupport
import Testing

/// A capture whose subscriber keys are known (Resources/capture_subscribers.json).
struct CaptureSubscriber: Decodable, Sendable, CustomStringConvertible {
    let capture: String
    let k: String
    let opc: String?
    let op: String?
    let serving_network_name: String
    let expected_replayed: Int
    let expected_without_keys: Int
    let note: String
    var description: String { capture }

    struct File: Decodable { let captures: [CaptureSubscriber] }
    static let all = Resource.load("capture_subscribers", as: File.self).captures
}

/// Replays every NAS-PDU of a capture (in order, from the oracle's `nas_messages.jsonl`) at both ends: each
/// captured 5G AKA is run again from the Authentication Request's RAND and AUTN with the subscriber's K and
/// OPc; each Security Mode Command takes a new context into use on both sides (KAMF → KNASint/KNASenc for the
/// algorithms it selects, COUNTs from zero); every later protected message must then verify (and decipher and
/// decode) with the context of its subscriber, the COUNT estimated from its sequence number, across NGAP
/// connections, service requests and handovers. Subscribers are told apart by their SUCI (null scheme),
/// 5G-GUTI / 5G-S-TMSI and the NGAP UE IDs.
@Suite("Real captures: every NAS MAC verifies after replaying the captured 5G AKA")
struct CaptureReplayTests {
    @Test("every protected NAS message of the capture verifies, deciphers and decodes", arguments: CaptureSubscriber.all)
    func replay(_ subscriber: CaptureSubscriber) throws {
        let all = try OracleNASMessage.shared.get()
        let records = try #require(all[subscriber.capture], "no NAS-PDU of \(subscriber.capture) in the oracle")
        try #require(records.allSatisfy { $0.ngap != nil }, "oracle without NGAP context: run scripts/oracles/run --force")
        var replay = try CaptureReplay(subscriber)
        for r in records { try replay.feed(r) }
        print("NAS replay \(subscriber.capture): \(replay.summary)")
        for line in replay.replayed + replay.withoutKeys { print("  \(subscriber.capture) \(line)") }
        #expect(replay.akaRuns > 0)
        #expect(replay.resStarMismatches.isEmpty, Comment(rawValue: replay.resStarMismatches.prefix(10).joined(separator: "\n")))
        #expect(replay.verified > 0)
        #expect(replay.macMismatches.isEmpty, Comment(rawValue: "\(replay.macMismatches.count) MAC mismatches:\n" + replay.macMismatches.prefix(10).joined(separator: "\n")))
        #expect(replay.undecodable.isEmpty, Comment(rawValue: replay.undecodable.prefix(10).joined(separator: "\n")))
        #expect(replay.replayed.count == subscriber.expected_replayed, Comment(rawValue: replay.replayed.prefix(10).joined(separator: "\n")))
        #expect(replay.withoutKeys.count == subscriber.expected_without_keys, Comment(rawValue: replay.withoutKeys.prefix(10).joined(separator: "\n")))
        if subscriber.capture == "oai-ueransim-nea1.pcap" {
            #expect(replay.decipheredWith[.nea1, default: 0] >= 5, "every NEA1 message deciphers into a decodable message")
        }
    }
}

/// The replay of one capture: subscribers, their keys and contexts, and what was seen.
struct CaptureReplay {
    struct Subscriber {
        var kamf: [UInt8]?
        var expectedResStar: [UInt8]?
        var ue: NASSecurityContext?
        var network: NASSecurityContext?
    }

    let milenage: Milenage
    let servingNetworkName: String
    var subscribers: [String: Subscriber] = [:]
    var byConnection: [String: String] = [:]
    var byAMFUEID: [Int: String] = [:]
    var byTMSI: [String: String] = [:]

    var akaRuns = 0, verified = 0, plain = 0, skipped = 0
    var decipheredWith: [CipheringAlgorithm: Int] = [:]
    var resStarMismatches: [String] = [], macMismatches: [String] = [], replayed: [String] = []
    var withoutKeys: [String] = [], undecodable: [String] = []

    init(_ s: CaptureSubscriber) throws {
        if let opc = s.opc { milenage = try Milenage(k: hex(s.k), opc: hex(opc)) } else { milenage = try Milenage(k: hex(s.k), op: hex(s.op ?? "")) }
        servingNetworkName = s.serving_network_name
    }

    var summary: String {
        "\(akaRuns) AKA, \(verified) protected messages verified (\(decipheredWith.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) deciphered), "
            + "\(plain) plain, \(replayed.count) replayed, \(withoutKeys.count) without keys, \(macMismatches.count) MAC mismatches, \(skipped) skipped"
    }

    static let options = NASDecodingOptions(tolerant: true)

    mutating func feed(_ r: OracleNASMessage) throws {
        guard let n = r.ngap, let code = n.procedureCode else { return }
        // NAS Non Delivery Indication (11) and Reroute NAS Request (37) carry copies of messages already seen.
        if code == 11 || code == 37 { skipped += 1; return }
        let uplink = code == 15 || code == 46
        let gnb = uplink ? "\(n.src ?? "?"):\(n.sport ?? 0)" : "\(n.dst ?? "?"):\(n.dport ?? 0)"
        let connection = n.ranUeNgapId.map { "\(gnb)#\($0)" }
        let label = "frame \(r.frame) #\(r.index) \(uplink ? "UL" : "DL")"
        var pdu = hex(r.hex)
        let header = try? NASSecurityHeader.read(pdu[...])

        // Who is it? A readable initial message names the subscriber; otherwise the NGAP UE IDs do.
        if uplink, let named = identity(pdu, header: header) { bind(named, connection: connection, amf: n.amfUeNgapId) }
        let supi = connection.flatMap { byConnection[$0] } ?? n.amfUeNgapId.flatMap { byAMFUEID[$0] }
        if let s = supi { bind(s, connection: connection, amf: n.amfUeNgapId) }

        guard let header else {
            plain += 1
            if let s = supi, let m = try? NASMessage(nasEncoded: pdu[...], options: Self.options) { try plainMessage(m, supi: s, label: label) }
            return
        }
        if header.headerType == .integrityProtectedWithNewContext, !uplink {
            // Security Mode Command: its inner message is not ciphered; it selects the algorithms of the new context.
            guard let s = supi, case .securityModeCommand(let smc)? = try? NASMessage(nasEncoded: pdu[7...], options: Self.options) else {
                withoutKeys.append("\(label): Security Mode Command of an unknown subscriber"); return
            }
            guard let kamf = subscribers[s]?.kamf else {
                subscribers[s]?.ue = nil; subscribers[s]?.network = nil
                withoutKeys.append("\(label): Security Mode Command without a 5G AKA in the capture (\(s))"); return
            }
            let ia = IntegrityAlgorithm(rawValue: smc.selectedNASSecurityAlgorithms.integrity)
            let ea = CipheringAlgorithm(rawValue: smc.selectedNASSecurityAlgorithms.ciphering)
            subscribers[s, default: Subscriber()].ue = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
            subscribers[s, default: Subscriber()].network = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        }
        guard let s = supi, var context = uplink ? subscribers[s]?.network : subscribers[s]?.ue else {
            withoutKeys.append("\(label): no security context (subscriber \(supi ?? "unknown"))"); return
        }
        let outcome = try context.receive(&pdu, options: Self.options)
        if uplink { subscribers[s]?.network = context } else { subscribers[s]?.ue = context }
        switch outcome {
        case .integrityOK(let m, let v):
            verified += 1
            if v.headerType.isCiphered { decipheredWith[context.cipheringAlgorithm, default: 0] += 1 }
            try plainMessage(m, supi: s, label: label)
        case .integrityFailed(.replayed(let count)):
            replayed.append("\(label): \(s) replayed \(count)")
        case .integrityFailed(let failure):
            macMismatches.append("\(label): \(s): \(failure)")
        case .undecodable(let error, _):
            undecodable.append("\(label): \(error)")
        case .notProtected:
            plain += 1
        }
    }

    /// A plain (or verified and deciphered) message: AKA, identities to learn.
    mutating func plainMessage(_ m: NASMessage, supi s: String, label: String) throws {
        switch m {
        case .authenticationRequest(let a):
            guard let rand = a.rand, let autn = a.autn else { return }
            akaRuns += 1
            var usim = FiveGAKAUE(milenage: milenage)
            guard case .success(let result) = try usim.authenticate(rand: Array(rand.bytes), autn: Array(autn.bytes), servingNetworkName: servingNetworkName) else {
                subscribers[s, default: Subscriber()].expectedResStar = nil
                return  // the captured UE rejects it too (MAC or synch failure cases)
            }
            let kamf = try KeyHierarchy.kamf(kseaf: result.kseaf, supi: .imsi(s), abba: Array(a.abba.bytes))
            subscribers[s, default: Subscriber()].kamf = kamf
            subscribers[s, default: Subscriber()].expectedResStar = result.resStar
        case .authenticationResponse(let a):
            if let res = a.authenticationResponseParameter, let expected = subscribers[s]?.expectedResStar, Array(res.bytes) != expected {
                resStarMismatches.append("\(label): RES* \(Hex.encode(Array(res.bytes))) vs ours \(Hex.encode(expected))")
            }
        case .registrationAccept(let a):
            if let g = a.guti { learn(g, supi: s) }
        case .configurationUpdateCommand(let c):
            if let g = c.guti { learn(g, supi: s) }
        default:
            break
        }
    }

    mutating func learn(_ identity: MobileIdentity, supi: String) {
        if let key = Self.tmsiKey(identity) { byTMSI[key] = supi }
    }

    mutating func bind(_ supi: String, connection: String?, amf: Int?) {
        if let c = connection { byConnection[c] = supi }
        if let a = amf { byAMFUEID[a] = supi }
    }

    /// The subscriber an uplink message names, when it can be read without keys.
    func identity(_ pdu: [UInt8], header: NASSecurityHeader?) -> String? {
        if let h = header, h.headerType.isCiphered { return nil }
        guard let m = try? NASMessage(nasEncoded: pdu[(header == nil ? 0 : 7)...], options: Self.options) else { return nil }
        let id: MobileIdentity
        switch m {
        case .registrationRequest(let r): id = r.mobileIdentity
        case .identityResponse(let r): id = r.mobileIdentity
        case .serviceRequest(let r): id = r.sTMSI
        case .deregistrationRequestUEOriginating(let r): id = r.mobileIdentity
        default: return nil
        }
        if case .suci(let suci) = id, case .imsi(let form) = suci.value, let msin = form.msin {
            return form.plmn.mcc + form.plmn.mnc + msin
        }
        return Self.tmsiKey(id).flatMap { byTMSI[$0] }
    }

    /// AMF set, AMF pointer and 5G-TMSI: what a 5G-GUTI and a 5G-S-TMSI share.
    static func tmsiKey(_ identity: MobileIdentity) -> String? {
        switch identity {
        case .guti(let g): "\(g.amfSetID)-\(g.amfPointer)-\(g.tmsi)"
        case .sTMSI(let t): "\(t.amfSetID)-\(t.amfPointer)-\(t.tmsi)"
        default: nil
        }
    }
}
