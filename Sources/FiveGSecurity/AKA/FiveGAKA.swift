import Crypto

/// 5G AKA (TS 33.501 §6.1.3.2): the home network's authentication vector, the UE's AUTN check
/// with its three outcomes, the serving and home network's RES* checks, and resynchronisation.

/// A 5G home environment authentication vector plus the serving network's view of it
/// (TS 33.501 §6.1.3.2.0 steps 1-5).
public struct FiveGAuthenticationVector: Hashable, Sendable {
    public var rand: [UInt8]
    /// AUTN = (SQN ⊕ AK) || AMF || MAC-A.
    public var autn: [UInt8]
    /// XRES* (A.4), kept by the AUSF.
    public var xresStar: [UInt8]
    /// HXRES* (A.5), given to the SEAF.
    public var hxresStar: [UInt8]
    /// KAUSF (A.2).
    public var kausf: [UInt8]
    /// KSEAF (A.6), released to the SEAF after a successful confirmation.
    public var kseaf: [UInt8]
    /// The SQN this vector used.
    public var sqn: UInt64
}

/// Outcome of the UE's AUTN check (TS 33.102 §6.3.3, TS 33.501 §6.1.3.2.0 step 7).
public enum UEAuthenticationOutcome: Hashable, Sendable {
    /// AUTN verified; the UE answers with RES*.
    case success(UEAuthenticationResult)
    /// MAC-A did not verify: Authentication Failure, 5GMM cause #20 "MAC failure".
    case macFailure
    /// The SQN was not fresh: Authentication Failure, 5GMM cause #21 "synch failure" with AUTS.
    case synchFailure(auts: [UInt8])
    /// The AMF separation bit was 0: cause #26 "non-5G authentication unacceptable" (TS 33.501 §6.1.3.2.0).
    case separationBitNotSet
}

/// What the UE (USIM and ME) computed from an accepted challenge.
public struct UEAuthenticationResult: Hashable, Sendable {
    public var res: [UInt8]
    public var resStar: [UInt8]
    public var ck: [UInt8]
    public var ik: [UInt8]
    public var ak: [UInt8]
    public var sqn: UInt64
    public var kausf: [UInt8]
    public var kseaf: [UInt8]
}

/// What the USIM returns for an accepted challenge.
public struct USIMResult: Hashable, Sendable {
    public var res: [UInt8]
    public var ck: [UInt8]
    public var ik: [UInt8]
    public var ak: [UInt8]
    public var sqn: UInt64
}

/// Outcome of the USIM's AUTN check (TS 33.102 §6.3.3), shared by 5G AKA and EAP-AKA'.
public enum AUTNVerification: Hashable, Sendable {
    case accepted(USIMResult)
    case macFailure
    case synchFailure(auts: [UInt8])
    case separationBitNotSet
}

/// The USIM's outputs as integers: RES (64 bits), CK, IK, AK (48 bits) and the accepted SQN.
@usableFromInline
struct USIMValues {
    var res: UInt64, ck: Block128, ik: Block128, ak: UInt64, sqn: UInt64
}

/// The USIM's AUTN check with its outputs as integers.
@usableFromInline
enum USIMCheck {
    case accepted(USIMValues)
    case macFailure
    case synchFailure(auts: [UInt8])
    case separationBitNotSet
}

/// The home network's outcome of an AUTS (TS 33.102 §6.3.5).
public enum ResynchronisationOutcome: Hashable, Sendable {
    /// MAC-S verified; SQN_MS is the UE's highest accepted SQN. The next vector must use a larger SQN.
    case recovered(sqnMS: UInt64)
    /// MAC-S did not verify: the AUTS is rejected.
    case macSFailure
}

/// UE side of 5G AKA: the USIM's MILENAGE and SQN state plus the ME's key derivations.
public struct FiveGAKAUE: Sendable {
    public let milenage: Milenage
    public var sqn: SQNFreshness
    /// Whether to insist on the AMF separation bit (TS 33.501 §6.1.3.2.0); on by default.
    public var requireSeparationBit = true

    public init(milenage: Milenage, sqn: SQNFreshness = SQNFreshness()) {
        self.milenage = milenage
        self.sqn = sqn
    }

    /// The USIM's part (TS 33.102 §6.3.3): checks AUTN for RAND and, if MAC-A verifies, the AMF
    /// separation bit is set and SQN is fresh, returns RES, CK, IK and AK and records SQN as accepted.
    public mutating func verify(rand: [UInt8], autn: [UInt8]) throws(SecurityError) -> AUTNVerification {
        switch try check(rand: try Block128(rand, "RAND"), autn: autn) {
        case .macFailure: return .macFailure
        case .separationBitNotSet: return .separationBitNotSet
        case .synchFailure(let auts): return .synchFailure(auts: auts)
        case .accepted(let u):
            return .accepted(USIMResult(res: Bytes.be(u.res, 8), ck: u.ck.bytes, ik: u.ik.bytes, ak: Bytes.be(u.ak, 6), sqn: u.sqn))
        }
    }

    /// `verify` with the USIM's outputs kept as integers, for the ME's derivations.
    @usableFromInline
    mutating func check(rand r: Block128, autn: [UInt8]) throws(SecurityError) -> USIMCheck {
        try SecurityError.check(autn, 16, "AUTN")
        let temp = try milenage.temp(r)
        let o2 = try milenage.out(temp, rotation: Milenage.r.1, constant: 1)
        let ak = o2.hi >> 16
        let received = Bytes.uint(autn[0..<6]) ^ ak
        let amf = UInt16(autn[6]) << 8 | UInt16(autn[7])
        let macA = try milenage.out1(temp, sqn: received, amf: amf).hi
        guard macA == Bytes.uint(autn[8..<16]) else { return .macFailure }
        if requireSeparationBit && amf & 0x8000 == 0 { return .separationBitNotSet }
        guard sqn.isFresh(received) else { return .synchFailure(auts: try makeAUTS(rand: r)) }
        sqn.accept(received)
        let o3 = try milenage.out(temp, rotation: Milenage.r.2, constant: 2)
        let o4 = try milenage.out(temp, rotation: Milenage.r.3, constant: 4)
        return .accepted(USIMValues(res: o2.lo, ck: o3, ik: o4, ak: ak, sqn: received))
    }

    /// Checks AUTN for RAND and, if it verifies and SQN is fresh, derives RES*, KAUSF and KSEAF
    /// for the serving network name (TS 33.501 §6.1.3.2.0 step 7).
    public mutating func authenticate(rand: [UInt8], autn: [UInt8], servingNetworkName snn: String) throws(SecurityError) -> UEAuthenticationOutcome {
        let r = try Block128(rand, "RAND")
        switch try check(rand: r, autn: autn) {
        case .macFailure: return .macFailure
        case .separationBitNotSet: return .separationBitNotSet
        case .synchFailure(let auts): return .synchFailure(auts: auts)
        case .accepted(let u):
            // One CK || IK key state serves KAUSF and RES*; no intermediate arrays.
            let ckIK = KeyHierarchy.ckIKKey(u.ck, u.ik)
            let (kausf, resStar, kseaf) = try KeyHierarchy.withText(snn, "serving network name") { s in
                let kausf = autn.withUnsafeBytes { KeyHierarchy.kausf(ckIK: ckIK, snn: s, sqnXorAK: UnsafeRawBufferPointer(rebasing: $0[0..<6])) }
                let resStar = r.withBigEndianBytes { rb in
                    withUnsafeBytes(of: u.res.bigEndian) { KeyHierarchy.resStar(ckIK: ckIK, snn: s, rand: rb, res: $0) }
                }
                let kseaf = kausf.withUnsafeBytes { KeyHierarchy.kseaf(kausf: $0, snn: s) }
                return (kausf, resStar, kseaf)
            }
            return .success(UEAuthenticationResult(
                res: Bytes.be(u.res, 8), resStar: resStar.bytes(16..<32), ck: u.ck.bytes, ik: u.ik.bytes, ak: Bytes.be(u.ak, 6),
                sqn: u.sqn, kausf: kausf.bytes(), kseaf: kseaf.bytes()))
        }
    }

    /// AUTS = (SQN_MS ⊕ AK*) || MAC-S with MAC-S = f1*(SQN_MS, RAND, AMF = 0x0000) (TS 33.102 §6.3.3).
    func makeAUTS(rand: Block128) throws(SecurityError) -> [UInt8] {
        let sqnMS = sqn.highestAccepted
        let akStar = try milenage.f5Star(rand: rand)
        let macS = try milenage.f1(rand: rand, sqn: sqnMS, amf: 0).macS
        return Bytes.be(sqnMS ^ akStar, 6) + Bytes.be(macS, 8)
    }
}

/// Home and serving network side of 5G AKA (UDM/ARPF, AUSF, SEAF).
public enum FiveGAKANetwork {
    /// Builds the vector for RAND, SQN (6 bytes) and AMF (2 bytes) (TS 33.501 §6.1.3.2.0 steps 1-5).
    public static func makeVector(milenage: Milenage, rand: [UInt8], sqn: [UInt8], amf: [UInt8], servingNetworkName snn: String) throws(SecurityError) -> FiveGAuthenticationVector {
        let o = try milenage.compute(rand: rand, sqn: sqn, amf: amf)
        let sqnValue = Bytes.uint(sqn)
        let sqnXorAK = Bytes.be(sqnValue ^ Bytes.uint(o.ak), 6)
        let autn = sqnXorAK + amf + o.macA
        let xresStar = try KeyHierarchy.resStar(ck: o.ck, ik: o.ik, servingNetworkName: snn, rand: rand, res: o.res)
        let kausf = try KeyHierarchy.kausf(ck: o.ck, ik: o.ik, servingNetworkName: snn, sqnXorAK: sqnXorAK)
        return FiveGAuthenticationVector(
            rand: rand, autn: autn, xresStar: xresStar,
            hxresStar: try KeyHierarchy.hresStar(rand: rand, resStar: xresStar),
            kausf: kausf, kseaf: try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: snn),
            sqn: sqnValue)
    }

    /// The SEAF's check: HRES* computed from the UE's RES* equals HXRES* (step 10).
    public static func seafAccepts(resStar: [UInt8], vector: FiveGAuthenticationVector) -> Bool {
        guard let h = try? KeyHierarchy.hresStar(rand: vector.rand, resStar: resStar) else { return false }
        return constantTimeEqual(h, vector.hxresStar)
    }

    /// The AUSF's check: RES* equals XRES* (step 11).
    public static func ausfAccepts(resStar: [UInt8], vector: FiveGAuthenticationVector) -> Bool {
        constantTimeEqual(resStar, vector.xresStar)
    }

    /// Recovers SQN_MS from AUTS (14 bytes) for the RAND it answers (TS 33.102 §6.3.5).
    public static func resynchronise(milenage: Milenage, rand: [UInt8], auts: [UInt8]) throws(SecurityError) -> ResynchronisationOutcome {
        let r = try Block128(rand, "RAND")
        try SecurityError.check(auts, 14, "AUTS")
        let sqnMS = Bytes.uint(Array(auts[0..<6])) ^ (try milenage.f5Star(rand: r))
        let macS = try milenage.f1(rand: r, sqn: sqnMS, amf: 0).macS
        guard macS == Bytes.uint(Array(auts[6..<14])) else { return .macSFailure }
        return .recovered(sqnMS: sqnMS)
    }
}

/// Compares two byte strings without an early exit on the first difference.
@inlinable
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var d: UInt8 = 0
    for i in 0..<a.count { d |= a[i] ^ b[i] }
    return d == 0
}
