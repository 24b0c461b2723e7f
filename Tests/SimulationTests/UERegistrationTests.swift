import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation
import Testing

/// A NIA/NEA pair a core may select (NIA0 is refused outside emergency sessions, so it is not among them).
struct UEAlgorithmPair: Sendable, CustomStringConvertible {
    let ia: IntegrityAlgorithm
    let ea: CipheringAlgorithm
    var description: String { "NIA\(ia.rawValue)/NEA\(ea.rawValue)" }
    static let all: [UEAlgorithmPair] = [IntegrityAlgorithm.nia1, .nia2, .nia3].flatMap { i in
        CipheringAlgorithm.allImplemented.map { UEAlgorithmPair(ia: i, ea: $0) }
    }
}

/// Registers a UE with the scripted core: request, 5G AKA, Security Mode Command with `pair`, accept,
/// complete. Returns the driver and the core, both with the new context.
func registeredUE(_ pair: UEAlgorithmPair = UEAlgorithmPair(ia: .nia2, ea: .nea2), index: Int = 0) throws -> (UEDriver, UETestCore) {
    var core = try UETestCore()
    let supi = "imsi-00101" + String(1_000_000_000 + index).dropFirst()
    core.supiText = supi
    var ue = UEDriver(try UETestCore.configuration(supi: supi), index: index)
    _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
    guard case .authenticationResponse(let r) = try core.receive(try ue.receive(try core.authenticationRequest()).single().nasPDU),
          let res = r.authenticationResponseParameter, try core.accept(resStar: Array(res.bytes)) else {
        throw TestFailure("5G AKA failed")
    }
    _ = try core.receive(try ue.receive(try core.securityModeCommand(pair.ia, pair.ea)).single().nasPDU)
    let accept = RegistrationAccept(registrationResult: RegistrationResult(octet: 1), guti: .guti(UETestCore.guti))
    _ = try core.receive(try ue.receive(try core.protect(.registrationAccept(accept))).single().nasPDU)
    guard ue.ue.state == .registered else { throw TestFailure("not registered: \(ue.ue.state)") }
    return (ue, core)
}

@Suite("UE: initial registration with 5G AKA against a scripted core")
struct UERegistrationTests {
    @Test("registers with every NIA/NEA pair the core picks: cleartext request, RES*, SMC, NAS container, IMEISV, COUNTs and MACs",
          arguments: UEAlgorithmPair.all)
    func registration(_ pair: UEAlgorithmPair) throws {
        var core = try UETestCore()
        var ue = UEDriver(try UETestCore.configuration())

        // Registration Request from CM-IDLE: an initial message with only the cleartext IEs (TS 24.501 §4.4.6).
        let a1 = ue.command(.register(.initial))
        let request = try a1.single()
        #expect(request.setup?.cause == .moSignalling)
        #expect(request.setup?.fiveGSTMSI == nil)
        #expect(request.nasPDU[1] == 0, "plain: no security context yet")
        guard case .registrationRequest(let rr) = try core.receive(request.nasPDU) else { Issue.record("not a Registration Request"); return }
        #expect(rr.ngKSI == .noKeyAvailable)
        #expect(rr.requestedNSSAI == nil, "Requested NSSAI is not a cleartext IE")
        #expect(rr.registrationType.nibble & 7 == RegistrationType.initial)
        guard case .suci(let suci) = rr.mobileIdentity, case .imsi(let form) = suci.value else { Issue.record("no SUCI"); return }
        #expect(form.msin == "0000000001")
        #expect(form.plmn == UETestCore.plmn)
        #expect(a1.started.contains(.t3510))
        #expect(ue.ue.state == .registeredInitiated)

        // 5G AKA: the UE's RES* is the core's XRES*.
        let a2 = ue.receive(try core.authenticationRequest())
        guard case .authenticationResponse(let response) = try core.receive(try a2.single().nasPDU),
              let res = response.authenticationResponseParameter else { Issue.record("no Authentication Response"); return }
        #expect(try core.accept(resStar: Array(res.bytes)), "RES* differs from XRES*")
        #expect(a2.deviations.isEmpty)

        // Security Mode Command with the pair: Security Mode Complete under the new context (header type 4, COUNT 0).
        let a3 = ue.receive(try core.securityModeCommand(pair.ia, pair.ea))
        let completePDU = try a3.single().nasPDU
        #expect(completePDU[1] == 4)
        guard case .securityModeComplete(let complete) = try core.receive(completePDU) else { Issue.record("no Security Mode Complete"); return }
        #expect(core.uplinkCounts == [0])
        guard case .imeisv(let imeisv)? = complete.imeisv else { Issue.record("no IMEISV"); return }
        #expect(imeisv == IMEI(digits: "4370816125816151", type: 5))
        let container = try #require(complete.nasMessageContainer, "RINMR asks for the whole Registration Request")
        guard case .registrationRequest(let full) = try NASMessage(nasEncoded: container.bytes) else { Issue.record("container is not a request"); return }
        #expect(full.requestedNSSAI == NSSAI([SNSSAI(sst: 1)]))
        #expect(full.mobileIdentity == rr.mobileIdentity)
        #expect(a3.report(.authentication)?.outcome == .success)
        #expect(ue.ue.securityContext?.integrityAlgorithm == pair.ia)
        #expect(ue.ue.securityContext?.cipheringAlgorithm == pair.ea)

        // Registration Accept with a 5G-GUTI: Registration Complete, COUNT 1.
        let accept = RegistrationAccept(registrationResult: RegistrationResult(octet: 1), guti: .guti(UETestCore.guti),
                                        allowedNSSAI: NSSAI([SNSSAI(sst: 1)]), t3512Value: GPRSTimer3(unit: 5, value: 1))
        let a4 = ue.receive(try core.protect(.registrationAccept(accept)))
        guard case .registrationComplete = try core.receive(try a4.single().nasPDU) else { Issue.record("no Registration Complete"); return }
        #expect(core.uplinkCounts == [0, 1])
        #expect(a4.stopped.contains(.t3510))
        #expect(a4.report(.registration)?.outcome == .success)
        #expect(a4.report(.securityMode)?.outcome == .success)
        #expect(ue.ue.state == .registered)
        #expect(ue.ue.guti == UETestCore.guti)
        #expect(ue.ue.securityContext?.downlinkCount?.value == 1, "downlink COUNTs 0 (SMC) and 1 (accept) used")
        #expect(a4.deviations.isEmpty)
    }

    @Test("an Identity Request before authentication is answered with the SUCI, plain")
    func identityRequest() throws {
        var ue = UEDriver(try UETestCore.configuration())
        _ = ue.command(.register(.initial))
        let a = ue.receive(IdentityRequest(identityType: IdentityType(nibble: 1)).nasEncoded)
        guard case .identityResponse(let r) = try NASMessage(nasEncoded: try a.single().nasPDU[...]) else { Issue.record("no Identity Response"); return }
        guard case .suci = r.mobileIdentity else { Issue.record("not a SUCI: \(r.mobileIdentity)"); return }
        #expect(a.deviations.isEmpty)
    }

    @Test("a Configuration Update Command after Registration Complete: new 5G-GUTI taken, Complete when acknowledgement asked")
    func configurationUpdate() throws {
        var (ue, core) = try registeredUE()
        let newGUTI = FiveGGUTI(plmn: UETestCore.plmn, amfRegionID: 2, amfSetID: 1, amfPointer: 1, tmsi: 0x99)
        let cuc = ConfigurationUpdateCommand(configurationUpdateIndication: ConfigurationUpdateIndication(nibble: 1), guti: .guti(newGUTI))
        let a = ue.receive(try core.protect(.configurationUpdateCommand(cuc)))
        guard case .configurationUpdateComplete = try core.receive(try a.single().nasPDU) else { Issue.record("no Complete"); return }
        #expect(ue.ue.guti == newGUTI)
    }

    @Test("the SMC is refused when it selects NIA0 or replays other UE security capabilities (Security Mode Reject, plain)")
    func securityModeReject() throws {
        for (ia, replayed, cause) in [(IntegrityAlgorithm.nia0, nil, UInt8(24)), (.nia2, UESecurityCapability(ea: 0x80, ia: 0x20), 23)] {
            var core = try UETestCore()
            var ue = UEDriver(try UETestCore.configuration())
            _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
            guard case .authenticationResponse(let r) = try core.receive(try ue.receive(try core.authenticationRequest()).single().nasPDU) else { return }
            _ = try core.accept(resStar: Array(r.authenticationResponseParameter?.bytes ?? []))
            let a = ue.receive(try core.securityModeCommand(ia, .nea0, replayed: replayed))
            let pdu = try a.single().nasPDU
            guard case .securityModeReject(let reject) = try NASMessage(nasEncoded: pdu[...]) else { Issue.record("no Security Mode Reject"); continue }
            #expect(reject.cause.rawValue == cause)
            #expect(!a.deviations.isEmpty)
            #expect(ue.ue.securityContext == nil)
        }
    }
}

@Suite("UE: EAP-AKA' (TS 33.501 §6.1.3.1) against a scripted AUSF")
struct UEEAPAKAPrimeTests {
    @Test("EAP-AKA' challenge answered, EAP-Success in Authentication Result, KAMF from KAUSF: the SMC verifies and registration completes")
    func eapAKAPrime() throws {
        var core = try UETestCore()
        let configuration = try UETestCore.configuration()
        var ue = UEDriver(configuration)
        _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
        let challenge = try EAPAKAPrimeServer.makeChallenge(milenage: core.milenage, identifier: 7, rand: [UInt8](repeating: 0x33, count: 16),
                                                             sqn: [0, 0, 0, 0, 0, 0x40], amf: [0x80, 0], identity: configuration.eapIdentity,
                                                             servingNetworkName: core.servingNetworkName)
        let request = AuthenticationRequest(ngKSI: NASKeySetIdentifier(value: 0), abba: ABBA([0, 0]), eapMessage: EAPMessage(challenge.request))
        let a = ue.receive(request.nasEncoded)
        guard case .authenticationResponse(let response) = try core.receive(try a.single().nasPDU),
              let eap = response.eapMessage else { Issue.record("no EAP response"); return }
        guard case .success(let kausf) = try EAPAKAPrimeServer.verifyResponse(Array(eap.bytes), challenge: challenge) else {
            Issue.record("the AUSF does not accept the EAP response"); return
        }
        let kseaf = try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: core.servingNetworkName)
        core.kamf = try KeyHierarchy.kamf(kseaf: kseaf, supi: configuration.supi, abba: [0, 0])
        let result = AuthenticationResult(ngKSI: NASKeySetIdentifier(value: 0), eapMessage: EAPMessage([3, 7, 0, 4]), abba: ABBA([0, 0]))
        #expect(ue.receive(result.nasEncoded).sent.isEmpty)
        let smc = ue.receive(try core.securityModeCommand(.nia2, .nea2))
        guard case .securityModeComplete = try core.receive(try smc.single().nasPDU) else { Issue.record("no Security Mode Complete"); return }
        #expect(smc.report(.authentication)?.outcome == .success)
        let accept = RegistrationAccept(registrationResult: RegistrationResult(octet: 1), guti: .guti(UETestCore.guti))
        let b = ue.receive(try core.protect(.registrationAccept(accept)))
        guard case .registrationComplete = try core.receive(try b.single().nasPDU) else { Issue.record("no Registration Complete"); return }
        #expect(b.report(.registration)?.outcome == .success)
        #expect(ue.ue.state == .registered)
    }
}

@Suite("UE: registration updating and timers")
struct UERegistrationUpdatingTests {
    @Test("T3512 expiry in CM-IDLE starts a periodic registration with the 5G-GUTI, integrity protected with the next COUNT")
    func periodic() throws {
        var (ue, core) = try registeredUE()
        #expect(ue.released().started.contains(.t3512))
        let a = ue.fire(.t3512)
        let ul = try a.single()
        #expect(ul.setup?.cause == .moSignalling)
        #expect(ul.nasPDU[1] == 1)
        guard case .registrationRequest(let r) = try core.receive(ul.nasPDU) else { Issue.record("no request"); return }
        #expect(r.registrationType.nibble & 7 == RegistrationType.periodicUpdating)
        #expect(r.mobileIdentity == .guti(UETestCore.guti))
        #expect(r.ngKSI == NASKeySetIdentifier(value: 0))
        let b = ue.receive(try core.protect(.registrationAccept(RegistrationAccept(registrationResult: RegistrationResult(octet: 1)))))
        #expect(b.sent.isEmpty, "no new 5G-GUTI: no Registration Complete")
        #expect(b.report(.registration)?.outcome == .success)
    }

    @Test("mobility registration from CM-IDLE carries the full request ciphered in the NAS message container")
    func mobility() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        _ = ue.released()
        let ul = try ue.command(.register(.mobility)).single()
        guard case .registrationRequest(let r) = try core.receive(ul.nasPDU) else { Issue.record("no request"); return }
        #expect(r.registrationType.nibble & 7 == RegistrationType.mobilityUpdating)
        let container = try #require(r.nasMessageContainer)
        var plain = Array(container.bytes)
        let key = try #require(core.context?.cipheringKey)
        let count = try #require(core.uplinkCounts.last)
        try plain.withUnsafeMutableBytes { try key.apply(count: count, bearer: 1, direction: .uplink, $0, bitLength: $0.count * 8) }
        guard case .registrationRequest(let full) = try NASMessage(nasEncoded: plain[...]) else { Issue.record("container is not a request"); return }
        #expect(full.pduSessionStatus?.psiBits == 1 << 1)
    }

    @Test("T3510 expiry aborts the registration, releases the connection and starts T3511; T3511 tries again")
    func t3510() throws {
        var ue = UEDriver(try UETestCore.configuration())
        _ = ue.command(.register(.initial))
        let a = ue.fire(.t3510)
        #expect(a.contains { if case .releaseConnection = $0 { true } else { false } })
        #expect(a.started.contains(.t3511))
        #expect(a.report(.registration)?.outcome == .failure("T3510 expired"))
        let b = ue.fire(.t3511)
        guard case .registrationRequest = try NASMessage(nasEncoded: try b.single().nasPDU[...]) else { Issue.record("no retry"); return }
    }

    @Test("Authentication Reject: the USIM is invalid, the UE is de-registered and registers no more")
    func authenticationReject() throws {
        var core = try UETestCore()
        var ue = UEDriver(try UETestCore.configuration())
        _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
        _ = ue.receive(try core.authenticationRequest())
        let a = ue.receive(AuthenticationReject().nasEncoded)
        #expect(a.report(.registration)?.outcome != .success)
        #expect(ue.ue.usimInvalid)
        #expect(ue.command(.register(.initial)).sent.isEmpty)
    }

    @Test("Registration Reject #22 with T3346: the UE waits and registers again when T3346 expires")
    func congestion() throws {
        var ue = UEDriver(try UETestCore.configuration())
        _ = ue.command(.register(.initial))
        let a = ue.receive(RegistrationReject(cause: FiveGMMCause(22), t3346Value: GPRSTimer2(octet: 0x21)).nasEncoded)
        #expect(a.started.contains(.t3346))
        #expect(ue.ue.state == .deregistered)
        guard case .registrationRequest = try NASMessage(nasEncoded: try ue.fire(.t3346).single().nasPDU[...]) else { Issue.record("no retry"); return }
    }
}

@Suite("UE: authentication failures (TS 24.501 §5.4.1.3.6, TS 33.102 §6.3.3)")
struct UEAuthenticationFailureTests {
    @Test("a stale SQN is answered with synch failure and an AUTS the home network resynchronises from; the fresh challenge is accepted")
    func synchFailure() throws {
        var core = try UETestCore()
        var configuration = try UETestCore.configuration()
        configuration.sqn = SQNFreshness(highestAccepted: 0x1000)
        var ue = UEDriver(configuration)
        _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
        let rand = [UInt8](repeating: 0x21, count: 16)
        let a = ue.receive(try core.authenticationRequest(rand: rand))
        #expect(a.started.contains(.t3520))
        guard case .authenticationFailure(let f) = try core.receive(try a.single().nasPDU), let auts = f.authenticationFailureParameter else {
            Issue.record("no Authentication Failure with AUTS"); return
        }
        #expect(f.cause.rawValue == 21)
        guard case .recovered(let sqnMS) = try FiveGAKANetwork.resynchronise(milenage: core.milenage, rand: rand, auts: Array(auts.bytes)) else {
            Issue.record("MAC-S does not verify"); return
        }
        #expect(sqnMS == 0x1000)
        core.sqn = sqnMS
        let b = ue.receive(try core.authenticationRequest())
        #expect(b.stopped.contains(.t3520))
        guard case .authenticationResponse(let r) = try core.receive(try b.single().nasPDU) else { Issue.record("no response"); return }
        #expect(try core.accept(resStar: Array(r.authenticationResponseParameter?.bytes ?? [])))
    }

    @Test("an AUTN made with another K is answered with MAC failure (#20)")
    func macFailure() throws {
        var core = try UETestCore()
        var configuration = try UETestCore.configuration()
        configuration.k = [UInt8](repeating: 0x01, count: 16)
        var ue = UEDriver(configuration)
        _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
        guard case .authenticationFailure(let f) = try core.receive(try ue.receive(try core.authenticationRequest()).single().nasPDU) else {
            Issue.record("no Authentication Failure"); return
        }
        #expect(f.cause.rawValue == 20)
        #expect(f.authenticationFailureParameter == nil)
    }
}
