import Testing
@testable import TestPlan

@Suite("UE identities")
struct UEIdentityTests {
    static let k = [UInt8](repeating: 0x11, count: 16)

    static func pool() -> SubscriberPool {
        SubscriberPool(ranges: [
            SubscriberRange(firstIMSI: "001010000000001", homePLMN: .test, count: 3, k: k, operatorKey: .opc(k), position: .override("a")),
            SubscriberRange(firstIMSI: "001010000000998", homePLMN: .test, count: 5, k: k, operatorKey: .op(k), sqn: [0, 0, 0, 0, 0, 0x20],
                            position: .override("b")),
            SubscriberRange(firstIMSI: "310410123456789", homePLMN: PLMN(mcc: "310", mnc: "410"), count: 1, k: k, operatorKey: .opc(k),
                            position: .override("c")),
        ])
    }

    @Test("UE i is the i-th subscriber over the ranges, keys from its range")
    func identities() throws {
        let pool = Self.pool()
        #expect(pool.count == 9)
        #expect((0..<9).compactMap { pool.identity(ue: $0)?.supi } == [
            "imsi-001010000000001", "imsi-001010000000002", "imsi-001010000000003",
            "imsi-001010000000998", "imsi-001010000000999", "imsi-001010000001000", "imsi-001010000001001", "imsi-001010000001002",
            "imsi-310410123456789",
        ])
        let ue5 = try #require(pool.identity(ue: 5))
        #expect(ue5.range == 1 && ue5.operatorKey == .op(Self.k) && ue5.sqn == [0, 0, 0, 0, 0, 0x20])
        #expect(pool.identity(ue: 8)?.homePLMN == PLMN(mcc: "310", mnc: "410"))
        #expect(pool.identity(ue: 9) == nil)
        #expect(pool.identity(ue: -1) == nil)
        // Deterministic: the same index gives the same identity.
        #expect(pool.identity(ue: 4) == Self.pool().identity(ue: 4))
    }

    @Test("IMSI arithmetic keeps digits and refuses overflow")
    func arithmetic() {
        #expect(IMSIArithmetic.add("001010000000999", 1) == "001010000001000")
        #expect(IMSIArithmetic.add("999", 1) == nil)
        #expect(IMSIArithmetic.room(after: "0099") == 9900)
        #expect(IMSIArithmetic.keepsPrefix("001019999999990", adding: 9, prefix: 5))
        #expect(!IMSIArithmetic.keepsPrefix("001019999999990", adding: 10, prefix: 5))
        // A model built by hand with a bad IMSI gives no identity rather than a trap.
        #expect(IMSIArithmetic.add("00101x", 1) == nil)
        #expect(IMSIArithmetic.room(after: "12/4") == 0)
        let odd = SubscriberPool(ranges: [SubscriberRange(firstIMSI: "0010!", homePLMN: .test, count: 2, k: Self.k, operatorKey: .opc(Self.k),
                                                          position: .override("x"))])
        #expect(odd.identity(ue: 1) == nil)
    }

    @Test("the home PLMN's MNC has 3 digits only when a gNB serves such a PLMN")
    func homePLMN() {
        #expect(PLMN.home(ofIMSI: "310410123456789", servedBy: []) == PLMN(mcc: "310", mnc: "41"))
        #expect(PLMN.home(ofIMSI: "310410123456789", servedBy: [PLMN(mcc: "310", mnc: "410")]) == PLMN(mcc: "310", mnc: "410"))
    }
}
