import ASN1PER
import NGAP
import Simulation
import Testing

@Suite("gNB facing malformed or unexpected AMF input (TS 38.413 §10)")
struct GNBMalformedInputTests {
    @Test("bytes that are no NGAP-PDU: a transfer-syntax deviation and Error Indication with cause transfer-syntax-error")
    func garbage() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(bytes: [0xFF, 0xFF, 0xFF], stream: 0)
        #expect(a.deviations.map(\.kind) == ["transferSyntaxError"])
        #expect(a.deviations.first?.bytes == [0xFF, 0xFF, 0xFF], "the deviation carries the message")
        #expect(a.messageNames == ["ErrorIndication"])
        #expect(a.pdus.first?.errorIndicationCause == .protocol_(.transferSyntaxError))
    }

    @Test("an unknown procedure code with criticality reject: a deviation and Error Indication naming the procedure")
    func unknownProcedure() throws {
        var bench = try Bench()
        _ = bench.setUp()
        // initiatingMessage, procedure code 250 (undefined), criticality reject, open type of 1 octet.
        let a = bench.receive(bytes: [0x00, 0xFA, 0x00, 0x01, 0x00], stream: 0)
        #expect(a.deviations.map(\.kind) == ["unknownProcedure"])
        #expect(a.messageNames == ["ErrorIndication"])
        guard case .errorIndication(let e)? = a.pdus.first?.initiating else { return }
        #expect(e.protocolIEs.first(\.cause) == .protocol_(.abstractSyntaxErrorReject))
        #expect(e.protocolIEs.first(\.criticalityDiagnostics)?.procedureCode?.rawValue == 250)
        #expect(e.protocolIEs.first(\.criticalityDiagnostics)?.triggeringMessage == .initiatingMessage)
    }

    @Test("Downlink NAS Transport for a RAN UE NGAP ID the gNB never allocated: Error Indication unknown-local-UE-NGAP-ID")
    func unknownLocalID() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(ScriptedAMF.downlinkNAS(amf: 1, ran: 12345, nas: nas(1)))
        #expect(a.deviations.map(\.kind) == ["unknownLocalUENGAPID"])
        #expect(a.pdus.first?.errorIndicationCause == .radioNetwork(.unknownLocalUENGAPID))
        #expect(a.delivered.isEmpty)
    }

    @Test("an AMF UE NGAP ID other than the connection's: Error Indication inconsistent-remote-UE-NGAP-ID and local release")
    func inconsistentRemoteID() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let a = bench.receive(ScriptedAMF.downlinkNAS(amf: 11, ran: ran, nas: nas(1)))
        #expect(a.deviations.map(\.kind) == ["inconsistentRemoteUENGAPID"])
        #expect(a.pdus.first?.errorIndicationCause == .radioNetwork(.inconsistentRemoteUENGAPID))
        #expect(a.released == [UEIndex(0)])
        #expect(bench.gnb.context(of: UEIndex(0)) == nil)
    }

    @Test("a mandatory IE missing (Downlink NAS Transport without NAS-PDU): a deviation and Error Indication")
    func missingIE() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let pdu = NGAPPDU.initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(10)), .ranUENGAPID(RANUENGAPID(ran)),
        ])))
        let a = bench.receive(pdu)
        #expect(a.deviations.map(\.kind) == ["missingMandatoryIE"])
        #expect(a.delivered.isEmpty)
        #expect(a.streams == [bench.gnb.context(of: UEIndex(0))?.stream ?? 0])
        guard case .errorIndication(let e)? = a.pdus.first?.initiating else { Issue.record("no Error Indication"); return }
        #expect(e.protocolIEs.first(\.cause) == .protocol_(.abstractSyntaxErrorReject))
        #expect(e.protocolIEs.first(\.ranUENGAPID)?.value == ran)
        let item = try #require(e.protocolIEs.first(\.criticalityDiagnostics)?.iesCriticalityDiagnostics?.value.first)
        #expect(item.ieID == .nasPDU && item.typeOfError == .missing && item.ieCriticality == .reject)
    }

    /// Downlink NAS Transport with an extra IE of id 9999, which NGAP does not define.
    static func withUnknownIE(ran: Int64, criticality: Criticality) -> NGAPPDU {
        .initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(10)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NASPDU(ASN1Bytes(nas(1)))),
            ProtocolIEField_DownlinkNASTransportIEs(id: ProtocolIEID(rawValue: 9999), criticality: criticality, value: .unknown(ASN1Bytes([0x00]))),
        ])))
    }

    @Test("an IE NGAP does not define, criticality reject: the message is not handled; Error Indication with the diagnostics")
    func unknownIEReject() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let a = bench.receive(Self.withUnknownIE(ran: ran, criticality: .reject))
        #expect(a.deviations.map(\.kind) == ["notComprehendedIE"])
        #expect(a.delivered.isEmpty)
        guard case .errorIndication(let e)? = a.pdus.first?.initiating else { Issue.record("no Error Indication"); return }
        #expect(e.protocolIEs.first(\.cause) == .protocol_(.abstractSyntaxErrorReject))
        let item = try #require(e.protocolIEs.first(\.criticalityDiagnostics)?.iesCriticalityDiagnostics?.value.first)
        #expect(item.ieID.rawValue == 9999 && item.typeOfError == .notUnderstood)
    }

    @Test("Initial Context Setup Request without Security Key (criticality reject): rejected with Initial Context Setup Failure and diagnostics")
    func missingIEClass1() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        guard case .initialContextSetup(var request)? = ScriptedAMF.initialContextSetup(amf: 10, ran: ran).initiating else { return }
        request.protocolIEs.removeAll { $0.securityKey != nil }
        let a = bench.receive(.initiatingMessage(.initialContextSetup(request)))
        #expect(a.deviations.map(\.kind) == ["missingMandatoryIE"])
        #expect(a.messageNames == ["InitialContextSetupFailure"])
        guard case .initialContextSetup(let failure)? = a.pdus.first?.unsuccessful else { return }
        #expect(failure.protocolIEs.first(\.cause) == .protocol_(.abstractSyntaxErrorReject))
        let d = try #require(failure.protocolIEs.first(\.criticalityDiagnostics))
        #expect(d.procedureCode == nil && d.triggeringMessage == nil)
        #expect(d.iesCriticalityDiagnostics?.value.map(\.ieID) == [.securityKey])
        #expect(bench.gnb.context(of: UEIndex(0))?.contextSetUp == false)
    }

    @Test("an IE NGAP does not define, criticality ignore-and-notify: handled, and reported with Error Indication")
    func unknownIENotify() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let a = bench.receive(Self.withUnknownIE(ran: ran, criticality: .notify))
        #expect(a.delivered == [nas(1)])
        #expect(a.deviations.map(\.kind) == ["notComprehendedIE"])
        #expect(a.pdus.first?.errorIndicationCause == .protocol_(.abstractSyntaxErrorIgnoreAndNotify))
    }

    @Test("an IE NGAP does not define, criticality ignore: handled silently, as a later version's IE must be")
    func unknownIEIgnore() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let a = bench.receive(Self.withUnknownIE(ran: ran, criticality: .ignore))
        #expect(a == [.deliverNAS(ue: UEIndex(0), nasPDU: nas(1)[...])])
    }

    @Test("a repeated IE makes a falsely constructed message: not handled, Error Indication")
    func repeatedIE() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let pdu = NGAPPDU.initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(10)), .ranUENGAPID(RANUENGAPID(ran)), .nasPDU(NASPDU(ASN1Bytes(nas(1)))), .nasPDU(NASPDU(ASN1Bytes(nas(2)))),
        ])))
        let a = bench.receive(pdu)
        #expect(a.deviations.map(\.kind) == ["repeatedIE"])
        #expect(a.delivered.isEmpty)
        #expect(a.pdus.first?.errorIndicationCause == .protocol_(.abstractSyntaxErrorFalselyConstructedMessage))
    }

    @Test("an Error Indication with a problem is reported but never answered with another")
    func errorIndicationNotAnswered() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let pdu = NGAPPDU.initiatingMessage(.errorIndication(ErrorIndication(protocolIEs: [
            .cause(.misc(.unspecified)),
            ProtocolIEField_ErrorIndicationIEs(id: ProtocolIEID(rawValue: 9999), criticality: .reject, value: .unknown(ASN1Bytes([0x00]))),
        ])))
        let a = bench.receive(pdu, stream: 0)
        #expect(a.deviations.map(\.kind) == ["notComprehendedIE"])
        #expect(a.messageNames.isEmpty)
    }

    @Test("a response to a procedure the gNB did not start: message-not-compatible-with-receiver-state")
    func unexpectedResponse() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(ScriptedAMF.ngSetupResponse(), stream: 0)
        #expect(a.deviations.map(\.kind) == ["unexpectedMessage"])
        #expect(a.pdus.first?.errorIndicationCause == .protocol_(.messageNotCompatibleWithReceiverState))
        let ran = connect(&bench, ue: 0, amf: 1)
        let b = bench.receive(ScriptedAMF.handoverCommand(amf: 1, ran: ran, sessionIDs: [1], container: [0]))
        #expect(b.deviations.map(\.kind) == ["unexpectedMessage"])
        #expect(b.messageNames == ["ErrorIndication"])
        #expect(b.streams == [bench.gnb.context(of: UEIndex(0))?.stream ?? 0])
    }

    @Test("an unknown procedure code with criticality ignore: a deviation and nothing sent")
    func unknownProcedureIgnore() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(bytes: [0x00, 0xFA, 0x40, 0x01, 0x00], stream: 0)
        #expect(a.deviations.map(\.kind) == ["unknownProcedure"])
        #expect(a.messageNames.isEmpty)
    }

    @Test("a message only a gNB sends, received from the AMF: a deviation and Error Indication")
    func wrongDirection() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(NGAPPDU.initiatingMessage(.ngSetup(NGSetupRequest(protocolIEs: []))), stream: 0)
        #expect(a.deviations.map(\.kind) == ["unexpectedMessage"])
        #expect(a.messageNames == ["ErrorIndication"])
    }

    @Test("NGAP before the association is up, and non-UE-associated messages off stream 0, are deviations")
    func streamsAndOrder() throws {
        var bench = try Bench()
        #expect(bench.receive(ScriptedAMF.ngSetupResponse(), stream: 0).deviations.map(\.kind) == ["unexpectedMessage"])
        _ = bench.associationUp()
        let a = bench.receive(ScriptedAMF.ngSetupResponse(), stream: 2)
        #expect(a.deviations.map(\.kind) == ["wrongStream"])
        #expect(bench.gnb.isReady, "the message is still handled")
    }

    @Test("a PDU Session Resource Setup Request Transfer that does not decode fails only its session")
    func undecodableTransfer() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let pdu = NGAPPDU.initiatingMessage(.pduSessionResourceSetup(PDUSessionResourceSetupRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(10)), .ranUENGAPID(RANUENGAPID(ran)),
            .pduSessionResourceSetupListSUReq(PDUSessionResourceSetupListSUReq([
                PDUSessionResourceSetupItemSUReq(pduSessionID: PDUSessionID(1), sNSSAI: ScriptedAMF.slice,
                                                 pduSessionResourceSetupRequestTransfer: .undecoded(ASN1Bytes([0xFF]))),
                PDUSessionResourceSetupItemSUReq(pduSessionID: PDUSessionID(2), sNSSAI: ScriptedAMF.slice,
                                                 pduSessionResourceSetupRequestTransfer: .value(ScriptedAMF.setupTransfer(.init(id: 2, ulTEID: 2)))),
            ])),
        ])))
        let a = bench.receive(pdu)
        #expect(a.deviations.map(\.kind) == ["undecodableContainer"])
        #expect(a.tunnelsUp.map(\.pduSessionID) == [2])
        guard case .pduSessionResourceSetup(let r)? = a.pdus.first?.successful else { Issue.record("no response: \(a)"); return }
        let failed = try #require(r.protocolIEs.first(\.pduSessionResourceFailedToSetupListSURes)?.value.first)
        #expect(failed.pduSessionID.value == 1)
    }

    /// Every downlink message of a UE's life, as the scripted AMF sends it.
    static func scriptedMessages(ran: Int64) -> [NGAPPDU] {
        [
            ScriptedAMF.downlinkNAS(amf: 10, ran: ran, nas: nas(1)),
            ScriptedAMF.initialContextSetup(amf: 10, ran: ran, sessions: [.init(id: 1, ulTEID: 1)]),
            ScriptedAMF.pduSessionSetup(amf: 10, ran: ran, sessions: [.init(id: 2, ulTEID: 2)]),
            ScriptedAMF.pduSessionModify(amf: 10, ran: ran, id: 2, addQFI: 3, newULTEID: 4),
            ScriptedAMF.pduSessionRelease(amf: 10, ran: ran, ids: [2]),
            ScriptedAMF.paging(tmsi: 1, tacs: [1]),
            ScriptedAMF.handoverRequest(amf: 11, sessions: [.init(id: 1, ulTEID: 1)], container: [0]),
            ScriptedAMF.pathSwitchAcknowledge(amf: 10, ran: ran, sessions: [.init(id: 1, ulTEID: 1)]),
            ScriptedAMF.ngResetPart(ranIDs: [ran]),
            ScriptedAMF.ueContextReleaseCommand(amf: 10, ran: ran),
        ]
    }

    @Test("every truncation and every single-bit flip of the scripted AMF's messages: never a trap, every message sent still valid")
    func mutations() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        var mutants = 0, answered = 0
        for pdu in Self.scriptedMessages(ran: ran) {
            let bytes = try pdu.aperEncoded()
            var variants: [[UInt8]] = (0..<bytes.count).map { Array(bytes.prefix($0)) }
            for bit in 0..<(bytes.count * 8) {
                var flipped = bytes
                flipped[bit / 8] ^= UInt8(0x80 >> (bit % 8))
                variants.append(flipped)
            }
            for variant in variants {
                var copy = bench  // each mutant meets the same state
                let a = copy.receive(bytes: variant, stream: 1)
                mutants += 1
                if !a.isEmpty { answered += 1 }
            }
        }
        #expect(mutants > 1000)
        #expect(answered > mutants / 2, "most mutants give a deviation or an answer")
    }

    @Test("every truncated message is reported as a deviation")
    func truncations() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        for pdu in Self.scriptedMessages(ran: ran) {
            let bytes = try pdu.aperEncoded()
            for n in 0..<bytes.count {
                var copy = bench
                let a = copy.receive(bytes: Array(bytes.prefix(n)), stream: 1)
                #expect(!a.deviations.isEmpty, "\(pdu.messageName) cut to \(n) of \(bytes.count) bytes")
            }
        }
    }
}
