import Testing
@testable import FiveGSecurity

/// RFC 4231 §4 test cases for HMAC-SHA-256 (the truncated-output case 5 left out).
struct RFC4231Case: CustomTestStringConvertible, Sendable {
    let name: String
    let key: [UInt8]
    let data: [UInt8]
    let mac: [UInt8]
    var testDescription: String { name }

    static let all: [RFC4231Case] = [
        .init(name: "case 1", key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
              mac: hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")),
        .init(name: "case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
              mac: hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
        .init(name: "case 3", key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
              mac: hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")),
        .init(name: "case 4", key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
              mac: hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")),
        .init(name: "case 6", key: [UInt8](repeating: 0xaa, count: 131),
              data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
              mac: hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")),
        .init(name: "case 7", key: [UInt8](repeating: 0xaa, count: 131),
              data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                           + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
              mac: hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")),
    ]
}

@Suite("HMAC-SHA-256 key states (RFC 4231)")
struct HMACSHA256Tests {
    @Test("one-shot HMAC matches RFC 4231", arguments: RFC4231Case.all)
    func oneShot(_ c: RFC4231Case) {
        #expect(HMACSHA256.mac(key: c.key, c.data) == c.mac)
    }

    @Test("a keyed state copied for each message gives the one-shot MAC every time, and stays reusable",
          arguments: RFC4231Case.all)
    func reusedKeyState(_ c: RFC4231Case) {
        let keyed = HMACSHA256(key: c.key)
        for _ in 0..<3 {
            var h = keyed
            h.update(c.data)
            #expect(h.finalize() == c.mac)
        }
        var split = keyed  // fed in two pieces, through the digest-returning finalizer
        split.update(Array(c.data.prefix(7)))
        split.update(Array(c.data.dropFirst(7)))
        #expect(split.finalizeDigest().bytes() == c.mac)
    }

    @Test("one key state serves different messages under the same key (RFC 4231 cases 6 and 7)")
    func oneStateTwoMessages() {
        let c6 = RFC4231Case.all[4], c7 = RFC4231Case.all[5]
        #expect(c6.key == c7.key)
        let keyed = HMACSHA256(key: c6.key)
        for c in [c7, c6, c7] {
            var h = keyed
            h.update(c.data)
            #expect(h.finalize() == c.mac)
        }
    }

    @Test("a key given as two parts is keyed as their concatenation (CK || IK), short and long")
    func twoPartKey() {
        for c in RFC4231Case.all {
            let cut = c.key.count / 3
            var h = HMACSHA256(key1: Array(c.key.prefix(cut)), Array(c.key.dropFirst(cut)))
            h.update(c.data)
            #expect(h.finalize() == c.mac, "\(c.name)")
        }
    }

    @Test("updateKDFInput feeds exactly the KDF input string S of TS 33.220 B.2.0")
    func kdfInputInOneUpdate() throws {
        let key = Array(UInt8(0)..<32)
        let p0 = Array("5G:mnc012.mcc274.3gppnetwork.org".utf8), p1 = Array(UInt8(100)..<116), p2: [UInt8] = []
        for params in [[p0], [p0, p1], [p0, p1, p2], [p2, p1, p0]] {
            let expected = HMACSHA256.mac(key: key, try KDF.inputString(fc: 0x6B, params))
            var h = HMACSHA256(key: key)
            params[0].withUnsafeBytes { a in
                let rest = params.dropFirst()
                if rest.isEmpty { h.updateKDFInput(fc: 0x6B, a); return }
                rest.first!.withUnsafeBytes { b in
                    if rest.count == 1 { h.updateKDFInput(fc: 0x6B, a, b); return }
                    rest.last!.withUnsafeBytes { h.updateKDFInput(fc: 0x6B, a, b, $0) }
                }
            }
            #expect(h.finalize() == expected, "\(params.map(\.count))")
        }
    }
}
