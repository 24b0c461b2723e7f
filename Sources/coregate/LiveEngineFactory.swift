import CoreDriver
import CoreEmulator
import Runner
import TestPlan
import Transport

/// The live engine `coregate run` uses: the plan's gNBs and UEs against the embedded core (started in this
/// process, on the same event loop, on 127.0.0.5 with an ephemeral N2 port and N3 on 2152) or against the
/// plan's external AMF.
enum LiveEngineFactory {
    static func make(plan: TestPlan, slice: PlanSlice, capturePath: String?) throws(RunnerError) -> LiveRunEngine {
        switch plan.target.core {
        case .embedded:
            let core: CoreDriver
            do {
                core = try CoreDriver(configuration: embeddedCoreConfiguration(plan), backend: backend(plan))
            } catch {
                throw RunnerError(.invalidPlan, "embedded core: \(error.message)")
            }
            return try LiveRunEngine(plan: plan, slice: slice, amf: nil, core: core, capturePath: capturePath,
                                     defaultDestination: "10.60.0.1")
        case .external(let endpoints, _):
            guard let first = endpoints.first else { throw RunnerError(.invalidPlan, "target.amf names no AMF") }
            guard case .address(let host) = first.host else {
                throw RunnerError(.invalidPlan, "target.amf \(first): give the AMF's IP address (host names are not resolved)")
            }
            let amf: SocketAddress
            do {
                amf = try SocketAddress(host.description, port: first.port)
            } catch {
                throw RunnerError(.invalidPlan, "target.amf \(first): \(error.message)")
            }
            return try LiveRunEngine(plan: plan, slice: slice, amf: amf, core: nil, capturePath: capturePath, defaultDestination: nil)
        }
    }

    static func backend(_ plan: TestPlan) -> SCTPBackendChoice {
        switch plan.target.sctp {
        case .auto: .auto
        case .kernel: .kernel
        case .user: .user
        }
    }

    /// The embedded core provisioned with the plan's subscribers, serving every gNB's PLMN, TAC and slices.
    static func embeddedCoreConfiguration(_ plan: TestPlan) -> CoreConfiguration {
        let gnbs = plan.ran.gnbs
        let plmn = gnbs.first.map { CorePLMN(mcc: $0.plmn.mcc, mnc: $0.plmn.mnc) } ?? CorePLMN(mcc: "001", mnc: "01")
        var tacs: [UInt32] = []
        var slices: [CoreSNSSAI] = []
        for g in gnbs {
            if !tacs.contains(g.tac) { tacs.append(g.tac) }
            for s in g.slices where !slices.contains(CoreSNSSAI(sst: s.sst, sd: s.sd)) { slices.append(CoreSNSSAI(sst: s.sst, sd: s.sd)) }
        }
        let register = plan.scenario.steps.firstRegisterStep
        var dnnNames: [String] = []
        let subscribers = plan.subscribers.ranges.map { r -> SubscriberRangeConfiguration in
            for d in r.dnns where !dnnNames.contains(d) { dnnNames.append(d) }
            let key: CoreOperatorKey = switch r.operatorKey {
            case .opc(let v): .opc(v)
            case .op(let v): .op(v)
            }
            let method: AuthenticationMethod? = register?.authentication == .eapAKAPrime ? .eapAKAPrime : nil
            return SubscriberRangeConfiguration(firstIMSI: r.firstIMSI, count: r.count, k: r.k, operatorKey: key, amfField: r.amf, sqn: r.sqn,
                                                slices: r.slices.map { CoreSNSSAI(sst: $0.sst, sd: $0.sd) }, dnns: r.dnns,
                                                authentication: method)
        }
        if dnnNames.isEmpty { dnnNames = ["internet"] }
        // One /12 per DNN from 10.48.0.0 on (a million UEs each); the data network answers at 10.60.0.1, which
        // the pool never hands out.
        let dnns = dnnNames.enumerated().map { i, name in
            DNNConfiguration(name: name, ipv4Pool: .init(network: IPv4Address(rawValue: 0x0A30_0000 &+ UInt32(i % 12) << 20), length: 12))
        }
        return CoreConfiguration(
            plmn: plmn,
            amf: AMFConfiguration(address: "127.0.0.5", port: 0, tacs: tacs.isEmpty ? [1] : tacs, slices: slices.isEmpty ? [CoreSNSSAI(sst: 1)] : slices),
            upf: UPFConfiguration(address: .v4(IPv4Address(rawValue: 0x7F00_0005)), dnAddress: .v4(IPv4Address(rawValue: 0x0A3C_0001))),
            dnns: dnns, subscribers: subscribers)
    }
}
