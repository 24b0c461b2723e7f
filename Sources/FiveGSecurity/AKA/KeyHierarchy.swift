import Crypto

/// The 5G key derivations of TS 33.501 Annex A, all on the KDF of TS 33.220 B.2.0.
/// 256-bit outputs are returned whole; RES*, HRES* and the 128-bit algorithm keys are the
/// 128 least significant bits (the last 16 bytes) of the 256-bit output.
public enum KeyHierarchy {
    /// KAUSF for 5G AKA (A.2): FC 0x6A, P0 = serving network name, P1 = SQN ⊕ AK; key CK||IK.
    public static func kausf(ck: [UInt8], ik: [UInt8], servingNetworkName snn: String, sqnXorAK: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(sqnXorAK, 6, "SQN xor AK")
        var h = try ckIKKeyed(ck, ik, fc: 0x6A)
        h.updateParameter(snn)
        h.updateParameter(sqnXorAK)
        return h.finalize()
    }

    /// CK' and IK' for EAP-AKA' (A.3, TS 33.402 A.2): FC 0x20, P0 = access network identity
    /// (the serving network name in 5G), P1 = SQN ⊕ AK; CK' is the first and IK' the last 128 bits.
    public static func ckIKPrime(ck: [UInt8], ik: [UInt8], accessNetworkIdentity: [UInt8], sqnXorAK: [UInt8]) throws(SecurityError) -> (ckPrime: [UInt8], ikPrime: [UInt8]) {
        try SecurityError.check(sqnXorAK, 6, "SQN xor AK")
        let out = try KDF.derive(key: try ckIK(ck, ik), fc: 0x20, [accessNetworkIdentity, sqnXorAK])
        return (Array(out[0..<16]), Array(out[16..<32]))
    }

    /// RES* / XRES* (A.4): FC 0x6B, P0 = serving network name, P1 = RAND, P2 = RES; 128 LSBs.
    public static func resStar(ck: [UInt8], ik: [UInt8], servingNetworkName snn: String, rand: [UInt8], res: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(rand, 16, "RAND")
        guard (4...16).contains(res.count) else { throw .length("RES", expected: "4 to 16 bytes", got: res.count) }
        var h = try ckIKKeyed(ck, ik, fc: 0x6B)
        h.updateParameter(snn)
        h.updateParameter(rand)
        h.updateParameter(res)
        return h.finalize(range: 16..<32)
    }

    /// HRES* / HXRES* (A.5): the 128 LSBs of SHA-256(RAND || RES*).
    public static func hresStar(rand: [UInt8], resStar: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(rand, 16, "RAND")
        try SecurityError.check(resStar, 16, "RES*")
        var h = SHA256()
        rand.withUnsafeBytes { h.update(bufferPointer: $0) }
        resStar.withUnsafeBytes { h.update(bufferPointer: $0) }
        return h.finalize().withUnsafeBytes { Array($0[16..<32]) }
    }

    /// KSEAF (A.6): FC 0x6C, P0 = serving network name; key KAUSF.
    public static func kseaf(kausf: [UInt8], servingNetworkName snn: String) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(kausf, 32, "KAUSF")
        var h = HMACSHA256(key: kausf)
        h.update(byte: 0x6C)
        h.updateParameter(snn)
        return h.finalize()
    }

    /// KAMF (A.7.0): FC 0x6D, P0 = SUPI (IMSI digits or NAI as text), P1 = ABBA; key KSEAF.
    public static func kamf(kseaf: [UInt8], supi: SUPI, abba: [UInt8] = [0x00, 0x00]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(kseaf, 32, "KSEAF")
        guard abba.count >= 2 else { throw .length("ABBA", expected: "at least 2 bytes", got: abba.count) }
        var h = HMACSHA256(key: kseaf)
        h.update(byte: 0x6D)
        switch supi {
        case .imsi(let text), .nai(let text): h.updateParameter(text)
        }
        h.updateParameter(abba)
        return h.finalize()
    }

    /// The 256-bit output of the algorithm key derivation (A.8): FC 0x69, P0 = algorithm type
    /// distinguisher, P1 = algorithm identity; key KAMF (NAS) or KgNB (RRC, UP).
    public static func algorithmKeyFull(key: [UInt8], distinguisher: AlgorithmTypeDistinguisher, algorithmIdentity: UInt8) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(key, 32, "KAMF/KgNB")
        var h = algorithmKeyHMAC(key: key, distinguisher: distinguisher, algorithmIdentity: algorithmIdentity)
        return h.finalize()
    }

    @inlinable
    static func algorithmKeyHMAC(key: [UInt8], distinguisher: AlgorithmTypeDistinguisher, algorithmIdentity: UInt8) -> HMACSHA256 {
        var h = HMACSHA256(key: key)
        // S = 0x69 || P0 || 0x0001 || P1 || 0x0001
        let packed = UInt64(0x69) << 56 | UInt64(distinguisher.rawValue) << 48 | 0x0001 << 32
            | UInt64(algorithmIdentity) << 24 | 0x0001 << 8
        withUnsafeBytes(of: packed.bigEndian) { h.update(UnsafeRawBufferPointer(rebasing: $0[0..<7])) }
        return h
    }

    /// A 128-bit algorithm key (A.8): the 128 LSBs of `algorithmKeyFull`.
    public static func algorithmKey(key: [UInt8], distinguisher: AlgorithmTypeDistinguisher, algorithmIdentity: UInt8) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(key, 32, "KAMF/KgNB")
        var h = algorithmKeyHMAC(key: key, distinguisher: distinguisher, algorithmIdentity: algorithmIdentity)
        return h.finalize(range: 16..<32)
    }

    /// KNASint for a 128-bit integrity algorithm (A.8, distinguisher 0x02).
    public static func knasInt(kamf: [UInt8], algorithm: IntegrityAlgorithm) throws(SecurityError) -> [UInt8] {
        try algorithmKey(key: kamf, distinguisher: .nasIntegrity, algorithmIdentity: algorithm.rawValue)
    }

    /// KNASenc for a 128-bit ciphering algorithm (A.8, distinguisher 0x01).
    public static func knasEnc(kamf: [UInt8], algorithm: CipheringAlgorithm) throws(SecurityError) -> [UInt8] {
        try algorithmKey(key: kamf, distinguisher: .nasEncryption, algorithmIdentity: algorithm.rawValue)
    }

    /// KgNB (A.9): FC 0x6E, P0 = uplink NAS COUNT (4 bytes), P1 = access type distinguisher; key KAMF.
    public static func kgnb(kamf: [UInt8], uplinkNASCount: UInt32, accessType: AccessType = .threeGPP) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(kamf, 32, "KAMF")
        var h = HMACSHA256(key: kamf)
        // S = 0x6E || UL NAS COUNT || 0x0004 || access type distinguisher || 0x0001
        withUnsafeBytes(of: uplinkNASCount.bigEndian) { h.update(byte: 0x6E); h.updateParameter($0) }
        withUnsafeBytes(of: accessType.rawValue) { h.updateParameter($0) }
        return h.finalize()
    }

    /// NH (A.10): FC 0x6F, P0 = SYNC-input (the KgNB for the first NH, else the previous NH); key KAMF.
    public static func nh(kamf: [UInt8], syncInput: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(kamf, 32, "KAMF")
        try SecurityError.check(syncInput, 32, "SYNC-input")
        return try KDF.derive(key: kamf, fc: 0x6F, [syncInput])
    }

    /// KNG-RAN* for a target cell (A.11): FC 0x70, P0 = PCI (2 bytes), P1 = ARFCN-DL (3 bytes);
    /// key KgNB or NH.
    public static func kngRANStar(key: [UInt8], pci: UInt16, arfcnDL: UInt32) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(key, 32, "KgNB/NH")
        guard pci <= 1007 else { throw .value("PCI \(pci) out of range 0...1007") }
        guard arfcnDL <= 3_279_165 else { throw .value("ARFCN-DL \(arfcnDL) out of range 0...3279165") }
        return try KDF.derive(key: key, fc: 0x70, [Bytes.be(UInt64(pci), 2), Bytes.be(UInt64(arfcnDL), 3)])
    }

    @inlinable static func ckIK(_ ck: [UInt8], _ ik: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(ck, 16, "CK")
        try SecurityError.check(ik, 16, "IK")
        return ck + ik
    }

    /// HMAC keyed with CK || IK, with the function code already fed.
    @inlinable static func ckIKKeyed(_ ck: [UInt8], _ ik: [UInt8], fc: UInt8) throws(SecurityError) -> HMACSHA256 {
        try SecurityError.check(ck, 16, "CK")
        try SecurityError.check(ik, 16, "IK")
        var h = HMACSHA256(key1: ck, ik)
        h.update(byte: fc)
        return h
    }
}
