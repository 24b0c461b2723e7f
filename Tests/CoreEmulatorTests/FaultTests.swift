import CoreEmulator
import NAS5GS
import NGAP
import Testing

@Suite("CoreEmulator: configured faults (delay, reject per SUPI range, drop, abort after N messages)")
struct FaultTests {
    @Test("a delay fault holds the NG Setup Response back until its timer fires")
    func delay() throws {
        var loop = try CoreLoop(testConfiguration(faults: FaultConfiguration(delays: [
            MessageDelay(message: MessageName(layer: .ngap, name: "NGSetupResponse"), delay: .milliseconds(300)),
        ])))
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        try loop.receive(ScriptedGNB().ngSetupRequest(), on: AssociationID(1))
        #expect(loop.take().isEmpty)
        #expect(loop.timers.values.contains { $0 == loop.now + .milliseconds(300) })
        let fired = loop.fire(.delayedSend)
        #expect(fired)
        #expect(loop.take().map(\.messageName) == ["NGSetupResponse"])
    }

    @Test("a reject fault refuses the registration of SUPIs in its range with its cause, and only those")
    func rejectRange() throws {
        var loop = try CoreLoop(testConfiguration(faults: FaultConfiguration(rejects: [
            RangeReject(firstIMSI: "001010000000002", count: 2, procedure: .registration, cause: 22),
        ])))
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        for (imsi, rejected) in [("001010000000002", true), ("001010000000003", true), ("001010000000004", false)] {
            var ue = try ScriptedUE(imsi: imsi, k: testK, opc: testOPc)
            let (initial, _) = gnb.initialUEMessage(ue.registrationRequest())
            try loop.receive(initial, on: a, stream: 1)
            guard let (nas, _) = loop.take().first.flatMap(Downlink.nas) else {
                Issue.record("no answer for \(imsi)")
                continue
            }
            switch try ue.read(nas) {
            case .registrationReject(let r): #expect(rejected && r.cause.rawValue == 22, "\(imsi)")
            case .authenticationRequest: #expect(!rejected, "\(imsi)")
            default: Issue.record("unexpected answer for \(imsi)")
            }
        }
    }

    @Test("abort after N messages aborts the association once it has sent N NGAP messages")
    func abortAfter() throws {
        var loop = try CoreLoop(testConfiguration(faults: FaultConfiguration(abortAfterMessages: 2)))
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        #expect(loop.aborted.isEmpty)
        let (initial, _) = gnb.initialUEMessage(try ScriptedUE(imsi: "001010000000001", k: testK, opc: testOPc).registrationRequest())
        try loop.receive(initial, on: a, stream: 1)
        #expect(loop.aborted == [a])
        #expect(loop.core.connectedGNBCount == 0)
        #expect(loop.core.ueCount == 0)
    }

    @Test("a drop fault with probability 1 on sent NG Setup Responses sends nothing; the same seed drops the same messages")
    func drop() throws {
        var loop = try CoreLoop(testConfiguration(faults: FaultConfiguration(drop: DropFault(
            probability: 1, direction: .sent, messages: [MessageName(layer: .ngap, name: "NGSetupResponse")]))))
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        try loop.receive(ScriptedGNB().ngSetupRequest(), on: AssociationID(1))
        #expect(loop.take().isEmpty)

        func run(seed: UInt64) throws -> [Bool] {
            var l = try CoreLoop(testConfiguration(faults: FaultConfiguration(drop: DropFault(probability: 0.5, seed: seed, direction: .sent))))
            var answered: [Bool] = []
            for i in 1...20 {
                l.handle(.associationUp(AssociationID(i), outboundStreams: 4))
                try l.receive(ScriptedGNB().ngSetupRequest(), on: AssociationID(i))
                answered.append(!l.take().isEmpty)
            }
            return answered
        }
        let first = try run(seed: 3)
        #expect(try run(seed: 3) == first)
        #expect(first.contains(true) && first.contains(false))
    }
}
