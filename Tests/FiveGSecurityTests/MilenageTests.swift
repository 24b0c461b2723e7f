import Testing
@testable import FiveGSecurity

@Suite("MILENAGE (TS 35.206, test data TS 35.208)")
struct MilenageTests {
    @Test("f1, f1*, f2, f3, f4, f5, f5* and OPc match TS 35.208", arguments: Vectors.milenage)
    func allOutputsMatchTestSet(_ v: MilenageVector) throws {
        #expect(try Milenage.opc(k: hex(v.k), op: hex(v.op)) == hex(v.opc))
        let fromOP = try Milenage(k: hex(v.k), op: hex(v.op))
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        #expect(fromOP.opc == m.opc)
        let out = try m.compute(rand: hex(v.rand), sqn: hex(v.sqn), amf: hex(v.amf))
        #expect(out.macA == hex(v.f1_mac_a))
        #expect(out.macS == hex(v.f1_star_mac_s))
        #expect(out.res == hex(v.f2_res))
        #expect(out.ck == hex(v.f3_ck))
        #expect(out.ik == hex(v.f4_ik))
        #expect(out.ak == hex(v.f5_ak))
        #expect(out.akStar == hex(v.f5_star_ak_resync))
    }

    @Test("wrong key, OP and RAND lengths throw invalidLength")
    func wrongLengthsThrow() {
        #expect(throws: SecurityError.self) { try Milenage(k: [1, 2, 3], opc: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: SecurityError.self) { try Milenage(k: [UInt8](repeating: 0, count: 16), op: [0]) }
        #expect {
            try Milenage(k: [UInt8](repeating: 0, count: 16), opc: [UInt8](repeating: 0, count: 16))
                .compute(rand: [0], sqn: [UInt8](repeating: 0, count: 6), amf: [0, 0])
        } throws: { ($0 as? SecurityError)?.code == .invalidLength }
    }
}
