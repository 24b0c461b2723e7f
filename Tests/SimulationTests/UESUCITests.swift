import FiveGSecurity
import NAS5GS
import Simulation
import Testing

@Suite("UE: SUCI with ECIES Profile A and B (TS 33.501 Annex C)")
struct UESUCITests {
    @Test("the Registration Request's SUCI de-conceals at the home network to the MSIN; each SUCI is fresh",
          arguments: [ProtectionScheme.profileA, .profileB])
    func profile(_ scheme: ProtectionScheme) throws {
        let homePrivate = [UInt8](repeating: 0x11, count: 32)
        let homePublic = try ECIES.publicKey(scheme: scheme, privateKey: homePrivate)
        let seed = [UInt8](repeating: 0x42, count: 32)
        let protection: SUCIProtection = scheme == .profileA
            ? .profileA(homeNetworkPublicKey: homePublic, keyID: 3, ephemeralKeys: .derived(seed: seed))
            : .profileB(homeNetworkPublicKey: homePublic, keyID: 3, ephemeralKeys: .derived(seed: seed))
        var outputs: [[UInt8]] = []
        for _ in 0..<2 {
            var ue = UEDriver(try UETestCore.configuration(suci: protection))
            let a = ue.command(.register(.initial))
            #expect(a.deviations.isEmpty)
            guard case .registrationRequest(let r) = try NASMessage(nasEncoded: try a.single().nasPDU[...]),
                  case .suci(let suci) = r.mobileIdentity, case .imsi(let form) = suci.value else { Issue.record("no SUCI"); return }
            #expect(form.protectionSchemeID == scheme.rawValue)
            #expect(form.homeNetworkPublicKeyID == 3)
            #expect(form.msin == nil, "the MSIN is not in clear")
            let outcome = try FiveGSecurity.SUCI.deconceal(schemeOutput: Array(form.schemeOutput), scheme: scheme, homeNetworkPrivateKey: homePrivate)
            #expect(outcome == .schemeInput(try FiveGSecurity.SUCI.schemeInput(imsi: "001010000000001", mncLength: 2)))
            outputs.append(Array(form.schemeOutput))
            // The same UE asked for its SUCI again conceals it with a new ephemeral key.
            guard case .identityResponse(let id) = try NASMessage(nasEncoded: try ue.receive(IdentityRequest(identityType: IdentityType(nibble: 1)).nasEncoded).single().nasPDU[...]),
                  case .suci(let again) = id.mobileIdentity, case .imsi(let second) = again.value else { Issue.record("no second SUCI"); return }
            #expect(Array(second.schemeOutput) != Array(form.schemeOutput))
        }
        // A new UE value starts its SUCI count again: with derived ephemeral keys the same run gives the same bytes.
        #expect(outputs[0] == outputs[1])
    }
}

@Suite("UE: SUCI of an NAI SUPI (TS 23.003 §28.7.3)")
struct UENAISUCITests {
    @Test("a SUPI of type NAI gives an NAI-form SUCI with the null scheme")
    func naiNull() throws {
        var configuration = try UETestCore.configuration()
        configuration.supi = try SUPI("nai-user17@example.org")
        var ue = UEDriver(configuration)
        let a = ue.command(.register(.initial))
        guard case .registrationRequest(let r) = try NASMessage(nasEncoded: try a.single().nasPDU[...]),
              case .suci(let suci) = r.mobileIdentity, case .nai(let text) = suci.value else { Issue.record("no NAI SUCI"); return }
        #expect(String(decoding: Array(text), as: UTF8.self) == "type1.rid0.schid0.useriduser17@example.org")
    }
}
