import Testing
@testable import FiveGSecurity

struct AlgorithmPair: Sendable, CustomStringConvertible {
    let integrity: IntegrityAlgorithm
    let ciphering: CipheringAlgorithm
    var description: String { "\(integrity)+\(ciphering)" }
    static let all: [AlgorithmPair] = IntegrityAlgorithm.allImplemented.flatMap { i in
        CipheringAlgorithm.allImplemented.map { AlgorithmPair(integrity: i, ciphering: $0) }
    }
}

@Suite("NAS security context: protect/unprotect (TS 24.501 §4.4, TS 33.501 §6.4)")
struct NASSecurityContextTests {
    static let kamf = hex("d064957a394156a13ffe27c0fa78c9763afb9bb83bc740472efdf8007aded341")
    /// A Registration Complete and a longer UL NAS Transport, as plain 5GMM messages.
    static let messages: [[UInt8]] = [
        hex("7e0043"),
        hex("7e00670100072e0101c1ffff911201812204de00007b25080764656661756c74"),
        [0x7e, 0x00, 0x68] + (0..<97).map { UInt8(truncatingIfNeeded: $0 &* 37) },
    ]

    static func pair(_ p: AlgorithmPair) throws -> (ue: NASSecurityContext, network: NASSecurityContext) {
        (try NASSecurityContext(role: .ue, kamf: kamf, integrity: p.integrity, ciphering: p.ciphering),
         try NASSecurityContext(role: .network, kamf: kamf, integrity: p.integrity, ciphering: p.ciphering))
    }

    @Test("UE→network and network→UE round trips for every NIA/NEA pair", arguments: AlgorithmPair.all)
    func roundTrip(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        for (i, m) in Self.messages.enumerated() {
            for sht in [SecurityHeaderType.integrityProtected, .integrityProtectedAndCiphered,
                        .integrityProtectedWithNewContext, .integrityProtectedAndCipheredWithNewContext] {
                let ul = try ue.protect(m, headerType: sht)
                #expect(ul.count == m.count + 7)
                #expect(ul[0] == 0x7e && ul[1] == sht.rawValue)
                if sht.isCiphered && p.ciphering != .nea0 { #expect(Array(ul[7...]) != m) } else { #expect(Array(ul[7...]) == m) }
                guard case .verified(let got) = try net.unprotect(ul) else { Issue.record("UL message \(i) \(sht) rejected"); continue }
                #expect(Array(got.message) == m)
                #expect(got.headerType == sht)
                let dl = try net.protect(m, headerType: sht)
                guard case .verified(let back) = try ue.unprotect(dl) else { Issue.record("DL message \(i) \(sht) rejected"); continue }
                #expect(Array(back.message) == m)
            }
        }
        #expect(ue.sendCount.value == UInt32(Self.messages.count * 4))
        #expect(net.uplinkCount == NASCount(value: UInt32(Self.messages.count * 4 - 1)))
    }

    @Test("uplink and downlink use different DIRECTION: a UE cannot accept its own uplink", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func directionMatters(_ p: AlgorithmPair) throws {
        var (ue, _) = try Self.pair(p)
        var ue2 = ue
        let ul = try ue.protect(Self.messages[1])
        guard case .integrityFailure = try ue2.unprotect(ul) else { Issue.record("uplink accepted as downlink"); return }
    }

    @Test("non-3GPP access (BEARER 2) does not verify on a 3GPP (BEARER 1) context", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func bearerMatters(_ p: AlgorithmPair) throws {
        var n3 = try NASSecurityContext(role: .ue, kamf: Self.kamf, integrity: p.integrity, ciphering: p.ciphering, accessType: .nonThreeGPP)
        var (_, net) = try Self.pair(p)
        guard case .integrityFailure = try net.unprotect(try n3.protect(Self.messages[0])) else { Issue.record("BEARER ignored"); return }
    }

    @Test("a replayed message is rejected as replayed", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func replay(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let first = try ue.protect(Self.messages[1])
        guard case .verified = try net.unprotect(first) else { Issue.record("first rejected"); return }
        #expect(try net.unprotect(first) == .replayed(count: NASCount(value: 0)))
        // The context still accepts the next fresh message.
        guard case .verified(let m) = try net.unprotect(try ue.protect(Self.messages[0])) else { Issue.record("fresh message rejected"); return }
        #expect(m.count == NASCount(value: 1))
    }

    @Test("a reordered (older) message is rejected as replayed", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func reorder(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let m0 = try ue.protect(Self.messages[0]), m1 = try ue.protect(Self.messages[1]), m2 = try ue.protect(Self.messages[2])
        guard case .verified = try net.unprotect(m0), case .verified = try net.unprotect(m2) else { Issue.record("in-order rejected"); return }
        #expect(try net.unprotect(m1) == .replayed(count: NASCount(value: 1)))
    }

    @Test("a tampered MAC, sequence number or message body fails integrity", arguments: AlgorithmPair.all.filter { $0.integrity != .nia0 })
    func tamper(_ p: AlgorithmPair) throws {
        var (ue, net) = try Self.pair(p)
        let good = try ue.protect(Self.messages[1])
        for index in [2, 5, 6, 7, good.count - 1] {
            var bad = good
            bad[index] ^= 0x01
            guard case .integrityFailure = try net.unprotect(bad) else { Issue.record("tampered byte \(index) accepted"); continue }
        }
        guard case .verified = try net.unprotect(good) else { Issue.record("untampered rejected after failures"); return }
    }

    @Test("the receiver estimates the overflow counter across the SQN wrap (COUNT = overflow × 256 + SQN)")
    func overflowEstimate() throws {
        let p = AlgorithmPair(integrity: .nia2, ciphering: .nea2)
        var (ue, net) = try Self.pair(p)
        var lastCount = NASCount.zero
        // Send 300 messages but deliver only every 7th: the receiver must follow the overflow.
        for n in 0..<300 {
            let pdu = try ue.protect(Self.messages[n % 3])
            if n % 7 != 0 { continue }
            #expect(pdu[6] == UInt8(truncatingIfNeeded: n))
            guard case .verified(let m) = try net.unprotect(pdu) else { Issue.record("message \(n) rejected"); return }
            #expect(m.count.value == UInt32(n))
            lastCount = m.count
        }
        #expect(lastCount.overflow == 1)
        #expect(net.estimatedReceiveCount(sequenceNumber: 5) == NASCount(overflow: 2, sequenceNumber: 5))
        #expect(net.estimatedReceiveCount(sequenceNumber: 255) == NASCount(overflow: 1, sequenceNumber: 255))
    }

    @Test("a context made with a non-zero initial COUNT continues from it")
    func initialCounts() throws {
        let ik = try IntegrityKey(algorithm: .nia2, key: [UInt8](repeating: 7, count: 16))
        let ck = try CipheringKey(algorithm: .nea2, key: [UInt8](repeating: 9, count: 16))
        var ue = NASSecurityContext(role: .ue, integrityKey: ik, cipheringKey: ck, sendCount: NASCount(overflow: 3, sequenceNumber: 250))
        var net = NASSecurityContext(role: .network, integrityKey: ik, cipheringKey: ck, receiveCount: NASCount(overflow: 3, sequenceNumber: 0))
        guard case .verified(let m) = try net.unprotect(try ue.protect(Self.messages[0])) else { Issue.record("rejected"); return }
        #expect(m.count == NASCount(overflow: 3, sequenceNumber: 250))
    }

    @Test("plain messages are reported, malformed ones throw")
    func plainAndMalformed() throws {
        var (_, net) = try Self.pair(AlgorithmPair(integrity: .nia2, ciphering: .nea0))
        #expect(try net.unprotect(hex("7e004179")) == .notProtected(message: hex("7e004179")[...]))
        #expect(throws: SecurityError.self) { try net.unprotect([0x7e]) }
        #expect(throws: SecurityError.self) { try net.unprotect(hex("2e0101c1")) }
        #expect(throws: SecurityError.self) { try net.unprotect(hex("7e02aabb")) }
        #expect(throws: SecurityError.self) { try net.unprotect(hex("7e07aabbccdd00")) }
        var ue = try NASSecurityContext(role: .ue, kamf: Self.kamf, integrity: .nia2, ciphering: .nea2)
        #expect(throws: SecurityError.self) { try ue.protect(Self.messages[0], headerType: .plain) }
    }
}
