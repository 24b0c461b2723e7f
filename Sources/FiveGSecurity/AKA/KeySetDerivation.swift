/// The whole 5G AKA key chain for one set of subscriber and challenge inputs, as printed by
/// `coregate keys derive`: MILENAGE outputs, AUTN, RES*/HRES*, KAUSF, KSEAF, KAMF, KgNB and the
/// 128-bit NAS keys for NIA1-3/NEA1-3 (TS 33.501 Annex A).
public struct DerivedKeySet: Hashable, Sendable {
    public var opc, macA, macS, res, ck, ik, ak, akStar, autn: [UInt8]
    public var resStar, hresStar, kausf, kseaf, kamf, kgnb: [UInt8]
    /// KNASint for NIA1, NIA2, NIA3 (index 0, 1, 2).
    public var knasInt: [[UInt8]]
    /// KNASenc for NEA1, NEA2, NEA3 (index 0, 1, 2).
    public var knasEnc: [[UInt8]]

    /// Field names and values in the order of the CLI's JSON output.
    public var namedFields: [(String, [UInt8])] {
        [("opc", opc), ("mac_a", macA), ("mac_s", macS), ("res", res), ("ck", ck), ("ik", ik),
         ("ak", ak), ("ak_star", akStar), ("autn", autn), ("res_star", resStar), ("hres_star", hresStar),
         ("kausf", kausf), ("kseaf", kseaf), ("kamf", kamf), ("kgnb", kgnb),
         ("knas_int_nia1", knasInt[0]), ("knas_int_nia2", knasInt[1]), ("knas_int_nia3", knasInt[2]),
         ("knas_enc_nea1", knasEnc[0]), ("knas_enc_nea2", knasEnc[1]), ("knas_enc_nea3", knasEnc[2])]
    }

    /// The operator key: OPc directly, or OP from which OPc is computed.
    public enum OperatorKey: Hashable, Sendable {
        case opc([UInt8])
        case op([UInt8])
    }

    /// Derives every key from K, OP/OPc, RAND, SQN (6 bytes), AMF (2 bytes), SUPI, serving
    /// network name, ABBA and the uplink NAS COUNT used for KgNB.
    public static func derive(k: [UInt8], operatorKey: OperatorKey, rand: [UInt8], sqn: [UInt8], amf: [UInt8],
                              supi: SUPI, servingNetworkName snn: String, abba: [UInt8] = [0, 0],
                              uplinkNASCount: UInt32 = 0) throws(SecurityError) -> DerivedKeySet {
        let milenage: Milenage
        switch operatorKey {
        case .opc(let opc): milenage = try Milenage(k: k, opc: opc)
        case .op(let op): milenage = try Milenage(k: k, op: op)
        }
        let o = try milenage.compute(rand: rand, sqn: sqn, amf: amf)
        let sqnXorAK = zip(sqn, o.ak).map { $0 ^ $1 }
        let resStar = try KeyHierarchy.resStar(ck: o.ck, ik: o.ik, servingNetworkName: snn, rand: rand, res: o.res)
        let kausf = try KeyHierarchy.kausf(ck: o.ck, ik: o.ik, servingNetworkName: snn, sqnXorAK: sqnXorAK)
        let kseaf = try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: snn)
        let kamf = try KeyHierarchy.kamf(kseaf: kseaf, supi: supi, abba: abba)
        var knasInt = [[UInt8]](), knasEnc = [[UInt8]]()
        for id: UInt8 in 1...3 {
            knasInt.append(try KeyHierarchy.knasInt(kamf: kamf, algorithm: IntegrityAlgorithm(rawValue: id)))
            knasEnc.append(try KeyHierarchy.knasEnc(kamf: kamf, algorithm: CipheringAlgorithm(rawValue: id)))
        }
        return DerivedKeySet(
            opc: milenage.opc.bytes, macA: o.macA, macS: o.macS, res: o.res, ck: o.ck, ik: o.ik,
            ak: o.ak, akStar: o.akStar, autn: sqnXorAK + amf + o.macA,
            resStar: resStar, hresStar: try KeyHierarchy.hresStar(rand: rand, resStar: resStar),
            kausf: kausf, kseaf: kseaf, kamf: kamf,
            kgnb: try KeyHierarchy.kgnb(kamf: kamf, uplinkNASCount: uplinkNASCount),
            knasInt: knasInt, knasEnc: knasEnc)
    }
}
