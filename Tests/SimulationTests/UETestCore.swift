import Bytes
import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation
import Testing

/// Hex text to bytes for test data (traps on bad test data, which is a test bug).
func hex(_ s: String) -> [UInt8] {
    do { return try Hex.decode(s) } catch { fatalError("bad hex in test data: \(s)") }
}

/// The core side of the UE tests, scripted with NAS5GS, NASSecurity and FiveGSecurity (not the core
/// emulator): the home network's 5G AKA vector, the AMF's checks and its NAS security context. Every
/// uplink message is verified with the network's context, so a wrong key, BEARER, COUNT or DIRECTION in
/// the UE fails here.
struct UETestCore {
    static let k = hex("465b5ce8b199b49faa5f0a2ee238a6bc")
    static let opc = hex("e8ed289deb6b86d3d0a1e66e1e8f85a1")
    static let plmn = PLMNIdentity(mcc: "001", mnc: "01")
    static let supi = "imsi-001010000000001"
    static let guti = FiveGGUTI(plmn: plmn, amfRegionID: 2, amfSetID: 1, amfPointer: 1, tmsi: 0x0000_1234)

    let milenage: Milenage
    let servingNetworkName: String
    /// The subscriber this core serves.
    var supiText = UETestCore.supi
    var sqn: UInt64 = 0x20
    var ksi: UInt8 = 0
    var vector: FiveGAuthenticationVector?
    var abba: [UInt8] = [0, 0]
    var kamf: [UInt8] = []
    var context: NASSecurityContext?
    /// The UE security capability of the last Registration Request (replayed in the SMC).
    var ueCapability = UESecurityCapability(ea: 0xF0, ia: 0x70)
    /// The COUNT of each uplink the context verified, in order.
    var uplinkCounts: [UInt32] = []

    init() throws {
        milenage = try Milenage(k: Self.k, opc: Self.opc)
        servingNetworkName = try ServingNetworkName.make(mcc: "001", mnc: "01")
    }

    static func configuration(suci: SUCIProtection = .null, supi: String = supi) throws -> UEConfiguration {
        UEConfiguration(supi: try SUPI(supi), k: k, operatorKey: .opc(opc), homePLMN: plmn, suciProtection: suci)
    }

    // MARK: Downlink the core builds

    /// Authentication Request with a fresh vector (plain).
    mutating func authenticationRequest(rand: [UInt8] = [UInt8](repeating: 0x5A, count: 16)) throws -> [UInt8] {
        sqn += 32
        let sqnBytes = (0..<6).map { UInt8(truncatingIfNeeded: sqn >> (40 - 8 * UInt64($0))) }
        let v = try FiveGAKANetwork.makeVector(milenage: milenage, rand: rand, sqn: sqnBytes, amf: [0x80, 0x00], servingNetworkName: servingNetworkName)
        vector = v
        return AuthenticationRequest(ngKSI: NASKeySetIdentifier(value: ksi), abba: ABBA(abba),
                                     rand: AuthenticationParameterRAND(v.rand), autn: AuthenticationParameterAUTN(v.autn)).nasEncoded
    }

    /// Checks RES* and, when it matches, derives KAMF.
    mutating func accept(resStar: [UInt8]) throws -> Bool {
        guard let v = vector, FiveGAKANetwork.ausfAccepts(resStar: resStar, vector: v) else { return false }
        kamf = try KeyHierarchy.kamf(kseaf: v.kseaf, supi: try SUPI(supiText), abba: abba)
        return true
    }

    /// Security Mode Command (header type 3) taking a new context with these algorithms into use.
    mutating func securityModeCommand(_ ia: IntegrityAlgorithm, _ ea: CipheringAlgorithm, imeisv: Bool = true, rinmr: Bool = true,
                                      replayed: UESecurityCapability? = nil) throws -> [UInt8] {
        var c = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        let smc = SecurityModeCommand(
            selectedNASSecurityAlgorithms: NASSecurityAlgorithms(ciphering: ea.rawValue, integrity: ia.rawValue),
            ngKSI: NASKeySetIdentifier(value: ksi), replayedUESecurityCapabilities: replayed ?? ueCapability,
            imeisvRequest: imeisv ? IMEISVRequest(nibble: 1) : nil,
            additional5GSecurityInformation: rinmr ? Additional5GSecurityInformation([0x02]) : nil, abba: ABBA(abba))
        var out: [UInt8] = []
        try c.protect(.securityModeCommand(smc), headerType: .integrityProtectedWithNewContext, into: &out)
        context = c
        return out
    }

    /// A downlink message protected (integrity and ciphering) with the current context.
    mutating func protect(_ message: NASMessage) throws -> [UInt8] {
        guard var c = context else { throw TestFailure("no network security context") }
        var out: [UInt8] = []
        try c.protect(message, headerType: .integrityProtectedAndCiphered, into: &out)
        context = c
        return out
    }

    /// A DL NAS Transport carrying a 5GSM message, protected.
    mutating func downlink5GSM(_ sm: NASMessage, psi: UInt8) throws -> [UInt8] {
        try protect(.dlnasTransport(DLNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(sm.nasEncoded),
                                                   pduSessionID: PDUSessionIdentity(psi))))
    }

    // MARK: Uplink the core checks

    /// Verifies (or, before a context, decodes) an uplink message; records its COUNT.
    mutating func receive(_ pdu: [UInt8]) throws -> NASMessage {
        guard var c = context else {
            let m = try NASMessage(nasEncoded: pdu[...])
            if case .registrationRequest(let r) = m, let cap = r.ueSecurityCapability { ueCapability = cap }
            return m
        }
        let outcome = try c.receive(pdu)
        context = c
        switch outcome {
        case .integrityOK(let m, let v):
            uplinkCounts.append(v.count.value)
            return m
        case .notProtected(let m):
            return m
        default:
            throw TestFailure("uplink not accepted: \(outcome)")
        }
    }

    /// The 5GSM message inside a UL NAS Transport.
    static func inner5GSM(_ m: NASMessage) throws -> NASMessage {
        guard case .ulnasTransport(let t) = m else { throw TestFailure("expected UL NAS Transport, got \(m.name)") }
        return try NASMessage(nasEncoded: t.payloadContainer.bytes)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A UE and its clock, keeping the actions of each step.
struct UEDriver {
    var ue: UE
    var now: Duration = .zero
    var actions: [UEAction] = []

    init(_ configuration: UEConfiguration, index: Int = 0) {
        ue = UE(index: UEIndex(index), configuration: configuration)
    }

    mutating func command(_ c: UECommand) -> [UEAction] {
        actions.removeAll()
        ue.command(c, now: now, into: &actions)
        return actions
    }

    mutating func receive(_ pdu: [UInt8]) -> [UEAction] {
        actions.removeAll()
        ue.receive(nasPDU: pdu, now: now, into: &actions)
        return actions
    }

    mutating func fire(_ t: UETimer) -> [UEAction] {
        actions.removeAll()
        ue.timerFired(t, now: now, into: &actions)
        return actions
    }

    mutating func released() -> [UEAction] {
        actions.removeAll()
        ue.connectionReleased(now: now, into: &actions)
        return actions
    }

    mutating func paged() -> [UEAction] {
        actions.removeAll()
        ue.paged(now: now, into: &actions)
        return actions
    }
}

extension Array where Element == UEAction {
    var sent: [UplinkNAS] { compactMap { if case .send(let u) = $0 { u } else { nil } } }
    var deviations: [ProtocolDeviation] { compactMap { if case .deviation(let d) = $0 { d } else { nil } } }
    var reports: [ProcedureReport] { compactMap { if case .procedure(let p) = $0 { p } else { nil } } }
    var sessionEvents: [PDUSessionEvent] { compactMap { if case .pduSession(let e) = $0 { e } else { nil } } }
    var started: [UETimer] { compactMap { if case .startTimer(let t, _) = $0 { t } else { nil } } }
    var stopped: [UETimer] { compactMap { if case .stopTimer(let t) = $0 { t } else { nil } } }

    /// The one uplink message of this step.
    func single() throws -> UplinkNAS {
        let s = sent
        guard s.count == 1 else { throw TestFailure("expected one uplink message, got \(s.count): \(self)") }
        return s[0]
    }

    func report(_ kind: ProcedureKind) -> ProcedureReport? { reports.first { $0.kind == kind } }
}
