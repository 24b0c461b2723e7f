import Crypto

/// The 5G key derivations of TS 33.501 Annex A, all on the KDF of TS 33.220 B.2.0.
/// 256-bit outputs are returned whole; RES*, HRES* and the 128-bit algorithm keys are the
/// 128 least significant bits (the last 16 bytes) of the 256-bit output.
public enum KeyHierarchy {
    /// KAUSF for 5G AKA (A.2): FC 0x6A, P0 = serving network name, P1 = SQN ⊕ AK; key CK||IK.
    public static func kausf(ck: [UInt8], ik: [UInt8], servingNetworkName snn: String, sqnXorAK: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(sqnXorAK, 6, "SQN xor AK")
        let key = try ckIKKey(ck, ik)
        return try withText(snn, "serving network name") { s in
            sqnXorAK.withUnsafeBytes { kausf(ckIK: key, snn: s, sqnXorAK: $0) }
        }.bytes()
    }

    /// KAUSF from a CK || IK key state, shared with `resStar(ckIK:...)`.
    @inlinable
    static func kausf(ckIK: HMACSHA256, snn: UnsafeRawBufferPointer, sqnXorAK: UnsafeRawBufferPointer) -> SHA256Digest {
        var h = ckIK
        h.updateKDFInput(fc: 0x6A, snn, sqnXorAK)
        return h.finalizeDigest()
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
        let key = try ckIKKey(ck, ik)
        return try withText(snn, "serving network name") { s in
            rand.withUnsafeBytes { r in res.withUnsafeBytes { resStar(ckIK: key, snn: s, rand: r, res: $0) } }
        }.bytes(16..<32)
    }

    /// The 256-bit output whose 128 LSBs are RES*, from a CK || IK key state.
    @inlinable
    static func resStar(ckIK: HMACSHA256, snn: UnsafeRawBufferPointer, rand: UnsafeRawBufferPointer, res: UnsafeRawBufferPointer) -> SHA256Digest {
        var h = ckIK
        h.updateKDFInput(fc: 0x6B, snn, rand, res)
        return h.finalizeDigest()
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
        return try withText(snn, "serving network name") { s in
            kausf.withUnsafeBytes { kseaf(kausf: $0, snn: s) }
        }.bytes()
    }

    @inlinable
    static func kseaf(kausf: UnsafeRawBufferPointer, snn: UnsafeRawBufferPointer) -> SHA256Digest {
        var h = HMACSHA256(key: kausf)
        h.updateKDFInput(fc: 0x6C, snn)
        return h.finalizeDigest()
    }

    /// KAMF (A.7.0): FC 0x6D, P0 = SUPI (IMSI digits or NAI as text), P1 = ABBA; key KSEAF.
    public static func kamf(kseaf: [UInt8], supi: SUPI, abba: [UInt8] = [0x00, 0x00]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(kseaf, 32, "KSEAF")
        guard (2...0xffff).contains(abba.count) else { throw .length("ABBA", expected: "2 to 65535 bytes", got: abba.count) }
        let text: String
        switch supi {
        case .imsi(let t), .nai(let t): text = t
        }
        return try withText(text, "SUPI") { p0 in
            kseaf.withUnsafeBytes { key in
                abba.withUnsafeBytes { p1 in
                    var h = HMACSHA256(key: key)
                    h.updateKDFInput(fc: 0x6D, p0, p1)
                    return h.finalizeDigest()
                }
            }
        }.bytes()
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
        withUnsafeBytes(of: uplinkNASCount.bigEndian) { count in
            withUnsafeBytes(of: accessType.rawValue) { h.updateKDFInput(fc: 0x6E, count, $0) }
        }
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

    /// The HMAC key state for CK || IK.
    @inlinable static func ckIKKey(_ ck: [UInt8], _ ik: [UInt8]) throws(SecurityError) -> HMACSHA256 {
        try SecurityError.check(ck, 16, "CK")
        try SecurityError.check(ik, 16, "IK")
        return HMACSHA256(key1: ck, ik)
    }

    /// The HMAC key state for CK || IK given as blocks.
    @inlinable static func ckIKKey(_ ck: Block128, _ ik: Block128) -> HMACSHA256 {
        withUnsafeBytes(of: (ck.hi.bigEndian, ck.lo.bigEndian, ik.hi.bigEndian, ik.lo.bigEndian)) { HMACSHA256(key: $0) }
    }

    /// Calls `body` with the UTF-8 bytes of a text KDF parameter, which must fit its two-octet length.
    @inlinable
    static func withText<R>(_ text: String, _ what: String, _ body: (UnsafeRawBufferPointer) -> R) throws(SecurityError) -> R {
        var text = text
        guard text.utf8.count <= 0xffff else { throw .length(what, expected: "at most 65535 bytes", got: text.utf8.count) }
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
