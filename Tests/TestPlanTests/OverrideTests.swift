import Testing
import TestPlan

@Suite("--set overrides")
struct OverrideTests {
    static let smoke = PlanFiles.shippedPath("smoke.yaml")

    @Test("overrides change the target, the UE count and a list item before validation")
    func applies() throws {
        let plan = try PlanFiles.load(Self.smoke, overrides: [
            "target.core=external", "target.amf=[10.0.0.1, \"[fd00::1]:38413\"]", "target.dn_peer=10.45.0.1",
            "subscribers[0].count=500", "ran.gnbs.0.count=4", "scenario.steps[2].traffic.rate=50/s",
        ])
        guard case .external(let amf, nil) = plan.target.core else { Issue.record("not external"); return }
        #expect(amf.map(\.description) == ["10.0.0.1:38412", "[fd00::1]:38413"])
        #expect(plan.subscribers.count == 500)
        #expect(plan.ran.gnbs.count == 4)
        guard case .traffic(let t) = plan.scenario.steps[2].action else { Issue.record("not traffic"); return }
        #expect(t.rate.perSecond == 50)
    }

    @Test("an override creates missing mappings and appends at one past the end of a list")
    func creates() throws {
        let plan = try PlanFiles.load(Self.smoke, overrides: [
            "load.model=closed", "load.stages[0]={target: 5, duration: 10s}",
            "thresholds[5]=gtpu.rtt.p99 < 10ms",
        ])
        #expect(plan.load.stages == [LoadProfile.Stage(target: .ues(5), end: .duration(.seconds(10)), position: plan.load.stages[0].position)])
        #expect(plan.thresholds.last?.metric.name == "gtpu.rtt.p99")
    }

    @Test("a value an override breaks is reported at --set KEY, with the rule")
    func overriddenValueErrors() {
        let diagnostics = TestPlanLoader.diagnostics(contentsOf: Self.smoke, overrides: [
            try! PlanOverride.parse("target.sctp=kernal").get(),
            try! PlanOverride.parse("subscribers[0].count=0").get(),
            try! PlanOverride.parse("target.amff=10.0.0.1").get(),
        ])
        #expect(diagnostics.map(\.description) == [
            "--set subscribers[0].count: error: subscribers[0].count: 0 is out of range 1...100000000",
            "--set target.amff: error: target: unknown key \"amff\"; did you mean \"amf\"?",
            "--set target.sctp: error: target.sctp: \"kernal\" is not one of auto, kernel, user; did you mean \"kernel\"?",
        ])
    }

    @Test("overrides that cannot apply name the key", arguments: [
        ("novalue", "--set novalue: expected key=value"),
        ("a..b=1", "--set a..b: empty component in \"a..b\""),
        ("a[x]=1", "--set a[x]: \"a[x]\" is not NAME[INDEX]"),
    ])
    func malformed(text: String, message: String) {
        switch PlanOverride.parse(text) {
        case .success: Issue.record("\(text) parsed")
        case .failure(let e): #expect(e.message == message)
        }
    }

    @Test("paths that do not fit the document are errors naming the key", arguments: [
        ("subscribers.count=5", "subscribers is a list; \"count\" needs an index such as [0]"),
        ("subscribers[7].count=5", "subscribers has 1 items; index 7 is past the end (at most 1, which appends)"),
        ("metadata.name.first=x", "metadata.name is the string \"smoke\", not a mapping with \"first\""),
        ("target[0]=x", "target is a mapping; index [0] needs a key name"),
    ])
    func mismatched(text: String, message fragment: String) throws {
        let o = try PlanOverride.parse(text).get()
        let d = TestPlanLoader.diagnostics(contentsOf: Self.smoke, overrides: [o])
        #expect(d.count == 1)
        #expect(d.first?.position == .override(o.key))
        #expect(d.first?.message == fragment)
    }

    @Test("a value that is not YAML is reported at its key")
    func badValue() throws {
        let o = try PlanOverride.parse("target.amf=[10.0.0.1").get()
        let d = TestPlanLoader.diagnostics(contentsOf: Self.smoke, overrides: [o])
        #expect(d.count == 1)
        #expect(d.first?.description.hasPrefix("--set target.amf: error: the value \"[10.0.0.1\" is not a YAML value") == true)
    }
}
