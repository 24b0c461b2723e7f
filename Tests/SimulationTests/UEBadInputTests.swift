import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation
import Testing

@Suite("UE: bad downlink input is a protocol deviation, never a crash")
struct UEBadInputTests {
    static let accept = NASMessage.registrationAccept(RegistrationAccept(registrationResult: RegistrationResult(octet: 1), guti: .guti(UETestCore.guti)))

    /// A UE between Security Mode Complete and Registration Accept, and its core.
    func securedUE() throws -> (UEDriver, UETestCore) {
        var core = try UETestCore()
        var ue = UEDriver(try UETestCore.configuration())
        _ = try core.receive(try ue.command(.register(.initial)).single().nasPDU)
        guard case .authenticationResponse(let r) = try core.receive(try ue.receive(try core.authenticationRequest()).single().nasPDU) else {
            throw TestFailure("no response")
        }
        _ = try core.accept(resStar: Array(r.authenticationResponseParameter?.bytes ?? []))
        _ = try core.receive(try ue.receive(try core.securityModeCommand(.nia2, .nea2)).single().nasPDU)
        return (ue, core)
    }

    @Test("a wrong MAC is discarded (macFailure) without using its COUNT; the genuine message is then accepted")
    func wrongMAC() throws {
        var (ue, core) = try securedUE()
        let good = try core.protect(Self.accept)
        var bad = good
        bad[3] ^= 0x01
        let a = ue.receive(bad)
        #expect(a.deviations.map(\.kind) == ["macFailure"])
        #expect(a.sent.isEmpty)
        #expect(ue.ue.state == .registeredInitiated)
        let b = ue.receive(good)
        #expect(b.deviations.isEmpty)
        #expect(ue.ue.state == .registered)
    }

    @Test("a replayed message is discarded (replayed)")
    func replayed() throws {
        var (ue, core) = try securedUE()
        let good = try core.protect(Self.accept)
        _ = ue.receive(good)
        let again = ue.receive(good)
        #expect(again.deviations.map(\.kind) == ["replayed"])
        #expect(again.sent.isEmpty)
    }

    @Test("an unknown message type is reported and answered with 5GMM STATUS #97")
    func unknownType() throws {
        var (ue, core) = try securedUE()
        var out: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0x7E, 0x00, 0xEE]
        try out.withUnsafeMutableBytes { raw in
            var c = core.context!
            try c.protect(inPlace: raw, headerType: .integrityProtectedAndCiphered)
            core.context = c
        }
        let a = ue.receive(out)
        #expect(!a.deviations.isEmpty)
        guard case .fiveGMMStatus(let s) = try core.receive(try a.single().nasPDU) else { Issue.record("no STATUS"); return }
        #expect(s.cause.rawValue == 97)
    }

    @Test("a plain message that must be protected (Registration Accept) is discarded")
    func notProtected() throws {
        var (ue, _) = try securedUE()
        let a = ue.receive(Self.accept.nasEncoded)
        #expect(a.deviations.map(\.kind) == ["notIntegrityProtected"])
        #expect(ue.ue.state == .registeredInitiated)
    }

    @Test("truncated messages at every length are deviations, never a crash", arguments: [false, true])
    func truncated(_ protected: Bool) throws {
        var (ue, core) = try securedUE()
        var other = try UETestCore()
        let full = protected ? try core.protect(Self.accept) : try other.authenticationRequest()
        for n in 0..<full.count {
            var probe = ue
            let a = probe.receive(Array(full.prefix(n)))
            #expect(!a.deviations.isEmpty, "length \(n): \(a)")
            #expect(probe.ue.state == .registeredInitiated)
        }
        _ = ue
    }

    @Test("random corruption of downlink messages is survived, before Registration Accept and with a PDU session (bounded, seeded)",
          arguments: [false, true])
    func corruption(_ withSession: Bool) throws {
        var (ue, core) = try securedUE()
        if withSession {
            (ue, core) = try registeredUE()
            try establish(&ue, &core)
        }
        var seeds = SplitMix(seed: 0x5EED)
        var messages: [[UInt8]] = []
        for m: NASMessage in [Self.accept, .configurationUpdateCommand(ConfigurationUpdateCommand()),
                              .deregistrationRequestUETerminated(DeregistrationRequestUETerminated(deregistrationType: DeregistrationType(nibble: 1))),
                              .dlnasTransport(DLNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer([0x2E, 1, 1, 0xC2, 0x11, 0, 9, 1, 0, 6, 0x31, 0x31, 1, 1, 0xFF, 9]))),
                              .serviceAccept(ServiceAccept())] {
            messages.append(m.nasEncoded)
            messages.append(try core.protect(m))
        }
        let accept = PDUSessionEstablishmentAccept(pduSessionID: 1, pti: 1, selectedSSCMode: SSCMode(nibble: 1), selectedPDUSessionType: .ipv4v6,
                                                   authorizedQoSRules: defaultRules, sessionAMBR: ambr,
                                                   pduAddress: PDUAddress(octet1: 3, addressBytes: [0, 0, 0, 0, 0, 0, 0, 7, 10, 60, 0, 2]))
        for sm: NASMessage in [.pduSessionEstablishmentAccept(accept),
                               .pduSessionModificationCommand(PDUSessionModificationCommand(pduSessionID: 1, pti: 0, sessionAMBR: ambr, authorizedQoSRules: defaultRules)),
                               .pduSessionReleaseCommand(PDUSessionReleaseCommand(pduSessionID: 1, pti: 0, cause: FiveGSMCause(36)))] {
            messages.append(try core.downlink5GSM(sm, psi: 1))
        }
        for _ in 0..<2_000 {
            var pdu = messages[Int(seeds.next() % UInt64(messages.count))]
            for _ in 0..<(1 + seeds.next() % 4) where !pdu.isEmpty {
                pdu[Int(seeds.next() % UInt64(pdu.count))] = UInt8(truncatingIfNeeded: seeds.next())
            }
            var probe = ue
            _ = probe.receive(pdu)
        }
        _ = ue.receive([])
    }
}

/// A small deterministic generator for the corruption test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
