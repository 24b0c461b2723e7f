import ASN1PER
import CoreEmulator
import FiveGSecurity
import NAS5GS
import NASSecurity
import NGAP

/// Errors of the scripted peers: something the core sent that the script did not expect.
struct ScriptError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A UE written from the specifications and the codecs alone (not `Simulation`): it builds the uplink NAS and
/// checks the downlink NAS of a registration, PDU session and deregistration.
struct ScriptedUE {
    let imsi: String
    let plmn: NAS5GS.PLMNIdentity
    var aka: FiveGAKAUE
    let capability: UESecurityCapability
    var security: NASSecurityContext?
    var kamf: [UInt8] = []
    var ngKSI: UInt8 = 7
    var guti: FiveGGUTI?
    var ueAddress: [UInt8] = []
    let servingNetworkName: String

    init(imsi: String, k: [UInt8], opc: [UInt8], mcc: String = "001", mnc: String = "01", ea: UInt8 = 0xF0, ia: UInt8 = 0x70) throws {
        self.imsi = imsi
        plmn = NAS5GS.PLMNIdentity(mcc: mcc, mnc: mnc)
        aka = FiveGAKAUE(milenage: try Milenage(k: k, opc: opc))
        capability = UESecurityCapability(ea: ea, ia: ia)
        servingNetworkName = try ServingNetworkName.make(mcc: mcc, mnc: mnc)
    }

    func encoded(_ m: NASMessage) -> [UInt8] {
        var out: [UInt8] = []
        m.nasEncode(into: &out)
        return out
    }

    /// The initial Registration Request: cleartext IEs only (TS 24.501 §4.4.6), SUCI null scheme.
    func registrationRequest(extraNonCleartext: Bool = false) -> [UInt8] {
        let msin = String(imsi.dropFirst(3 + plmn.mnc.count))
        var r = RegistrationRequest(ngKSI: .noKeyAvailable, registrationType: RegistrationType(followOnRequest: true, value: RegistrationType.initial),
                                    mobileIdentity: .suci(.null(plmn: plmn, msin: msin)))
        r.ueSecurityCapability = capability
        if extraNonCleartext { r.requestedNSSAI = NSSAI([SNSSAI(sst: 1)]) }
        return encoded(.registrationRequest(r))
    }

    /// An initial Registration Request with a SUCI concealed by ECIES (Profile A = scheme 1, B = 2).
    func registrationRequest(scheme: UInt8, keyID: UInt8, homeNetworkPublicKey: [UInt8]) throws -> [UInt8] {
        let input = try SUCI.schemeInput(imsi: imsi, mncLength: plmn.mnc.count)
        let output = try SUCI.conceal(schemeInput: input, scheme: ProtectionScheme(rawValue: scheme), homeNetworkPublicKey: homeNetworkPublicKey)
        let suci = NAS5GS.SUCI(firstOctet: 0x01, value: .imsi(NAS5GS.SUCI.IMSIForm(plmn: plmn, routingIndicator: (0xF0, 0xFF), protectionSchemeOctet: scheme,
                                                                                  homeNetworkPublicKeyID: keyID, schemeOutput: output[...])))
        var r = RegistrationRequest(ngKSI: .noKeyAvailable, registrationType: RegistrationType(followOnRequest: true, value: RegistrationType.initial),
                                    mobileIdentity: .suci(suci))
        r.ueSecurityCapability = capability
        return encoded(.registrationRequest(r))
    }

    /// The full request for the Security Mode Complete's NAS message container.
    func fullRegistrationRequest() -> [UInt8] {
        let msin = String(imsi.dropFirst(3 + plmn.mnc.count))
        var r = RegistrationRequest(ngKSI: .noKeyAvailable, registrationType: RegistrationType(followOnRequest: true, value: RegistrationType.initial),
                                    mobileIdentity: .suci(.null(plmn: plmn, msin: msin)))
        r.ueSecurityCapability = capability
        r.requestedNSSAI = NSSAI([SNSSAI(sst: 1)])
        return encoded(.registrationRequest(r))
    }

    /// Reads a downlink NAS-PDU: plain before security, verified and deciphered after.
    mutating func read(_ pdu: [UInt8]) throws -> NASMessage {
        if let sec = security {
            var s = sec
            switch try s.receive(pdu) {
            case .integrityOK(let m, _):
                security = s
                return m
            case .notProtected(let m): return m
            case .integrityFailed(let f): throw ScriptError("downlink NAS integrity failed: \(f)")
            case .undecodable(let e, _): throw ScriptError("downlink NAS undecodable: \(e)")
            }
        }
        if try NASSecurityHeader.read(pdu[...]) != nil { throw ScriptError("protected downlink NAS before security") }
        return try NASMessage(nasEncoded: pdu[...])
    }

    /// Answers an Authentication Request with RES* (or AUTS / a failure) and derives KAMF.
    mutating func answerAuthentication(_ m: AuthenticationRequest, wrongRES: Bool = false) throws -> [UInt8] {
        guard let rand = m.rand, let autn = m.autn else { throw ScriptError("Authentication Request without RAND/AUTN") }
        switch try aka.authenticate(rand: Array(rand.bytes), autn: Array(autn.bytes), servingNetworkName: servingNetworkName) {
        case .success(let r):
            kamf = try KeyHierarchy.kamf(kseaf: r.kseaf, supi: try SUPI("imsi-" + imsi))
            ngKSI = m.ngKSI.value
            var res = r.resStar
            if wrongRES { res[0] ^= 0xFF }
            return encoded(.authenticationResponse(AuthenticationResponse(authenticationResponseParameter: AuthenticationResponseParameter(bytes: res[...]))))
        case .synchFailure(let auts):
            return encoded(.authenticationFailure(AuthenticationFailure(cause: .synchFailure,
                                                                        authenticationFailureParameter: AuthenticationFailureParameter(bytes: auts[...]))))
        case .macFailure, .separationBitNotSet:
            return encoded(.authenticationFailure(AuthenticationFailure(cause: .macFailure)))
        }
    }

    /// Takes the algorithms of a Security Mode Command and answers with a Security Mode Complete protected with
    /// the new context (header type 4), carrying the full request when RINMR is set.
    mutating func answerSecurityMode(_ m: SecurityModeCommand, protectedBytes: [UInt8], corruptMAC: Bool = false) throws -> [UInt8] {
        let ia = IntegrityAlgorithm(rawValue: m.selectedNASSecurityAlgorithms.integrity)
        let ea = CipheringAlgorithm(rawValue: m.selectedNASSecurityAlgorithms.ciphering)
        if security == nil || security?.integrityAlgorithm != ia || security?.cipheringAlgorithm != ea {
            var ctx = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
            var copy = protectedBytes
            guard case .verified = try ctx.unprotect(&copy) else { throw ScriptError("Security Mode Command MAC does not verify") }
            security = ctx
        }
        let rinmr = (m.additional5GSecurityInformation?.bytes.first ?? 0) & 0x02 != 0
        let complete = SecurityModeComplete(
            imeisv: m.imeisvRequest?.nibble == 1 ? .imeisv(IMEI(digits: "3534900698733019", type: 5)) : nil,
            nasMessageContainer: rinmr ? NASMessageContainer(bytes: fullRegistrationRequest()[...]) : nil)
        guard var sec = security else { throw ScriptError("no context") }
        var out = try sec.protect(encoded(.securityModeComplete(complete)), headerType: .integrityProtectedAndCipheredWithNewContext)
        if corruptMAC { out[3] ^= 0x55 } else { security = sec }
        return out
    }

    /// A protected uplink message with the current context.
    mutating func protect(_ m: NASMessage) throws -> [UInt8] {
        guard var sec = security else { throw ScriptError("no security context") }
        defer { security = sec }
        return try sec.protect(encoded(m), headerType: .integrityProtectedAndCiphered)
    }

    /// A PDU Session Establishment Request in a UL NAS Transport.
    mutating func pduSessionEstablishment(psi: UInt8, dnn: String) throws -> [UInt8] {
        let req = PDUSessionEstablishmentRequest(pduSessionID: psi, pti: 1, integrityProtectionMaximumDataRate: IntegrityProtectionMaximumDataRate(bytes: [0xFF, 0xFF]),
                                                 pduSessionType: .ipv4)
        let ul = ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(bytes: encoded(.pduSessionEstablishmentRequest(req))[...]),
                                pduSessionID: PDUSessionIdentity(psi), requestType: RequestType(nibble: 1), sNSSAI: SNSSAI(sst: 1), dnn: DNN(dnn))
        return try protect(.ulnasTransport(ul))
    }

    /// Service Request (TS 24.501 §8.2.16) with the 5G-S-TMSI, integrity protected only (an initial message).
    mutating func serviceRequest(uplinkData psis: [Int]) throws -> [UInt8] {
        guard let guti, var sec = security else { throw ScriptError("no GUTI or context") }
        defer { security = sec }
        let m = ServiceRequest(serviceType: ServiceType(nibble: psis.isEmpty ? 0 : 1), ngKSI: NASKeySetIdentifier(value: ngKSI),
                               sTMSI: .sTMSI(FiveGSTMSI(amfSetID: guti.amfSetID, amfPointer: guti.amfPointer, tmsi: guti.tmsi)),
                               uplinkDataStatus: psis.isEmpty ? nil : PDUSessionStatus(psis: psis))
        return try sec.protect(encoded(.serviceRequest(m)), headerType: .integrityProtected)
    }

    /// A 5GSM message in a UL NAS Transport, protected.
    mutating func sessionMessage(psi: UInt8, _ sm: NASMessage) throws -> [UInt8] {
        let ul = ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(bytes: encoded(sm)[...]),
                                pduSessionID: PDUSessionIdentity(psi))
        return try protect(.ulnasTransport(ul))
    }

    /// The 5GSM message inside a downlink NAS-PDU's DL NAS Transport.
    mutating func readSession(_ pdu: [UInt8]) throws -> NASMessage {
        guard case .dlnasTransport(let dl) = try read(pdu) else { throw ScriptError("not a DL NAS Transport") }
        return try NASMessage(nasEncoded: dl.payloadContainer.bytes)
    }

    /// Deregistration Request (UE originating, not switch-off), protected.
    mutating func deregistration() throws -> [UInt8] {
        guard let guti else { throw ScriptError("no GUTI") }
        return try protect(.deregistrationRequestUEOriginating(DeregistrationRequestUEOriginating(
            ngKSI: NASKeySetIdentifier(value: ngKSI), deregistrationType: DeregistrationType(switchOff: false, accessType: 1), mobileIdentity: .guti(guti))))
    }
}

extension ScriptedUE {
    /// Answers an EAP-AKA' challenge (identity: the IMSI's digits) and derives KAMF from the peer's KAUSF.
    mutating func answerEAP(_ m: AuthenticationRequest) throws -> [UInt8] {
        guard let eap = m.eapMessage else { throw ScriptError("Authentication Request without an EAP message") }
        var peer = EAPAKAPrimePeer(usim: aka, identity: Array(imsi.utf8))
        guard case .response(let bytes, _, let kausf) = try peer.respond(toChallenge: Array(eap.bytes), servingNetworkName: servingNetworkName) else {
            throw ScriptError("the peer refused the EAP-AKA' challenge")
        }
        aka = peer.usim
        kamf = try KeyHierarchy.kamf(kseaf: try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: servingNetworkName), supi: try SUPI("imsi-" + imsi))
        ngKSI = m.ngKSI.value
        return encoded(.authenticationResponse(AuthenticationResponse(eapMessage: EAPMessage(bytes: bytes[...]))))
    }
}
