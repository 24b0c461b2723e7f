import Driver
import FiveGSecurity
import NAS5GS
import Packets
import Simulation
import TestPlan
import Transport

/// A plan's RAN and subscribers as the harness plays them: gNB configurations with their local addresses,
/// and each UE's USIM and NAS settings, deterministic from the plan (UE `i` is subscriber `i`).
struct LivePlanSetup {
    var harness: HarnessConfiguration
    /// Plan gNB index (global) → the driver's gNB index.
    var gnbIndex: [Int: GNBIndex]
    var gnbNames: [String: GNBIndex]

    /// Local addresses: a gNB's own `n2_address`/`n3_address` when the plan gives them, else the plan's
    /// `target.n2_bind`/`n3_bind` (one gNB only for N3), else 127.0.0.2, .3 and .4 in turn.
    init(plan: TestPlan, slice: PlanSlice, amf: SocketAddress, capturePath: String?) throws(RunnerError) {
        var placements: [HarnessConfiguration.GNBPlacement] = []
        var index: [Int: GNBIndex] = [:]
        var names: [String: GNBIndex] = [:]
        for g in slice.gnbs {
            let gnb = plan.ran.gnbs[g]
            // Each gNB needs its own N3 address (GTP-U has one port, 2152): on loopback 127.0.0.2, .3, .4 in turn
            // (scripts/setup puts them on lo; the embedded core is on .5).
            let position = placements.count
            let loopback = "127.0.0.\(2 + position % 3)"
            let n2Host = gnb.n2Address?.description ?? plan.target.n2Bind.first?.description ?? loopback
            let n3Host = gnb.n3Address?.description ?? plan.target.n3Bind?.description ?? loopback
            if gnb.n3Address == nil && (plan.target.n3Bind != nil || position >= 3) && position > 0 {
                throw RunnerError(.invalidPlan, "gNB \(gnb.name): several gNBs need an n3_address each (GTP-U listens on port 2152 of each)")
            }
            let n2: SocketAddress, n3: SocketAddress
            do {
                n2 = try SocketAddress(n2Host, port: 0)
                n3 = try SocketAddress(n3Host, port: 2152)
            } catch {
                throw RunnerError(.invalidPlan, "gNB \(gnb.name): \(error.message)")
            }
            let config = GNBConfig(
                gnbID: gnb.id, gnbIDBitLength: gnb.idLength, mcc: gnb.plmn.mcc, mnc: gnb.plmn.mnc, tacs: [gnb.tac],
                slices: gnb.slices.map { GNBConfig.Slice(sst: $0.sst, sd: $0.sd) }, ranNodeName: gnb.name,
                nrCellIdentity: gnb.nrCellIdentity(), n3Address: Self.octets(n3Host), dlTEIDPrefix: UInt8(truncatingIfNeeded: placements.count))
            index[g] = GNBIndex(placements.count)
            names[gnb.name] = GNBIndex(placements.count)
            placements.append(.init(config: config, n2: n2, n3: n3))
        }
        let backend: SCTPBackendChoice = switch plan.target.sctp {
        case .auto: .auto
        case .kernel: .kernel
        case .user: .user
        }
        harness = HarnessConfiguration(amf: amf, gnbs: placements, sctpBackend: backend, capturePath: capturePath)
        gnbIndex = index
        gnbNames = names
    }

    /// The UE configuration of subscriber `identity`, with the first register step's algorithms and keys.
    static func ueConfiguration(_ identity: UEIdentity, register: RegisterStep?, servingPLMN: PLMN) throws(RunnerError) -> UEConfiguration {
        let supi: SUPI
        do { supi = try SUPI(identity.supi) } catch { throw RunnerError(.invalidPlan, "subscriber \(identity.supi): \(error.message)") }
        let key: DerivedKeySet.OperatorKey = switch identity.operatorKey {
        case .opc(let v): .opc(v)
        case .op(let v): .op(v)
        }
        var ia: UInt8 = 0, ea: UInt8 = 0
        for a in register?.integrity ?? [.nia1, .nia2, .nia3] { ia |= 0x80 >> UInt8(Self.number(a)) }
        for a in register?.ciphering ?? [.nea0, .nea1, .nea2, .nea3] { ea |= 0x80 >> UInt8(Self.number(a)) }
        var sqn: UInt64 = 0
        for b in register?.usimSQN ?? identity.sqn { sqn = sqn << 8 | UInt64(b) }
        let suci: Simulation.SUCIProtection = switch identity.suci.scheme {
        case .nullScheme: .null
        case .profileA: .profileA(homeNetworkPublicKey: identity.suci.homeNetworkPublicKey ?? [], keyID: identity.suci.keyID)
        case .profileB: .profileB(homeNetworkPublicKey: identity.suci.homeNetworkPublicKey ?? [], keyID: identity.suci.keyID)
        }
        let slices = (register?.requestedSlices.isEmpty == false ? register!.requestedSlices : identity.slices)
        return UEConfiguration(
            supi: supi, k: register?.usimK ?? identity.k, operatorKey: key,
            homePLMN: PLMNIdentity(mcc: identity.homePLMN.mcc, mnc: identity.homePLMN.mnc),
            servingPLMN: PLMNIdentity(mcc: servingPLMN.mcc, mnc: servingPLMN.mnc),
            // The USIM's SQN_MS: the network's next SQN must be above it.
            sqn: SQNFreshness(highestAccepted: sqn > 0 ? sqn - 1 : 0),
            authenticationManagementField: identity.amf.count == 2 ? UInt16(identity.amf[0]) << 8 | UInt16(identity.amf[1]) : 0x8000,
            suciProtection: suci, routingIndicator: identity.suci.routingIndicator,
            securityCapabilities: UESecurityCapability(ea: ea, ia: ia),
            requestedNSSAI: slices.map { NAS5GS.SNSSAI(sst: $0.sst, sd: $0.sd) }, dnns: identity.dnns,
            followOnRequest: register?.followOnRequest ?? false)
    }

    static func number(_ a: PlanIntegrityAlgorithm) -> Int {
        switch a { case .nia0: 0; case .nia1: 1; case .nia2: 2; case .nia3: 3 }
    }

    static func number(_ a: PlanCipheringAlgorithm) -> Int {
        switch a { case .nea0: 0; case .nea1: 1; case .nea2: 2; case .nea3: 3 }
    }

    /// IPv4 dotted quad or IPv6 text as octets (127.0.0.2 when neither).
    static func octets(_ host: String) -> [UInt8] {
        switch Packets.IPAddress(host) {
        case .v4(let a)?: return [UInt8(a >> 24), UInt8(a >> 16 & 0xFF), UInt8(a >> 8 & 0xFF), UInt8(a & 0xFF)]
        case .v6(let high, let low)?: return (0..<8).map { UInt8(high >> (56 - 8 * UInt64($0)) & 0xFF) } + (0..<8).map { UInt8(low >> (56 - 8 * UInt64($0)) & 0xFF) }
        case nil: return [127, 0, 0, 2]
        }
    }
}
