/// EAP-AKA' for 5G (TS 33.501 §6.1.3.1, RFC 9048): the AUSF (server) and the UE (peer).

/// What the server keeps between its Challenge and the peer's Response.
public struct EAPAKAPrimeChallenge: Hashable, Sendable {
    /// The encoded EAP-Request/AKA'-Challenge to send.
    public var request: [UInt8]
    public var identifier: UInt8
    public var xres: [UInt8]
    public var keys: EAPAKAPrimeKeys
}

/// The server's verdict on a peer's response.
public enum EAPAKAPrimeServerOutcome: Hashable, Sendable {
    /// AT_MAC and AT_RES verified: send EAP-Success; KAUSF = EMSK's first 256 bits.
    case success(kausf: [UInt8])
    /// The peer reported a synchronisation failure with AUTS (RFC 4187 §9.6).
    case synchronizationFailure(auts: [UInt8])
    /// The peer rejected AUTN (RFC 4187 §9.5).
    case authenticationRejected
    /// The peer sent a client error (RFC 4187 §9.7).
    case clientError
    /// AT_MAC is missing or does not verify.
    case macFailure
    /// AT_RES is missing or differs from XRES.
    case resMismatch
}

/// The AUSF side of EAP-AKA'.
public enum EAPAKAPrimeServer {
    /// Builds the EAP-Request/AKA'-Challenge (AT_RAND, AT_AUTN, AT_KDF = 1, AT_KDF_INPUT, AT_MAC) from
    /// a home network vector: RAND, AUTN, XRES, CK', IK' (TS 33.501 §6.1.3.1 steps 1-4).
    public static func makeChallenge(identifier: UInt8, rand: [UInt8], autn: [UInt8], xres: [UInt8],
                                     ckPrime: [UInt8], ikPrime: [UInt8], identity: [UInt8], networkName: String) throws(SecurityError) -> EAPAKAPrimeChallenge {
        try SecurityError.check(rand, 16, "RAND")
        try SecurityError.check(autn, 16, "AUTN")
        let keys = try EAPAKAPrimeKeys.derive(ckPrime: ckPrime, ikPrime: ikPrime, identity: identity)
        let packet = EAPAKAPrimePacket(code: .request, identifier: identifier, subtype: .challenge, attributes: [
            .rand(rand), .autn(autn), .kdf(1), .kdfInput(Array(networkName.utf8)),
        ])
        return EAPAKAPrimeChallenge(request: try packet.encodedWithMAC(kAut: keys.kAut), identifier: identifier, xres: xres, keys: keys)
    }

    /// The home network's vector for EAP-AKA' (TS 33.501 §6.1.3.1 step 1): CK', IK' from CK, IK
    /// with the serving network name and SQN ⊕ AK, then the Challenge.
    public static func makeChallenge(milenage: Milenage, identifier: UInt8, rand: [UInt8], sqn: [UInt8], amf: [UInt8],
                                     identity: [UInt8], servingNetworkName snn: String) throws(SecurityError) -> EAPAKAPrimeChallenge {
        let o = try milenage.compute(rand: rand, sqn: sqn, amf: amf)
        let sqnXorAK = zip(sqn, o.ak).map { $0 ^ $1 }
        let (ckp, ikp) = try KeyHierarchy.ckIKPrime(ck: o.ck, ik: o.ik, accessNetworkIdentity: Array(snn.utf8), sqnXorAK: sqnXorAK)
        return try makeChallenge(identifier: identifier, rand: rand, autn: sqnXorAK + amf + o.macA, xres: o.res,
                                 ckPrime: ckp, ikPrime: ikp, identity: identity, networkName: snn)
    }

    /// Checks the peer's EAP-Response (TS 33.501 §6.1.3.1 step 6, RFC 9048 §3).
    public static func verifyResponse(_ bytes: [UInt8], challenge: EAPAKAPrimeChallenge) throws(SecurityError) -> EAPAKAPrimeServerOutcome {
        let packet = try EAPAKAPrimePacket(bytes: bytes)
        guard packet.code == .response, packet.identifier == challenge.identifier else {
            throw .malformed("not the EAP-Response to identifier \(challenge.identifier)")
        }
        switch packet.subtype {
        case .synchronizationFailure:
            guard case .auts(let auts)? = packet.attribute(4) else { throw .malformed("Synchronization-Failure without AT_AUTS") }
            return .synchronizationFailure(auts: auts)
        case .authenticationReject:
            return .authenticationRejected
        case .clientError:
            return .clientError
        case .challenge:
            guard EAPAKAPrimePacket.macVerifies(bytes, kAut: challenge.keys.kAut) else { return .macFailure }
            guard case .res(let res, let bits)? = packet.attribute(3), bits == challenge.xres.count * 8,
                  constantTimeEqual(res, challenge.xres) else { return .resMismatch }
            return .success(kausf: challenge.keys.kausf)
        default:
            throw .malformed("unexpected EAP-AKA' subtype \(packet.subtype.rawValue)")
        }
    }
}

/// The peer's answer to an EAP-Request/AKA'-Challenge.
public enum EAPAKAPrimePeerOutcome: Hashable, Sendable {
    /// AUTN and AT_MAC verified: send `response` (AT_RES, AT_MAC); KAUSF and the EAP keys are known.
    case response([UInt8], keys: EAPAKAPrimeKeys, kausf: [UInt8])
    /// SQN not fresh: send `response`, an AKA'-Synchronization-Failure with AT_AUTS.
    case synchronizationFailure([UInt8])
    /// AUTN MAC failure or AMF separation bit unset: send `response`, an AKA'-Authentication-Reject.
    case authenticationReject([UInt8])
    /// The request's AT_MAC did not verify, AT_KDF is not 1, or AT_KDF_INPUT names another network:
    /// send `response`, an AKA'-Client-Error (error code 0) (RFC 4187 §6.3.1).
    case clientError([UInt8], reason: String)
}

/// The UE side of EAP-AKA': its USIM state, identity and the serving network name it expects.
public struct EAPAKAPrimePeer: Sendable {
    public var usim: FiveGAKAUE
    /// The identity used in MK (TS 33.501 Annex F: the SUPI for 5G).
    public var identity: [UInt8]

    public init(usim: FiveGAKAUE, identity: [UInt8]) {
        self.usim = usim
        self.identity = identity
    }

    /// Handles an EAP-Request/AKA'-Challenge for the serving network name `snn`.
    public mutating func respond(toChallenge bytes: [UInt8], servingNetworkName snn: String) throws(SecurityError) -> EAPAKAPrimePeerOutcome {
        let request = try EAPAKAPrimePacket(bytes: bytes)
        guard request.code == .request, request.subtype == .challenge else { throw .malformed("not an EAP-Request/AKA'-Challenge") }
        let id = request.identifier
        func reply(_ subtype: EAPAKASubtype, _ attributes: [EAPAKAAttribute]) throws(SecurityError) -> [UInt8] {
            try EAPAKAPrimePacket(code: .response, identifier: id, subtype: subtype, attributes: attributes).encoded()
        }
        guard case .rand(let rand)? = request.attribute(1), case .autn(let autn)? = request.attribute(2) else {
            return .clientError(try reply(.clientError, [.unknown(type: 22, value: [0, 0])]), reason: "AT_RAND or AT_AUTN missing")
        }
        guard case .kdf(1)? = request.attribute(24) else {
            return .clientError(try reply(.clientError, [.unknown(type: 22, value: [0, 0])]), reason: "AT_KDF is not 1")
        }
        guard case .kdfInput(let name)? = request.attribute(23), name == Array(snn.utf8) else {
            return .clientError(try reply(.clientError, [.unknown(type: 22, value: [0, 0])]), reason: "AT_KDF_INPUT is not \(snn)")
        }
        switch try usim.verify(rand: rand, autn: autn) {
        case .macFailure, .separationBitNotSet:
            return .authenticationReject(try reply(.authenticationReject, []))
        case .synchFailure(let auts):
            return .synchronizationFailure(try reply(.synchronizationFailure, [.auts(auts)]))
        case .accepted(let u):
            let (ckp, ikp) = try KeyHierarchy.ckIKPrime(ck: u.ck, ik: u.ik, accessNetworkIdentity: name, sqnXorAK: Array(autn[0..<6]))
            let keys = try EAPAKAPrimeKeys.derive(ckPrime: ckp, ikPrime: ikp, identity: identity)
            guard EAPAKAPrimePacket.macVerifies(bytes, kAut: keys.kAut) else {
                return .clientError(try reply(.clientError, [.unknown(type: 22, value: [0, 0])]), reason: "AT_MAC of the request does not verify")
            }
            let response = try EAPAKAPrimePacket(code: .response, identifier: id, subtype: .challenge,
                                                 attributes: [.res(u.res, bitLength: u.res.count * 8)]).encodedWithMAC(kAut: keys.kAut)
            return .response(response, keys: keys, kausf: keys.kausf)
        }
    }
}
