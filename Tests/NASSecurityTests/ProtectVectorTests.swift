import FiveGSecurity
import NAS5GS
import NASSecurity
import Testing

/// The context's composition of the algorithms, with keys and primitives pinned by the shared test vectors
/// (TS 33.401 Annex C, ETSI/SAGE): for every NIA/NEA pair, a protected message is the security header of
/// TS 24.501 §9.1.1, the message ciphered with COUNT, BEARER 1 and DIRECTION (§4.4.5), and the MAC over the
/// sequence number and the ciphered message (§4.4.3.3), assembled here independently of the context.
@Suite("Protect and unprotect against the algorithm test vectors, every NIA/NEA pair")
struct ProtectVectorTests {
    /// The first vector of `algorithm` ("128-NIA2", ...) in `file`.
    static func vector(_ file: String, _ algorithm: String) throws -> SharedVectors.Vector {
        let all = try SharedVectors.load(file)
        return try #require(all.first { $0.algorithm.hasPrefix(algorithm) && $0.length_bits > 0 })
    }

    /// The first `bits` bits of `bytes`, the rest of the last byte cleared.
    static func prefixBits(_ bytes: [UInt8], _ bits: Int) -> [UInt8] {
        var out = Array(bytes.prefix((bits + 7) / 8))
        if bits % 8 != 0, !out.isEmpty { out[out.count - 1] &= UInt8(truncatingIfNeeded: 0xff00 >> (bits % 8)) }
        return out
    }

    static let files: [UInt8: String] = [1: "nia1_nea1", 2: "nia2_nea2", 3: "nia3_nea3"]

    /// KNASint and KNASenc taken from the vectors, after checking that the primitives reproduce them.
    static func keys(_ p: AlgorithmPair) throws -> (IntegrityKey, CipheringKey) {
        var ik = try IntegrityKey(algorithm: .nia0, key: [])
        var ck = try CipheringKey(algorithm: .nea0, key: [])
        if let file = files[p.integrity.rawValue] {
            let v = try vector(file, "128-NIA\(p.integrity.rawValue)")
            ik = try IntegrityKey(algorithm: p.integrity, key: hex(v.key))
            let mac = try ik.mac(count: v.count_int, bearer: v.bearer_int ?? 0, direction: v.direction == 0 ? .uplink : .downlink,
                                 hex(v.message ?? ""), bitLength: v.length_bits)
            #expect(mac == UInt32(v.mac ?? "", radix: 16), "\(p.integrity) does not reproduce test set \(v.test_set)")
        }
        if let file = files[p.ciphering.rawValue] {
            let v = try vector(file, "128-NEA\(p.ciphering.rawValue)")
            ck = try CipheringKey(algorithm: p.ciphering, key: hex(v.key))
            let out = try ck.apply(count: v.count_int, bearer: v.bearer_int ?? 0, direction: v.direction == 0 ? .uplink : .downlink,
                                   hex(v.plaintext ?? ""), bitLength: v.length_bits)
            #expect(Self.prefixBits(out, v.length_bits) == Self.prefixBits(hex(v.ciphertext ?? ""), v.length_bits),
                    "\(p.ciphering) does not reproduce test set \(v.test_set)")
        }
        return (ik, ck)
    }

    @Test("protect = header + NEA(COUNT, BEARER 1, DIRECTION) + NIA over SQN and ciphertext; unprotect inverts it", arguments: AlgorithmPair.all)
    func composition(_ p: AlgorithmPair) throws {
        let (ik, ck) = try Self.keys(p)
        let message = hex("7e00670100072e0101c1ffff911201812204de00007b25080764656661756c74")
        for (role, direction) in [(NASSecurityContext.Role.ue, Direction.uplink), (.network, .downlink)] {
            let count = NASCount(overflow: 0x1234, sequenceNumber: 0xFE)
            var sender = NASSecurityContext(role: role, integrityKey: ik, cipheringKey: ck, nextUplinkCount: count, nextDownlinkCount: count)
            var receiver = NASSecurityContext(role: role == .ue ? .network : .ue, integrityKey: ik, cipheringKey: ck,
                                              nextUplinkCount: count, nextDownlinkCount: count)
            for sht in [NASSecurityHeaderType.integrityProtected, .integrityProtectedAndCiphered] {
                let c = try #require(sender.nextSendCount)
                let body = sht.isCiphered ? try ck.apply(count: c.value, bearer: 1, direction: direction, message) : message
                let mac = try ik.mac(count: c.value, bearer: 1, direction: direction, [c.sequenceNumber] + body)
                let expected = [0x7e, sht.rawValue, UInt8(mac >> 24), UInt8(mac >> 16 & 0xff), UInt8(mac >> 8 & 0xff), UInt8(mac & 0xff), c.sequenceNumber] + body
                var pdu = try sender.protect(message, headerType: sht)
                #expect(pdu == expected, "\(p) \(role) \(sht)")
                guard case .verified(let v) = try receiver.unprotect(&pdu) else { Issue.record("\(p) \(role) \(sht): rejected"); continue }
                #expect(v.count == c)
                #expect(Array(pdu[7...]) == message)
            }
        }
    }
}
