import ASN1PER
import CoreEmulator
import NGAP
import Testing

/// The Error Indication the core sent, with its cause.
func errorIndicationCause(_ pdu: NGAPPDU) -> Cause? {
    guard case .initiatingMessage(let m) = pdu, case .errorIndication(let e) = m.value else { return nil }
    return e.protocolIEs.first(\.cause)
}

@Suite("CoreEmulator: malformed and unexpected NGAP answered per TS 38.413 §10")
struct ErrorHandlingTests {
    func setUp() throws -> CoreLoop {
        var loop = try CoreLoop(testConfiguration())
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        try loop.receive(ScriptedGNB().ngSetupRequest(), on: AssociationID(1))
        _ = loop.take()
        return loop
    }

    @Test("bytes that are no NGAP-PDU get an Error Indication with cause transfer-syntax-error (§10.2)",
          arguments: [[UInt8](), [0x00], [0x00, 0x0F, 0x40, 0xFF, 0xFF], [0x20, 0x15, 0x00, 0x80], [UInt8](repeating: 0xFF, count: 40)])
    func transferSyntaxError(bytes: [UInt8]) throws {
        var loop = try setUp()
        loop.handle(.ngapReceived(AssociationID(1), stream: 0, bytes: bytes))
        let out = loop.take()
        #expect(out.count == 1)
        #expect(out.first.flatMap(errorIndicationCause) == .protocol_(.transferSyntaxError))
        #expect(loop.deviations.contains { $0.kind == "transferSyntaxError" && $0.bytes == bytes })
    }

    @Test("a UE-associated message before NG Setup gets an Error Indication, message-not-compatible-with-receiver-state")
    func beforeNGSetup() throws {
        var loop = try CoreLoop(testConfiguration())
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        var gnb = ScriptedGNB()
        let (initial, _) = gnb.initialUEMessage([0x7E, 0x00, 0x41])
        try loop.receive(initial, on: AssociationID(1), stream: 1)
        let out = loop.take()
        #expect(out.count == 1)
        #expect(out.first.flatMap(errorIndicationCause) == .protocol_(.messageNotCompatibleWithReceiverState))
    }

    @Test("an Uplink NAS Transport with an AMF UE NGAP ID the AMF never gave gets unknown-local-UE-NGAP-ID (§10.6)")
    func unknownUEID() throws {
        var loop = try setUp()
        try loop.receive(ScriptedGNB().uplinkNAS([0x7E, 0x00, 0x43], amf: 999, ran: 5), on: AssociationID(1), stream: 1)
        let out = loop.take()
        #expect(out.count == 1)
        #expect(out.first.flatMap(errorIndicationCause) == .radioNetwork(.unknownLocalUENGAPID))
    }

    @Test("a message only an AMF sends, received from a gNB, gets an Error Indication (§10.4)")
    func wrongDirection() throws {
        var loop = try setUp()
        let pdu = NGAPPDU.initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(1)), .ranUENGAPID(RANUENGAPID(1)), .nasPDU(NASPDU(ASN1Bytes([0x7E, 0x00, 0x42]))),
        ])))
        try loop.receive(pdu, on: AssociationID(1), stream: 1)
        let out = loop.take()
        #expect(out.count == 1)
        #expect(out.first.flatMap(errorIndicationCause) == .protocol_(.messageNotCompatibleWithReceiverState))
    }

    @Test("an NG Setup Request without its mandatory Supported TA List fails with abstract-syntax-error-reject and diagnostics (§10.3.5)")
    func missingMandatoryIE() throws {
        var loop = try CoreLoop(testConfiguration())
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        let pdu = NGAPPDU.initiatingMessage(.ngSetup(NGSetupRequest(protocolIEs: [.defaultPagingDRX(.v128)])))
        try loop.receive(pdu, on: AssociationID(1))
        let out = loop.take()
        guard case .unsuccessfulOutcome(let m)? = out.first, case .ngSetup(let f) = m.value else {
            Issue.record("expected NG Setup Failure, got \(out.map(\.messageName))")
            return
        }
        #expect(f.protocolIEs.first(\.cause) == .protocol_(.abstractSyntaxErrorReject))
        let items = f.protocolIEs.first(\.criticalityDiagnostics)?.iesCriticalityDiagnostics?.value ?? []
        #expect(items.contains { $0.ieID == .supportedTAList && $0.typeOfError == .missing })
    }
}
