import FiveGSecurity
import NAS5GS
import NGAP

/// The embedded 5G core: an AMF and an SMF as one sans-I/O value; the UPF (`UserPlaneFunction`) follows its `UPFCommand`s.
///
/// The driver creates it from a configuration, feeds it events with the time they happened (`now`, monotonic
/// time since the driver started) and performs the actions it appends: NGAP sends, association aborts, timers,
/// user-plane commands. Deviations of the peers are reported as actions too, never trapped. It reads no clock,
/// opens no socket and starts no thread; the same configuration and events give the same actions.
///
/// ```swift
/// var core = try CoreEmulator(configuration: config)
/// var actions: [CoreAction] = []
/// core.handle(.associationUp(assoc, outboundStreams: 4), now: .zero, into: &actions)
/// core.handle(.ngapReceived(assoc, stream: 0, bytes: ngSetupRequest), now: .milliseconds(1), into: &actions)
/// for action in actions { /* send, abort, start/stop timers, UPF commands */ }
/// actions.removeAll(keepingCapacity: true)
/// ```
public struct CoreEmulator: Sendable {
    public let configuration: CoreConfiguration
    var subscribers: SubscriberStore
    var ues = UEStore()
    var gnbs: [AssociationID: GNBContext] = [:]
    var gnbByGlobalID: [GlobalRANNodeID: AssociationID] = [:]
    var random: CoreRandom
    var faults: FaultInjector
    var pools: [AddressPool]
    var homeNetworkKeys: [HomeNetworkKey]
    let plmn: NAS5GS.PLMNIdentity
    let servingNetworkName: String
    var nextAMFUENGAPID: UInt64 = 1
    var nextTEID: UInt32 = 1
    var nextSEID: UInt64 = 1
    /// The time of the event being handled.
    var now: Duration = .zero
    /// The caller's action buffer while an event is handled (swapped in and out, so no copy).
    var out: [CoreAction] = []

    public init(configuration: CoreConfiguration) throws(CoreEmulatorError) {
        self.configuration = configuration
        subscribers = try SubscriberStore(configuration.subscribers)
        random = CoreRandom(seed: configuration.seed)
        faults = FaultInjector(configuration.faults)
        plmn = configuration.plmn.identity
        do {
            servingNetworkName = try ServingNetworkName.make(mcc: configuration.plmn.mcc, mnc: configuration.plmn.mnc)
        } catch {
            throw CoreEmulatorError(.invalidConfiguration, "plmn: \(error.message)")
        }
        for key in configuration.security.homeNetworkKeys {
            let scheme: ProtectionScheme = key.scheme == .profileA ? .profileA : .profileB
            do {
                _ = try ECIES.publicKey(scheme: scheme, privateKey: key.privateKey)
            } catch {
                throw CoreEmulatorError(.invalidConfiguration, "home_network_keys id \(key.id) (\(key.scheme.rawValue)): \(error.message)")
            }
        }
        homeNetworkKeys = configuration.security.homeNetworkKeys
        pools = configuration.dnns.map { AddressPool($0, reserved: configuration.upf.dnAddress) }
    }

    /// Handles one event, appending the actions to perform to `actions` (which the caller reuses).
    public mutating func handle(_ event: CoreEvent, now: Duration, into actions: inout [CoreAction]) {
        self.now = now
        swap(&out, &actions)
        defer { swap(&out, &actions) }
        switch event {
        case .associationUp(let a, let streams): associationUp(a, streams: streams)
        case .associationLost(let a): associationLost(a)
        case .ngapReceived(let a, let stream, let bytes): ngapReceived(a, stream: stream, bytes: bytes)
        case .timerFired(let t): timerFired(t)
        case .userPlane(let e): userPlaneEvent(e)
        case .command(let c): command(c)
        }
    }

    // MARK: Inspection (tests, metrics)

    /// UE contexts held.
    public var ueCount: Int { ues.count }
    /// gNBs whose NG Setup succeeded.
    public var connectedGNBCount: Int { gnbs.values.filter(\.setUp).count }
    /// Whether the subscriber is registered.
    public func isRegistered(supi: String) -> Bool {
        guard let slot = ues.byIMSI[imsiDigits(supi)] else { return false }
        return ues[slot].registered
    }
    /// Whether the subscriber's UE is in CM-CONNECTED.
    public func isConnected(supi: String) -> Bool {
        guard let slot = ues.byIMSI[imsiDigits(supi)] else { return false }
        return ues[slot].isConnected
    }
    /// The PDU session ids the subscriber has.
    public func pduSessions(supi: String) -> [UInt8] {
        guard let slot = ues.byIMSI[imsiDigits(supi)] else { return [] }
        return ues[slot].sessions.map(\.id)
    }
    /// The 5G-TMSI assigned to the subscriber.
    public func tmsi(supi: String) -> UInt32? {
        guard let slot = ues.byIMSI[imsiDigits(supi)] else { return nil }
        return ues[slot].tmsi
    }

    func imsiDigits(_ supi: String) -> String { supi.hasPrefix("imsi-") ? String(supi.dropFirst(5)) : supi }

    // MARK: Output

    mutating func emit(_ action: CoreAction) { out.append(action) }

    mutating func deviation(_ kind: String, _ clause: String, _ message: String, association: AssociationID? = nil, slot: Int? = nil,
                            bytes: [UInt8] = []) {
        out.append(.deviation(CoreDeviation(kind: kind, clause: clause, message: message, association: association,
                                            supi: slot.flatMap { ues[$0].supi }, bytes: bytes)))
    }

    mutating func notice(_ n: CoreNotice) { out.append(.notice(n)) }

    /// Starts a 5GMM timer of a UE (a new token makes earlier ones stale).
    mutating func startTimer(_ kind: CoreTimerKind, slot: Int) {
        ues[slot].timerTokens[kind] &+= 1
        out.append(.startTimer(CoreTimerID(kind: kind, slot: UInt32(slot), token: ues[slot].timerTokens[kind]),
                               after: configuration.timers.value(kind)))
    }

    mutating func stopTimer(_ kind: CoreTimerKind, slot: Int) {
        let id = CoreTimerID(kind: kind, slot: UInt32(slot), token: ues[slot].timerTokens[kind])
        ues[slot].timerTokens[kind] &+= 1
        out.append(.stopTimer(id))
    }

    /// Encodes and sends an NGAP-PDU, applying the send faults. `nas` names the NAS message it carries.
    mutating func send(_ pdu: NGAPPDU, to association: AssociationID, stream: UInt16, nas: NASMessageType? = nil, nasEPD: UInt8 = 0x7E) {
        let bytes: [UInt8]
        do {
            bytes = try pdu.aperEncoded()
        } catch {
            deviation("internalEncodingError", "TS 38.413 §9", "the core built an NGAP message it cannot encode: \(error)", association: association)
            return
        }
        sendEncoded(bytes, pdu: pdu, to: association, stream: stream, nas: nas)
    }

    mutating func sendEncoded(_ bytes: [UInt8], pdu: NGAPPDU, to association: AssociationID, stream: UInt16, nas: NASMessageType?) {
        guard gnbs[association] != nil else { return }
        if !faults.isEmpty {
            let names = MessageNames(ngap: pdu.messageName, nas: nas)
            if faults.dropSent(names) { return }
            if let delay = faults.delay(for: names) {
                let token = faults.holdBack(.send(association, stream: stream, bytes: bytes))
                out.append(.startTimer(CoreTimerID(kind: .delayedSend, slot: token, token: token), after: delay))
                return
            }
        }
        out.append(.send(association, stream: stream, bytes: bytes))
    }

    // MARK: Associations

    mutating func associationUp(_ a: AssociationID, streams: UInt16) {
        if gnbs[a] != nil { associationLost(a) }
        gnbs[a] = GNBContext(association: a, outboundStreams: max(1, streams))
    }

    mutating func associationLost(_ a: AssociationID) {
        guard let gnb = gnbs.removeValue(forKey: a) else { return }
        if let id = gnb.globalID, gnbByGlobalID[id] == a { gnbByGlobalID[id] = nil }
        // Every UE connected through it loses its N2 connection (TS 38.413 §8.7.1: the NG interface instance is gone).
        for slot in ues.allInUse {
            if ues[slot].connection?.association == a { connectionLost(slot) }
        }
    }

    // MARK: Timers

    mutating func timerFired(_ t: CoreTimerID) {
        if t.kind == .delayedSend {
            if let action = faults.release(t.token) { out.append(action) }
            return
        }
        let slot = Int(t.slot)
        guard slot < ues.slots.count, ues[slot].inUse else { return }
        switch t.kind {
        case .t3591, .t3592:
            sessionTimerFired(slot, psi: t.pduSessionID, kind: t.kind, token: t.token)
        default:
            guard ues[slot].timerTokens[t.kind] == t.token else { return }
            mmTimerFired(slot, t.kind)
        }
    }
}
