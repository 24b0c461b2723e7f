import Driver
import NAS5GS
import Packets
import Reporting
import Simulation
import TestPlan

extension LiveEngine {
    /// Default deadline of a step kind when the plan gives none.
    static func defaultTimeout(_ kind: StepKind) -> Duration {
        switch kind {
        case .register: .seconds(10)
        case .handover: .seconds(10)
        default: .seconds(5)
        }
    }

    /// Starts one step for the UE: the driver command, and the wait that judges it.
    func begin(_ step: Step, slot: Int, ue: UEIndex) {
        let now = driver.now
        let expect = step.expect?.outcome ?? .success
        let timeout = step.expect?.within ?? step.timeout ?? Self.defaultTimeout(step.kind)
        func wait(_ kind: StepWait.Kind, after: Duration? = nil) {
            let d = after ?? timeout
            iterations[ue.int]?.waits.append(StepWait(slot: slot, kind: kind, expect: expect, started: now, deadline: now + d,
                                                      continueOnFailure: step.continueOnFailure))
            armDeadline(ue, slot: slot, after: d)
        }
        func unsupported(_ why: String) {
            wait(.sleep, after: .zero)
            let i = (iterations[ue.int]?.waits.count ?? 1) - 1
            complete(ue, waitAt: i, passed: false, reason: why)
        }
        switch step.action {
        case .register(let r):
            switch follow(r, ue: ue) {
            case .ready: break
            case .afterRelease:
                wait(.releaseThen(step))
                return
            case .impossible(let why):
                unsupported(why)
                return
            }
            wait(.procedure(.registration, pduSessionID: nil))
            let kind: RegistrationKind = switch r.type {
            case .initial: .initial
            case .mobility: .mobility
            case .periodic: .periodic
            }
            driver.command(.register(kind), ue: ue)
        case .deregister(let d):
            guard d.initiator == .ue else {
                unsupported("network-initiated deregistration is driven from the core side, which this run does not control")
                return
            }
            if d.switchOff {
                // No Deregistration Accept comes: the UE reports the procedure when the request is sent.
                wait(.procedure(.deregistration, pduSessionID: nil))
            } else {
                wait(.procedure(.deregistration, pduSessionID: nil))
            }
            driver.command(.deregister(switchOff: d.switchOff), ue: ue)
        case .pduSession(let p):
            let psi = UInt8(clamping: p.id)
            switch p.action {
            case .establish:
                wait(.procedure(.pduSessionEstablishment, pduSessionID: psi))
                let type: PDUSessionType = switch p.type {
                case .ipv4: .ipv4
                case .ipv6: .ipv6
                case .ipv4v6: .ipv4v6
                }
                let slice = p.slice.map { NAS5GS.SNSSAI(sst: $0.sst, sd: $0.sd) }
                driver.command(.establishPDUSession(PDUSessionRequest(id: psi, type: type, dnn: p.dnn, sNSSAI: slice)), ue: ue)
            case .modify:
                wait(.procedure(.pduSessionModification, pduSessionID: psi))
                driver.command(.modifyPDUSession(PDUSessionModificationRequestParameters(id: psi)), ue: ue)
            case .release:
                wait(.procedure(.pduSessionRelease, pduSessionID: psi))
                driver.command(.releasePDUSession(id: psi), ue: ue)
            }
        case .traffic(let t):
            guard t.proto == .icmp else {
                unsupported("UDP traffic is not generated yet; use protocol: icmp")
                return
            }
            guard let destination = (t.destination ?? plan.target.dnPeer).flatMap({ Packets.IPAddress($0.description) }) ?? defaultDestination else {
                unsupported("no destination: set the step's destination or target.dn_peer")
                return
            }
            let interval = Duration.nanoseconds(Int64(1e9 / max(0.001, t.rate.perSecond)))
            var run = TrafficRun(pduSessionID: UInt8(clamping: t.session), destination: destination, interval: interval,
                                 size: t.size, maxLossPercent: t.maxLoss.percent)
            let sendTime: Duration
            switch t.amount {
            case .count(let n):
                run.total = n
                sendTime = interval * max(0, n - 1)
            case .duration(let d):
                run.sendUntil = now + d
                sendTime = d
            }
            // Replies may come up to a second after the last request.
            wait(.traffic(run), after: sendTime + .seconds(1))
            sendPing(ue, slot: slot)
        case .idle:
            wait(.procedure(.ueContextRelease, pduSessionID: nil))
            driver.command(.releaseRequest(ue, cause: .userInactivity), gnb: driver.servingGNB(of: ue))
        case .serviceRequest(let s):
            wait(.procedure(.serviceRequest, pduSessionID: nil))
            let sessions: [UInt8] = s.type == .signalling ? [] :
                (s.sessions.isEmpty ? driver.ue(ue).activeSessions.map(\.id) : s.sessions.map { UInt8(clamping: $0) })
            driver.command(.serviceRequest(uplinkDataPending: sessions), ue: ue)
        case .handover(let h):
            let target: GNBIndex
            switch h.target {
            case .next:
                target = GNBIndex((driver.servingGNB(of: ue).int + 1) % max(1, driver.gnbCount))
            case .named(let name):
                guard let g = gnbNames[name] else {
                    unsupported("no gNB named \(name) in this run")
                    return
                }
                target = g
            }
            guard target != driver.servingGNB(of: ue) else {
                unsupported("a handover needs a second gNB (the run has \(driver.gnbCount))")
                return
            }
            wait(.procedure(.handover, pduSessionID: nil))
            driver.handover(ue, to: target, xn: h.type == .xn)
        case .sleep(let d):
            wait(.sleep, after: d)
        case .waitPaging:
            unsupported("wait-paging needs downlink data toward an idle UE, which this run cannot send yet")
        case .sendNGAP:
            unsupported("send-ngap is not carried out by the live runner yet")
        case .expect:
            unsupported("a bare expect step is not carried out by the live runner yet")
        case .ngSetup:
            unsupported("ng-setup belongs in scenario.setup")
        case .sequence, .parallel, .repeat:
            break  // flattened by ScenarioProgram
        }
    }

    enum Following {
        case ready
        /// Deregistered but still connected: after the network releases it.
        case afterRelease
        case impossible(String)
    }

    /// Makes the UE's USIM follow register step `r` (its algorithms, K, SQN) when it follows another one: a
    /// deregistered, idle UE starts over with the new configuration.
    func follow(_ r: RegisterStep, ue: UEIndex) -> Following {
        let variant: Int
        if let i = registerVariants.firstIndex(where: { $0 == r }) {
            variant = i
        } else {
            registerVariants.append(r)
            variant = registerVariants.count - 1
        }
        guard Int(ueVariant[ue.int]) != variant else { return .ready }
        let current = driver.ue(ue)
        guard current.state == .deregistered else {
            return .impossible("the step asks for other algorithms or keys while the UE is registered: deregister it first")
        }
        if current.isConnected { return .afterRelease }
        guard let identity = plan.subscribers.identity(ue: firstUE + ue.int) else { return .impossible("no subscriber for this UE") }
        let configuration: UEConfiguration
        do {
            configuration = try LivePlanSetup.ueConfiguration(identity, register: r, servingPLMN: plan.ran.gnbs[0].plmn)
        } catch {
            return .impossible(error.message)
        }
        guard driver.reconfigure(ue, configuration, keepSQN: r.usimSQN == nil) else {
            return .impossible("the UE could not be reconfigured")
        }
        ueVariant[ue.int] = UInt16(truncatingIfNeeded: variant)
        return .ready
    }

    // MARK: Traffic

    /// Sends the next echo of the UE's traffic wait in `slot` and arms the one after.
    func sendPing(_ ue: UEIndex, slot: Int) {
        guard let it = iterations[ue.int], let i = it.waits.firstIndex(where: { $0.slot == slot }),
              case .traffic(var run) = it.waits[i].kind else { return }
        if let until = run.sendUntil, driver.now >= until { return }
        if run.doneSending { return }
        let ok = driver.ping(ue, pduSessionID: run.pduSessionID, destination: run.destination, sequence: run.nextSequence,
                             payloadSize: run.size)
        run.nextSequence &+= 1
        run.sent += 1
        userPlane.packetsSent &+= 1
        userPlane.bytesSent &+= UInt64(run.size + 28)
        iterations[ue.int]?.waits[i].kind = .traffic(run)
        if !ok {
            complete(ue, waitAt: i, passed: false, reason: "PDU session \(run.pduSessionID) has no tunnel or address to send through")
            return
        }
        guard !run.doneSending else { return }
        let g = it.generation
        _ = driver.loop.schedule(after: run.interval) { [weak self] in
            guard let self, self.iterations[ue.int]?.generation == g else { return }
            self.sendPing(ue, slot: slot)
        }
    }

    func echoReply(_ ue: UEIndex, pduSessionID: UInt8, rtt: Duration) {
        userPlane.packetsReceived &+= 1
        userPlane.rtt.record(microseconds: Self.microseconds(rtt))
        guard let it = iterations[ue.int] else { return }
        for (i, w) in it.waits.enumerated() {
            guard case .traffic(var run) = w.kind, run.pduSessionID == pduSessionID else { continue }
            run.received += 1
            iterations[ue.int]?.waits[i].kind = .traffic(run)
            if run.doneSending && run.received >= run.sent { trafficEnded(ue, waitAt: i, run) }
            return
        }
    }

    func trafficEnded(_ ue: UEIndex, waitAt i: Int, _ run: TrafficRun) {
        let lost = run.sent - min(run.sent, run.received)
        let lossPercent = run.sent == 0 ? 0 : Double(lost) * 100 / Double(run.sent)
        if lossPercent <= run.maxLossPercent {
            complete(ue, waitAt: i, passed: true, reason: nil)
        } else {
            complete(ue, waitAt: i, passed: false, reason: "\(lost) of \(run.sent) echo requests unanswered (at most \(run.maxLossPercent)% allowed)")
        }
    }
}
