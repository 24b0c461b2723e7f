/// MILENAGE, the 3GPP example authentication and key generation functions f1, f1*, f2, f3, f4,
/// f5 and f5* (TS 35.206 §4), with AES-128 as the kernel.
public struct Milenage: Sendable {
    @usableFromInline let aes: AES128
    /// OPc = E_K(OP) ⊕ OP.
    public let opc: Block128

    /// Uses the subscriber key K and the operator variant OPc (both 16 bytes).
    public init(k: [UInt8], opc: [UInt8]) throws(SecurityError) {
        aes = try AES128(key: k, "K")
        self.opc = try Block128(opc, "OPc")
    }

    /// Uses K and the operator variant OP, computing OPc = E_K(OP) ⊕ OP.
    public init(k: [UInt8], op: [UInt8]) throws(SecurityError) {
        aes = try AES128(key: k, "K")
        let opBlock = try Block128(op, "OP")
        opc = try aes.encrypt(opBlock) ^ opBlock
    }

    /// OPc = E_K(OP) ⊕ OP (TS 35.206 §4.1).
    public static func opc(k: [UInt8], op: [UInt8]) throws(SecurityError) -> [UInt8] {
        try Milenage(k: k, op: op).opc.bytes
    }

    // r1..r5 and c1..c5 of TS 35.206 §4.1 (c_i have a single bit set in the last byte).
    @usableFromInline static let r: (Int, Int, Int, Int, Int) = (64, 0, 32, 64, 96)

    /// TEMP = E_K(RAND ⊕ OPc).
    @inlinable func temp(_ rand: Block128) throws(SecurityError) -> Block128 {
        try aes.encrypt(rand ^ opc)
    }

    /// OUT_i = E_K(rot(TEMP ⊕ OPc, r_i) ⊕ c_i) ⊕ OPc, for i = 2...5.
    @inlinable func out(_ temp: Block128, rotation: Int, constant: UInt64) throws(SecurityError) -> Block128 {
        var x = (temp ^ opc).rotatedLeft(rotation)
        x.lo ^= constant
        return try aes.encrypt(x) ^ opc
    }

    /// OUT1 = E_K(TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1) ⊕ OPc with IN1 = SQN||AMF||SQN||AMF.
    @inlinable func out1(_ temp: Block128, sqn: UInt64, amf: UInt16) throws(SecurityError) -> Block128 {
        let half = (sqn & 0xffff_ffff_ffff) << 16 | UInt64(amf)
        let in1 = Block128(hi: half, lo: half)
        let x = temp ^ (in1 ^ opc).rotatedLeft(Self.r.0)
        return try aes.encrypt(x) ^ opc
    }

    /// f1 and f1*: the network authentication code MAC-A and the resynchronisation code MAC-S
    /// (8 bytes each) for a 48-bit SQN and 16-bit AMF.
    @inlinable
    public func f1(rand: Block128, sqn: UInt64, amf: UInt16) throws(SecurityError) -> (macA: UInt64, macS: UInt64) {
        let o = try out1(try temp(rand), sqn: sqn, amf: amf)
        return (o.hi, o.lo)
    }

    /// f2, f3, f4 and f5 from one TEMP: RES (8 bytes), CK, IK and AK (48 bits).
    @inlinable
    public func f2345(rand: Block128) throws(SecurityError) -> (res: UInt64, ck: Block128, ik: Block128, ak: UInt64) {
        let t = try temp(rand)
        let o2 = try out(t, rotation: Self.r.1, constant: 1)
        let o3 = try out(t, rotation: Self.r.2, constant: 2)
        let o4 = try out(t, rotation: Self.r.3, constant: 4)
        return (o2.lo, o3, o4, o2.hi >> 16)
    }

    /// f5*: the anonymity key AK* used to conceal SQN_MS in AUTS (48 bits).
    @inlinable
    public func f5Star(rand: Block128) throws(SecurityError) -> UInt64 {
        try out(try temp(rand), rotation: Self.r.4, constant: 8).hi >> 16
    }

    /// All seven outputs for one (RAND, SQN, AMF), as the test data of TS 35.208 lists them.
    public func compute(rand: [UInt8], sqn: [UInt8], amf: [UInt8]) throws(SecurityError) -> MilenageOutput {
        let r = try Block128(rand, "RAND")
        let s = try Bytes.uint48(sqn, "SQN")
        let a = try Bytes.uint16(amf, "AMF")
        let (macA, macS) = try f1(rand: r, sqn: s, amf: a)
        let (res, ck, ik, ak) = try f2345(rand: r)
        let akStar = try f5Star(rand: r)
        return MilenageOutput(
            macA: Bytes.be(macA, 8), macS: Bytes.be(macS, 8), res: Bytes.be(res, 8),
            ck: ck.bytes, ik: ik.bytes, ak: Bytes.be(ak, 6), akStar: Bytes.be(akStar, 6))
    }
}

/// The outputs of MILENAGE f1..f5* for one input, as byte strings.
public struct MilenageOutput: Hashable, Sendable {
    public var macA: [UInt8]
    public var macS: [UInt8]
    public var res: [UInt8]
    public var ck: [UInt8]
    public var ik: [UInt8]
    public var ak: [UInt8]
    public var akStar: [UInt8]
}
