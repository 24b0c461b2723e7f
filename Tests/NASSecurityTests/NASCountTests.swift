import FiveGSecurity
import NASSecurity
import Testing

/// NAS COUNT handling (TS 24.501 §4.4.3.1, §4.4.3.2, §4.4.3.5).
@Suite("NAS COUNT: overflow estimation, wrap around, exhaustion")
struct NASCountTests {
    static let key = [UInt8](repeating: 7, count: 16)

    static func contexts(nextUplink: NASCount = .zero) throws -> (ue: NASSecurityContext, network: NASSecurityContext) {
        let ik = try IntegrityKey(algorithm: .nia2, key: key)
        let ck = try CipheringKey(algorithm: .nea2, key: [UInt8](repeating: 9, count: 16))
        return (NASSecurityContext(role: .ue, integrityKey: ik, cipheringKey: ck, nextUplinkCount: nextUplink),
                NASSecurityContext(role: .network, integrityKey: ik, cipheringKey: ck, nextUplinkCount: nextUplink))
    }

    @Test("COUNT = overflow × 256 + SQN, 24 bits; next stops at the maximum")
    func countValue() {
        let c = NASCount(overflow: 0x0102, sequenceNumber: 0x03)
        #expect(c.value == 0x010203)
        #expect(c.overflow == 0x0102 && c.sequenceNumber == 3)
        #expect(NASCount(value: 0xFF_FFFF_FF).value == 0xFF_FFFF)
        #expect(NASCount(overflow: 0, sequenceNumber: 255).next == NASCount(overflow: 1, sequenceNumber: 0))
        #expect(NASCount.maximum.next == nil)
    }

    @Test("the estimate is the smallest COUNT from the next expected one that ends in the received SQN")
    func estimate() {
        let next = NASCount(overflow: 4, sequenceNumber: 200)
        #expect(next.estimate(sequenceNumber: 200) == NASCount(overflow: 4, sequenceNumber: 200))
        #expect(next.estimate(sequenceNumber: 255) == NASCount(overflow: 4, sequenceNumber: 255))
        #expect(next.estimate(sequenceNumber: 199) == NASCount(overflow: 5, sequenceNumber: 199))
        #expect(next.estimate(sequenceNumber: 0) == NASCount(overflow: 5, sequenceNumber: 0))
        #expect(NASCount(overflow: 0xFFFF, sequenceNumber: 10).estimate(sequenceNumber: 9) == nil)
    }

    @Test("the receiver follows the overflow counter across SQN wraps with gaps up to 255 messages")
    func overflowAcrossWraps() throws {
        var (ue, net) = try Self.contexts()
        var accepted: [UInt32] = []
        // 1200 messages, delivered with gaps of 1 to 255 (never 256 or more).
        let gaps = [1, 37, 255, 100, 200, 3, 254, 128]
        var deliver = 0, g = 0
        for n in 0..<1200 {
            var pdu = try ue.protect([0x7e, 0x00, 0x43])
            guard n == deliver else { continue }
            #expect(pdu[6] == UInt8(truncatingIfNeeded: n))
            guard case .verified(let v) = try net.unprotect(&pdu) else { Issue.record("message \(n) rejected"); return }
            #expect(v.count.value == UInt32(n))
            accepted.append(v.count.value)
            deliver += gaps[g % gaps.count]
            g += 1
        }
        #expect(accepted.count > 10)
        #expect(net.lastReceivedCount?.overflow == UInt16((accepted.last ?? 0) >> 8))
        #expect(net.lastReceivedCount?.overflow ?? 0 >= 3)
    }

    @Test("a gap of 256 messages cannot be told from a forgery: MAC mismatch, context unchanged")
    func outOfWindow() throws {
        var (ue, net) = try Self.contexts()
        guard case .integrityOK = try net.receive(try ue.protect([0x7e, 0x00, 0x43])) else { Issue.record("first rejected"); return }
        for _ in 0..<256 { _ = try ue.protect([0x7e, 0x00, 0x43]) }
        var late = try ue.protect([0x7e, 0x00, 0x43])  // COUNT 257: SQN 1, estimated as COUNT 1
        guard case .failed(.macMismatch(let count, _, _)) = try net.unprotect(&late) else { Issue.record("out-of-window accepted"); return }
        #expect(count == NASCount(value: 1))
        #expect(net.lastReceivedCount == .zero)
    }

    @Test("a replay from just before an SQN wrap is recognised after it")
    func replayAcrossWrap() throws {
        var (ue, net) = try Self.contexts(nextUplink: NASCount(overflow: 2, sequenceNumber: 254))
        let old = try ue.protect([0x7e, 0x00, 0x43])       // COUNT 2/254
        let newer = try ue.protect([0x7e, 0x00, 0x55])     // COUNT 2/255
        let wrapped = try ue.protect([0x7e, 0x00, 0x43])   // COUNT 3/0
        for pdu in [old, newer, wrapped] {
            guard case .integrityOK = try net.receive(pdu) else { Issue.record("in order rejected"); return }
        }
        #expect(net.lastReceivedCount == NASCount(overflow: 3, sequenceNumber: 0))
        #expect(try net.receive(old) == .integrityFailed(.replayed(count: NASCount(overflow: 2, sequenceNumber: 254))))
        #expect(try net.receive(wrapped) == .integrityFailed(.replayed(count: NASCount(overflow: 3, sequenceNumber: 0))))
    }

    @Test("at the last COUNT the sender refuses to protect and the receiver accepts nothing more")
    func exhaustion() throws {
        var (ue, net) = try Self.contexts(nextUplink: NASCount(value: NASCount.maximum.value - 1))
        #expect(ue.isNearCountWrapAround)
        let a = try ue.protect([0x7e, 0x00, 0x43])
        let b = try ue.protect([0x7e, 0x00, 0x43])
        #expect(ue.nextSendCount == nil)
        #expect(ue.lastSentCount == .maximum)
        #expect(throws: SecurityError.self) { try ue.protect([0x7e, 0x00, 0x43]) }
        do { _ = try ue.protect([0x7e, 0x00, 0x43]) } catch { #expect(error.code == .countExhausted) }
        guard case .integrityOK = try net.receive(a), case .integrityOK(_, let v) = try net.receive(b) else { Issue.record("rejected"); return }
        #expect(v.count == .maximum)
        #expect(net.nextReceiveCount == nil)
        #expect(try net.receive(b) == .integrityFailed(.countExhausted))
    }

    @Test("a context made with non-zero initial COUNTs continues from them")
    func initialCounts() throws {
        var (ue, net) = try Self.contexts(nextUplink: NASCount(overflow: 3, sequenceNumber: 250))
        #expect(!ue.isNearCountWrapAround)
        #expect(net.lastReceivedCount == nil)
        guard case .integrityOK(_, let v) = try net.receive(try ue.protect([0x7e, 0x00, 0x43])) else { Issue.record("rejected"); return }
        #expect(v.count == NASCount(overflow: 3, sequenceNumber: 250))
        #expect(net.estimatedReceiveCount(sequenceNumber: 5) == NASCount(overflow: 4, sequenceNumber: 5))
    }
}
