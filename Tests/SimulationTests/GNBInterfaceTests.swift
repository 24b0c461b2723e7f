import ASN1PER
import NGAP
import Simulation
import Testing

@Suite("gNB interface management (TS 38.413 §8.7)")
struct GNBInterfaceTests {
    @Test("association up sends NG Setup Request on stream 0 with the configured gNB ID, TAs, slices and paging DRX")
    func ngSetupRequest() throws {
        var bench = try Bench(.test(id: 0x1234, tac: 7))
        let a = bench.associationUp()
        #expect(a.messageNames == ["NGSetupRequest"])
        #expect(a.streams == [0])
        #expect(a.contains(.startTimer(.ngSetup, after: .seconds(5))))
        guard case .ngSetup(let request)? = a.pdus.first?.initiating else { Issue.record("no NG Setup Request"); return }
        guard case .globalGNBID(let global)? = request.protocolIEs.first(\.globalRANNodeID), case .gnbID(let id) = global.gnbID else {
            Issue.record("no Global gNB ID"); return
        }
        #expect(id.uint64Value == 0x1234 && id.bitCount == 22)
        #expect(global.plmnIdentity.value.array == [0x00, 0xF1, 0x10])
        let tas = try #require(request.protocolIEs.first(\.supportedTAList)).value
        #expect(tas.map(\.tac.value.array) == [[0, 0, 7]])
        #expect(tas.first?.broadcastPLMNList.value.first?.taiSliceSupportList.value.map(\.sNSSAI.sst.value.array) == [[1]])
        #expect(request.protocolIEs.first(\.defaultPagingDRX) == .v128)
        #expect(request.protocolIEs.first(\.ranNodeName)?.value == "gnb-4660")
        #expect(!bench.gnb.isReady)
    }

    @Test("NG Setup Response makes the gNB ready, keeps the AMF's GUAMIs and reports ng_setup success")
    func ngSetupResponse() throws {
        var bench = try Bench()
        _ = bench.associationUp()
        bench.advance(.milliseconds(3))
        let a = bench.receive(ScriptedAMF.ngSetupResponse(), stream: 0)
        #expect(bench.gnb.isReady)
        #expect(a.contains(.stopTimer(.ngSetup)))
        #expect(a.reports == [ProcedureReport(kind: .ngSetup, outcome: .success, started: .zero, ended: .milliseconds(3))])
        #expect(bench.gnb.amf.amfName == "open5gs-amf0")
        #expect(bench.gnb.amf.servedGUAMIs == [ScriptedAMF.guami])
        #expect(a.deviations.isEmpty)
    }

    @Test("NG Setup Failure with Time to Wait: the gNB waits that long, retries on the timer, and then succeeds")
    func ngSetupTimeToWait() throws {
        var bench = try Bench()
        _ = bench.associationUp()
        let failure = bench.receive(ScriptedAMF.ngSetupFailure(.misc(.controlProcessingOverload), timeToWait: .v2s), stream: 0)
        #expect(failure.contains(.startTimer(.ngSetup, after: .seconds(2))))
        #expect(failure.reports.isEmpty, "one failure with Time to Wait does not end the procedure")
        #expect(failure.messageNames.isEmpty, "nothing is sent before Time to Wait has passed")
        #expect(!bench.gnb.isReady)
        bench.advance(.seconds(2))
        let retry = bench.fire(.ngSetup)
        #expect(retry.messageNames == ["NGSetupRequest"])
        #expect(retry.streams == [0])
        bench.advance(.milliseconds(1))
        let ok = bench.receive(ScriptedAMF.ngSetupResponse(), stream: 0)
        #expect(bench.gnb.isReady)
        #expect(ok.reports.map(\.outcome) == [.success])
        #expect(ok.reports.first?.started == .zero, "the report spans every attempt")
        #expect(ok.reports.first?.ended == .milliseconds(2001))
    }

    @Test("NG Setup Failure without Time to Wait fails the procedure with its cause; a command starts it again")
    func ngSetupFailure() throws {
        var bench = try Bench()
        _ = bench.associationUp()
        let a = bench.receive(ScriptedAMF.ngSetupFailure(.misc(.unknownPLMNOrSNPN), timeToWait: nil), stream: 0)
        #expect(a.reports.count == 1)
        guard case .failure(let why)? = a.reports.first?.outcome else { Issue.record("no failure report"); return }
        #expect(why.contains("unknown-PLMN-or-SNPN"), "\(why)")
        #expect(!bench.gnb.isReady)
        #expect(bench.command(.ngSetup).messageNames == ["NGSetupRequest"])
    }

    @Test("Time to Wait on every attempt: the gNB gives up after ngSetupMaxAttempts")
    func ngSetupGivesUp() throws {
        var config = GNBConfig.test()
        config.ngSetupMaxAttempts = 2
        var bench = try Bench(config)
        _ = bench.associationUp()
        _ = bench.receive(ScriptedAMF.ngSetupFailure(.misc(.controlProcessingOverload), timeToWait: .v1s), stream: 0)
        #expect(bench.fire(.ngSetup).messageNames == ["NGSetupRequest"])
        let last = bench.receive(ScriptedAMF.ngSetupFailure(.misc(.controlProcessingOverload), timeToWait: .v1s), stream: 0)
        #expect(last.reports.count == 1)
        #expect(!last.contains(.startTimer(.ngSetup, after: .seconds(1))))
    }

    @Test("an unanswered NG Setup Request is sent again on the response timer, then reported failed")
    func ngSetupUnanswered() throws {
        var config = GNBConfig.test()
        config.ngSetupMaxAttempts = 2
        var bench = try Bench(config)
        _ = bench.associationUp()
        #expect(bench.fire(.ngSetup).messageNames == ["NGSetupRequest"])
        let end = bench.fire(.ngSetup)
        #expect(end.messageNames.isEmpty)
        #expect(end.reports.count == 1)
        #expect(end.reports.first?.outcome != .success)
    }

    @Test("NG Reset from the AMF releases every UE context, tunnels down and UEs idle, and is acknowledged on stream 0")
    func ngResetAll() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connectWithSession(&bench, ue: 0, amf: 10)
        _ = connect(&bench, ue: 1, amf: 11)
        let a = bench.receive(ScriptedAMF.ngResetAll(), stream: 0)
        #expect(a.messageNames == ["NGResetAcknowledge"])
        #expect(a.streams == [0])
        #expect(Set(a.released) == [UEIndex(0), UEIndex(1)])
        #expect(a.tunnelsDown.map(\.pduSessionID) == [1])
        #expect(bench.gnb.contextCount == 0)
        #expect(a.deviations.isEmpty)
    }

    @Test("a partial NG Reset releases only the named connection and lists it in the acknowledge")
    func ngResetPart() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran0 = connect(&bench, ue: 0, amf: 10)
        _ = connect(&bench, ue: 1, amf: 11)
        let a = bench.receive(ScriptedAMF.ngResetPart(ranIDs: [ran0]), stream: 0)
        #expect(a.released == [UEIndex(0)])
        guard case .ngReset(let ack)? = a.pdus.first?.successful else { Issue.record("no acknowledge"); return }
        #expect(ack.protocolIEs.first(\.ueAssociatedLogicalNGConnectionList)?.value.map { $0.ranUENGAPID?.value } == [ran0])
        #expect(bench.gnb.context(of: UEIndex(1)) != nil)
    }

    @Test("gNB-initiated NG Reset: contexts released first, then NG Reset on stream 0; the acknowledge ends it")
    func ngResetByGNB() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connect(&bench, ue: 0, amf: 10)
        let a = bench.command(.ngReset(cause: .transport(.transportResourceUnavailable), ues: nil))
        #expect(a.messageNames == ["NGReset"])
        #expect(a.streams == [0])
        #expect(a.released == [UEIndex(0)])
        bench.advance(.milliseconds(5))
        let ack = bench.receive(ScriptedAMF.ngResetAcknowledge(), stream: 0)
        #expect(ack.reports.map(\.kind) == [.ngReset])
        #expect(ack.reports.first?.outcome == .success)
        #expect(ack.reports.first?.latency == .milliseconds(5))
    }

    @Test("RAN Configuration Update: acknowledged; a failure with Time to Wait is retried on the timer")
    func ranConfigurationUpdate() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.command(.ranConfigurationUpdate)
        #expect(a.messageNames == ["RANConfigurationUpdate"])
        #expect(a.streams == [0])
        let fail = bench.receive(ScriptedAMF.ranConfigurationUpdateFailure(timeToWait: .v5s), stream: 0)
        #expect(fail.contains(.startTimer(.ranConfigurationUpdate, after: .seconds(5))))
        #expect(fail.reports.isEmpty)
        #expect(bench.fire(.ranConfigurationUpdate).messageNames == ["RANConfigurationUpdate"])
        let ok = bench.receive(ScriptedAMF.ranConfigurationUpdateAcknowledge(), stream: 0)
        #expect(ok.reports.map(\.kind) == [.ranConfigurationUpdate])
        #expect(ok.reports.first?.outcome == .success)
    }

    @Test("an Error Indication from the AMF is reported as a deviation naming its cause")
    func errorIndicationReceived() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(ScriptedAMF.errorIndication(cause: .protocol_(.semanticError)), stream: 0)
        #expect(a.deviations.map(\.kind) == ["errorIndicationReceived"])
        #expect(a.deviations.first?.message.contains("semantic-error") == true)
        #expect(a.messageNames.isEmpty, "an Error Indication is never answered")
    }

    @Test("the gNB sends Error Indication on command: on stream 0, or on the UE's stream with its NGAP IDs")
    func errorIndicationSent() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 10)
        let plain = bench.command(.errorIndication(nil, cause: .misc(.unspecified)))
        #expect(plain.streams == [0])
        let ue = bench.command(.errorIndication(UEIndex(0), cause: .misc(.unspecified)))
        #expect(ue.messageNames == ["ErrorIndication"])
        #expect(ue.streams.first == bench.gnb.context(of: UEIndex(0))?.stream)
        guard case .errorIndication(let e)? = ue.pdus.first?.initiating else { return }
        #expect(e.protocolIEs.first(\.ranUENGAPID)?.value == ran)
        #expect(e.protocolIEs.first(\.amfUENGAPID)?.value == 10)
    }

    @Test("a lost association releases every UE locally and stops the interface; the next association sets it up again")
    func associationLost() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connectWithSession(&bench, ue: 3, amf: 10)
        let a = bench.lose()
        #expect(a.released == [UEIndex(3)])
        #expect(a.tunnelsDown.count == 1)
        #expect(a.messageNames.isEmpty)
        #expect(!bench.gnb.isReady)
        #expect(bench.uplink(4, nas(1), setup: moSignalling).refusals == [.notReady])
        _ = bench.setUp()
        #expect(bench.gnb.isReady)
    }

    @Test("an association that comes up again (SCTP restart) releases the old contexts before the new NG Setup")
    func associationRestart() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connectWithSession(&bench, ue: 1, amf: 10)
        let a = bench.associationUp()
        #expect(a.released == [UEIndex(1)])
        #expect(a.tunnelsDown.count == 1)
        #expect(a.messageNames == ["NGSetupRequest"])
        #expect(bench.gnb.contextCount == 0)
        #expect(!bench.gnb.isReady)
    }

    @Test("AMF Configuration Update is taken and acknowledged on stream 0")
    func amfConfigurationUpdate() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let update = NGAPPDU.initiatingMessage(.amfConfigurationUpdate(AMFConfigurationUpdate(protocolIEs: [
            .amfName(AMFName("amf-b")), .relativeAMFCapacity(RelativeAMFCapacity(10)),
        ])))
        let a = bench.receive(update, stream: 0)
        #expect(a.messageNames == ["AMFConfigurationUpdateAcknowledge"])
        #expect(a.streams == [0])
        #expect(bench.gnb.amf.amfName == "amf-b")
        #expect(bench.gnb.amf.relativeCapacity == 10)
    }

    @Test("many gNBs per process: each keeps its own interface, IDs and TEIDs")
    func manyGNBs() throws {
        var benches = try (0..<8).map { try Bench(.test(id: UInt32($0 + 1), prefix: UInt8($0 + 1)), index: $0) }
        var teids: Set<UInt32> = []
        for i in benches.indices {
            _ = benches[i].setUp()
            let ran = connect(&benches[i], ue: 0, amf: 10)
            let a = benches[i].receive(ScriptedAMF.initialContextSetup(amf: 10, ran: ran, sessions: [.init(id: 1, ulTEID: 7)]))
            for t in a.tunnelsUp { teids.insert(t.dlTEID) }
        }
        #expect(benches.allSatisfy { $0.gnb.isReady })
        #expect(teids.count == 8, "downlink TEIDs differ across gNBs with different prefixes")
    }
}
