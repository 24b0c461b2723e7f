import Bytes
import Foundation
import Testing
import TestPlan

@Suite("Shipped plans")
struct ShippedPlanTests {
    @Test("testplans/ holds exactly the plans the product ships, each with the schema line and a header")
    func folderMatchesList() throws {
        #expect(PlanFiles.yamlFiles(in: PlanFiles.testplans) == PlanFiles.shipped.sorted())
        for name in PlanFiles.shipped {
            let text = try String(contentsOfFile: PlanFiles.shippedPath(name), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "# yaml-language-server: $schema=./schema.json", "\(name)")
            // The header says what it proves, how long it runs and what to override for a real core.
            #expect(text.contains("# Proves:"), "\(name)")
            #expect(text.contains("# Runs:"), "\(name)")
            #expect(text.contains("# Real core:"), "\(name)")
        }
    }

    @Test("every shipped plan validates", arguments: PlanFiles.shipped)
    func validates(name: String) {
        let diagnostics = TestPlanLoader.diagnostics(contentsOf: PlanFiles.shippedPath(name))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }

    @Test("every shipped plan validates against a real core with the usual overrides", arguments: PlanFiles.shipped)
    func realCore(name: String) throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath(name), overrides: [
            "target.core=external", "target.amf=10.0.0.1", "target.dn_peer=10.45.0.1",
        ])
        #expect(plan.target.core == .external(amf: [Endpoint(host: .address(IPAddress("10.0.0.1")!), port: 38412)], upf: nil))
    }

    @Test("every shipped plan round-trips: its canonical form reads back to the same canonical form", arguments: PlanFiles.shipped)
    func roundTrips(name: String) throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath(name))
        let canonical = CanonicalForm.document(plan).jsonText
        let again = try TestPlanLoader.load(text: canonical, file: "canonical-\(name)")
        #expect(CanonicalForm.document(again).jsonText == canonical)
        // The model read back equals the original except for positions.
        #expect(again.subscribers.ranges.map(\.firstIMSI) == plan.subscribers.ranges.map(\.firstIMSI))
        #expect(again.scenario.steps.map(\.kind) == plan.scenario.steps.map(\.kind))
        #expect(again.thresholds.map(\.metric) == plan.thresholds.map(\.metric))
        #expect(again.load.stages.map(\.target) == plan.load.stages.map(\.target))
    }

    @Test("smoke.yaml reads to the model its text describes")
    func smokeModel() throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath("smoke.yaml"))
        #expect(plan.metadata.name == "smoke")
        #expect(plan.target.isEmbedded && plan.target.sctp == .auto)
        #expect(plan.ran.gnbs.count == 1 && plan.ran.gnbs[0].plmn == PLMN(mcc: "001", mnc: "01") && plan.ran.gnbs[0].idLength == 22)
        #expect(plan.subscribers.count == 10)
        let ue9 = try #require(plan.subscribers.identity(ue: 9))
        #expect(ue9.supi == "imsi-001010000000010")
        #expect(ue9.amf == [0x80, 0x00] && ue9.sqn == [0, 0, 0, 0, 0, 0] && ue9.dnns == ["internet"])
        #expect(plan.scenario.setup.map(\.kind) == [.ngSetup])
        #expect(plan.scenario.steps.map(\.kind) == [.register, .pduSession, .traffic, .deregister])
        guard case .traffic(let t) = plan.scenario.steps[2].action else { Issue.record("not traffic"); return }
        #expect(t.proto == .icmp && t.rate.perSecond == 5 && t.amount == .count(5) && t.size == 56)
        // Default load: every UE once, all at once.
        #expect(plan.load.model == .closed && plan.load.stages.count == 1)
        #expect(plan.load.stages[0].target == .ues(10) && plan.load.stages[0].end == .iterations(10))
        #expect(plan.thresholds.map(\.metric.name) == ["registration.success_rate", "pdu_session_establishment.success_rate",
                                                         "gtpu.loss", "deregistration.success_rate", "ngap.invalid"])
        // Positions point into the file.
        #expect(plan.scenario.steps[0].position.line == 49)
        #expect(plan.scenario.steps[0].position.file.hasSuffix("smoke.yaml"))
    }

    @Test("capacity-ramp.yaml has an open model with a knee search; registration-storm counts dropped arrivals")
    func loadModels() throws {
        let ramp = try PlanFiles.load(PlanFiles.shippedPath("capacity-ramp.yaml"))
        #expect(ramp.load.model == .open && ramp.load.stages.count == 11)
        #expect(ramp.load.start == .rate(Rate(perSecond: 50)))
        let knee = try #require(ramp.load.knee)
        #expect(knee.when.map(\.text) == ["registration.latency.p95 > 250ms", "registration.success_rate < 99%", "dropped_arrivals > 0"])
        #expect(knee.window == .seconds(5) && knee.stop)
        #expect(ramp.load.plannedDuration == .seconds(110))
        let storm = try PlanFiles.load(PlanFiles.shippedPath("registration-storm.yaml"))
        #expect(storm.thresholds.contains { $0.metric.subject == .droppedArrivals && $0.comparison == .equal && $0.bound == 0 })
        let abort = try #require(storm.thresholds.first { $0.abortOnFail })
        #expect(abort.metric.name == "registration.success_rate" && abs(abort.bound - 0.999) < 1e-12 && abort.delayAbortEvaluation == .seconds(10))
        #expect(storm.ran.gnbs.map(\.id) == Array(0x100...0x107).map(UInt32.init))
        #expect(storm.ran.gnbs.map(\.name).last == "storm-7")
    }
}
