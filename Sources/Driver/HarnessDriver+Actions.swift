import Capture
import NAS5GS
import NGAP
import Simulation
import Transport

extension HarnessDriver {
    /// Carries out a UE's actions: its messages and timers first, then its reports, so that whatever a report
    /// makes the owner do (the next step's command) comes after them.
    func perform(_ actions: [UEAction], ue: UEIndex) {
        for action in actions {
            switch action {
            case .send(let uplink):
                queue.push(.uplink(servingGNB[ue.int], uplink))
            case .startTimer(let t, let after):
                timers.start(.ue(ue, t), at: loop.now.advanced(by: after), loop: loop, handler: timerHandler)
            case .stopTimer(let t):
                timers.stop(.ue(ue, t), loop: loop)
            case .pduSession(let event):
                userPlane.sessionChanged(ue: ue, event)
            case .releaseConnection:
                queue.push(.gnbCommand(servingGNB[ue.int], .releaseRequest(ue, cause: .radioConnectionWithUeLost)))
            case .procedure, .deviation, .state:
                break
            }
        }
        for action in actions {
            switch action {
            case .procedure(let report): onEvent(.procedure(report, ue: ue, gnb: nil))
            case .pduSession(let event): onEvent(.pduSession(ue, event, at: now))
            case .deviation(let d): onEvent(.deviation(d, ue: ue, gnb: nil, at: now))
            case .state(let s): onEvent(.ueState(ue, s, at: now))
            default: break
            }
        }
    }

    /// Carries out a gNB's actions.
    func perform(_ actions: [GNBAction], gnb g: GNBIndex) {
        for action in actions {
            switch action {
            case .send(let stream, let bytes):
                send(bytes, gnb: g, stream: stream)
            case .deliverNAS(let ue, let nas):
                queue.push(.downlink(ue, Array(nas)))
            case .rrcReleased(let ue):
                queue.push(.rrcReleased(ue))
            case .paged(let ue, _):
                queue.push(.paged(ue))
            case .tunnelUp(let t):
                userPlane.tunnelUp(t, gnb: g)
            case .tunnelModified(let t):
                userPlane.tunnelUp(t, gnb: g)
            case .tunnelDown(let ue, let psi, let teid):
                userPlane.tunnelDown(ue: ue, pduSessionID: psi, dlTEID: teid, gnb: g)
            case .startTimer(let t, let after):
                timers.start(.gnb(g, t), at: loop.now.advanced(by: after), loop: loop, handler: timerHandler)
            case .stopTimer(let t):
                timers.stop(.gnb(g, t), loop: loop)
            case .procedure(let report, let ue):
                if report.kind == .handover, let ue, let source = xnSources.removeValue(forKey: ue) {
                    queue.push(.gnbCommand(source, .xnRelease(ue)))
                }
            case .deviation:
                break
            case .handoverExecute(let ue, let container):
                guard let target = handoverTargets.removeValue(forKey: ue) else {
                    onEvent(.refused(ue: ue, gnb: g, "a Handover Command arrived for a UE the driver moves nowhere"))
                    continue
                }
                move(ue, to: target)
                queue.push(.gnbCommand(target, .handoverArrival(ue, targetToSourceContainer: container)))
            case .xnHandoverPrepared(let ue, let context):
                guard let target = handoverTargets.removeValue(forKey: ue) else { continue }
                xnSources[ue] = g
                move(ue, to: target)
                queue.push(.gnbCommand(target, .xnArrival(ue, context: context)))
            case .refused:
                break
            }
        }
        for action in actions {
            switch action {
            case .procedure(let report, let ue):
                if report.kind == .ngSetup, report.outcome == .success { onEvent(.gnbReady(g, at: now)) }
                onEvent(.procedure(report, ue: ue, gnb: g))
            case .deviation(let d, let ue):
                onEvent(.deviation(d, ue: ue, gnb: g, at: now))
            case .refused(let ue, let refusal):
                onEvent(.refused(ue: ue, gnb: g, "\(refusal)"))
            case .tunnelUp(let t):
                onEvent(.tunnelUp(t, at: now))
            default:
                break
            }
        }
    }

    /// Runs what the state machines queued for each other until nothing is left. A drain asked for while
    /// one runs (an owner's command from inside an event) leaves the work to the running one, in order.
    func drain() {
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while let item = queue.pop() {
            switch item {
            case .uplink(let g, let nas):
                var actions = takeGNBActions()
                gnbs[g.int].uplinkNAS(nas, now: now, into: &actions)
                perform(actions, gnb: g)
                giveBack(actions)
            case .downlink(let ue, let nas):
                var actions = takeUEActions()
                ues[ue.int].receive(nasPDU: nas, now: now, into: &actions)
                perform(actions, ue: ue)
                giveBack(actions)
            case .rrcReleased(let ue):
                var actions = takeUEActions()
                ues[ue.int].connectionReleased(now: now, into: &actions)
                perform(actions, ue: ue)
                giveBack(actions)
                if ues[ue.int].state == .registered, !ues[ue.int].isConnected, let guti = ues[ue.int].guti {
                    let tmsi = FiveGSTMSI(amfSetID: guti.amfSetID, amfPointer: guti.amfPointer, tmsi: guti.tmsi)
                    queue.push(.gnbCommand(servingGNB[ue.int], .camp(ue, fiveGSTMSI: tmsi)))
                }
            case .paged(let ue):
                var actions = takeUEActions()
                ues[ue.int].paged(now: now, into: &actions)
                perform(actions, ue: ue)
                giveBack(actions)
            case .gnbCommand(let g, let command):
                var actions = takeGNBActions()
                gnbs[g.int].command(command, now: now, into: &actions)
                perform(actions, gnb: g)
                giveBack(actions)
            }
        }
    }

    /// Sends an NGAP-PDU on the gNB's association (and to the tap).
    func send(_ bytes: [UInt8], gnb g: GNBIndex, stream: UInt16) {
        guard let id = associations[g.int] else {
            onEvent(.transportError("gNB \(g.int) has no association: an NGAP message was not sent", gnb: g, at: now))
            return
        }
        do {
            _ = try sctp.send(bytes, on: id, stream: stream, ppid: 60)
            ngapSent += 1
            bytes.withUnsafeBytes { record($0, gnb: g, stream: stream, ppid: 60, sent: true) }
        } catch {
            onEvent(.transportError("gNB \(g.int): \(error.message)", gnb: g, at: now))
        }
    }

    /// The UE is served by `target` from now on.
    func move(_ ue: UEIndex, to target: GNBIndex) {
        servingGNB[ue.int] = target
    }
}
