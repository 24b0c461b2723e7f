import FiveGSecurity
import NAS5GS
import NASSecurity
import Testing

@Suite("NAS security context: protect/unprotect (TS 24.501 §4.4, TS 33.501 §6.4)")
struct NASSecurityContextTests {
    static let kamf = hex("d064957a394156a13ffe27c0fa78c9763afb9bb83bc740472efdf8007aded341")
    /// A Registration Complete, a UL NAS Transport and a 100-byte DL NAS Transport, as plain 5GMM messages.
    static let messages: [[UInt8]] = [
        hex("7e0043"),
        hex("7e00670100072e0101c1ffff911201812204de00007b25080764656661756c74"),
        [0x7e, 0x00, 0x68] + (0..<97).map { UInt8(truncatingIfNeeded: $0 &* 37) },
    ]
    static let protectedTypes: [NASSecurityHeaderType] = [.integrityProtected, .integrityProtectedAndCiphered,
                                                          .integrityProtectedWithNewContext, .integrityProtectedAndCipheredWithNewContext]

    static func pair(_ p: AlgorithmPair) throws -> (ue: NASSecurityContext, network: NASSecurityContext) {
        (try NASSecurityContext(role: .ue, kamf: kamf, integrity: p.integrity, ciphering: p.ciphering),
         try NASSecurityContext(role: .network, kamf: kamf, integrity: p.integrity, ciphering: p.ciphering))
    }

    @Test("UE→network and network→UE round trips for every NIA/NEA pair and protected header type", arguments: AlgorithmPair.all)
    func roundTrip(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        for (i, m) in Self.messages.enumerated() {
            for sht in Self.protectedTypes {
                var ul = try ue.protect(m, headerType: sht)
                #expect(ul.count == m.count + 7)
                #expect(ul[0] == 0x7e && ul[1] == sht.rawValue)
                if sht.isCiphered && p.ciphering != .nea0 { #expect(Array(ul[7...]) != m) } else { #expect(Array(ul[7...]) == m) }
                guard case .verified(let got) = try net.unprotect(&ul) else { Issue.record("UL message \(i) \(sht) rejected"); continue }
                #expect(Array(ul[7...]) == m)
                #expect(got.headerType == sht)
                var dl = try net.protect(m, headerType: sht)
                guard case .verified = try ue.unprotect(&dl) else { Issue.record("DL message \(i) \(sht) rejected"); continue }
                #expect(Array(dl[7...]) == m)
            }
        }
        let n = UInt32(Self.messages.count * 4)
        #expect(ue.nextSendCount == NASCount(value: n))
        #expect(ue.uplinkCount == NASCount(value: n - 1))
        #expect(net.uplinkCount == NASCount(value: n - 1))
        #expect(ue.downlinkCount == NASCount(value: n - 1))
    }

    @Test("protect into a caller buffer, in place, and from a typed message give the same bytes", arguments: AlgorithmPair.all)
    func protectForms(_ p: AlgorithmPair) throws {
        let (ue, _) = try Self.pair(p)
        let m = Self.messages[1]
        var a = ue, b = ue, c = ue, d = ue
        let fromArray = try a.protect(m, headerType: .integrityProtectedAndCiphered)
        var appended: [UInt8] = [0xAA]
        _ = try m.withUnsafeBytes { (buffer) throws(SecurityError) in try b.protect(buffer, headerType: .integrityProtectedAndCiphered, into: &appended) }
        #expect(appended == [0xAA] + fromArray)
        var inPlace = [UInt8](repeating: 0, count: 7) + m
        let count = try inPlace.withUnsafeMutableBytes { (buffer) throws(SecurityError) in
            try c.protect(inPlace: buffer, headerType: .integrityProtectedAndCiphered)
        }
        #expect(count == .zero)
        #expect(inPlace == fromArray)
        var typed: [UInt8] = []
        try d.protect(try NASMessage(nasEncoded: m), headerType: .integrityProtectedAndCiphered, into: &typed)
        #expect(typed == fromArray)
    }

    @Test("receive verifies, deciphers and decodes; a plain message is reported not protected", arguments: AlgorithmPair.all)
    func receive(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let message = try NASMessage(nasEncoded: Self.messages[1])
        var pdu: [UInt8] = []
        try ue.protect(message, into: &pdu)
        guard case .integrityOK(let got, let verified) = try net.receive(&pdu) else { Issue.record("not accepted"); return }
        #expect(got == message)
        #expect(verified.count == .zero)
        #expect(verified.headerType == .integrityProtectedAndCiphered)
        #expect(try net.receive(Self.messages[0]) == .notProtected(try NASMessage(nasEncoded: Self.messages[0])))
        // A verified message whose content does not decode: the COUNT is used, the error names the IE.
        var bad = try ue.protect([0x7e, 0x00, 0x41, 0x71], headerType: .integrityProtected)
        guard case .undecodable(let error, let v?) = try net.receive(&bad) else { Issue.record("truncated content accepted"); return }
        #expect(error.cause == 96)
        #expect(error.offset >= 7)
        #expect(v.count == NASCount(value: 1))
        #expect(error.context.path.first == "Security protected NAS message")
    }

    @Test("uplink and downlink use different DIRECTION: a UE cannot accept its own uplink", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func directionMatters(_ p: AlgorithmPair) throws {
        var (ue, _) = try Self.pair(p)
        var ue2 = ue
        var ul = try ue.protect(Self.messages[1])
        guard case .failed(.macMismatch) = try ue2.unprotect(&ul) else { Issue.record("uplink accepted as downlink"); return }
    }

    @Test("non-3GPP access (BEARER 2) does not verify on a 3GPP (BEARER 1) context", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func bearerMatters(_ p: AlgorithmPair) throws {
        var n3 = try NASSecurityContext(role: .ue, kamf: Self.kamf, integrity: p.integrity, ciphering: p.ciphering, accessType: .nonThreeGPP)
        var (_, net) = try Self.pair(p)
        var pdu = try n3.protect(Self.messages[0])
        guard case .failed(.macMismatch) = try net.unprotect(&pdu) else { Issue.record("BEARER ignored"); return }
    }

    @Test("a replayed message is rejected as replayed, and the context goes on", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func replay(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let first = try ue.protect(Self.messages[1])
        guard case .integrityOK = try net.receive(first) else { Issue.record("first rejected"); return }
        #expect(try net.receive(first) == .integrityFailed(.replayed(count: .zero)))
        guard case .integrityOK(_, let v) = try net.receive(try ue.protect(Self.messages[0])) else { Issue.record("fresh message rejected"); return }
        #expect(v.count == NASCount(value: 1))
    }

    @Test("a reordered (older) message is rejected as replayed", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func reorder(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        var m0 = try ue.protect(Self.messages[0]), m1 = try ue.protect(Self.messages[1]), m2 = try ue.protect(Self.messages[2])
        guard case .verified = try net.unprotect(&m0), case .verified = try net.unprotect(&m2) else { Issue.record("in-order rejected"); return }
        #expect(try net.unprotect(&m1) == .failed(.replayed(count: NASCount(value: 1))))
        #expect(net.lastReceivedCount == NASCount(value: 2))
    }

    @Test("with NIA0 the MAC is not checked and replays are accepted (TS 33.501 §5.11.1.2)")
    func nia0() throws {
        var (ue, net) = try Self.pair(AlgorithmPair(integrity: .nia0, ciphering: .nea0))
        let pdu = try ue.protect(Self.messages[1])
        #expect(pdu[2..<6].allSatisfy { $0 == 0 }, "NIA0 gives a MAC of 32 zero bits")
        var forged = pdu
        forged[3] = 0x55
        guard case .integrityOK = try net.receive(forged), case .integrityOK = try net.receive(pdu) else { Issue.record("NIA0 message rejected"); return }
    }

    @Test("a tampered MAC, sequence number or message body fails integrity; the context is unchanged", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func tamper(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let good = try ue.protect(Self.messages[1])
        for index in [2, 5, 6, 7, 12, good.count - 1] {
            var bad = good
            bad[index] ^= 0x01
            guard case .failed(.macMismatch(let count, let received, let expected)) = try net.unprotect(&bad) else {
                Issue.record("tampered byte \(index) accepted"); continue
            }
            #expect(received != expected)
            #expect(count.value == (index == 6 ? 1 : 0))
            #expect(Array(bad[7...]) == Array(good[7...]) || index >= 7, "a rejected message is not deciphered")
        }
        #expect(net.lastReceivedCount == nil)
        guard case .integrityOK = try net.receive(good) else { Issue.record("untampered rejected after failures"); return }
    }

    @Test("malformed headers are failures, not throws; protecting with header type 0 throws")
    func malformed() throws {
        var (ue, net) = try Self.pair(AlgorithmPair(integrity: .nia2, ciphering: .nea2))
        for (bytes, code, cause) in [(hex("7e02aabb"), NASDecodingError.Code.truncated, UInt8(96)),
                                     (hex("7e07aabbccdd00"), .invalidHeader, 111), (hex("7e0faabbccdd007e0043"), .invalidHeader, 111)] {
            var b = bytes
            guard case .failed(.malformedHeader(let e)) = try net.unprotect(&b) else { Issue.record("\(bytes) not malformed"); continue }
            #expect(e.code == code)
            #expect(e.cause == cause)
        }
        for plain in [hex("7e004179"), [0x7e], hex("2e0101c1"), []] {
            var b = plain
            #expect(try net.unprotect(&b) == .notProtected)
        }
        guard case .undecodable(let e, nil) = try net.receive([0x7e]) else { Issue.record("one octet accepted"); return }
        #expect(e.cause == 96)
        #expect(throws: SecurityError.self) { try ue.protect(Self.messages[0], headerType: .plain) }
        #expect(throws: SecurityError.self) { try ue.protect(Self.messages[0], headerType: NASSecurityHeaderType(rawValue: 5)) }
    }
}
