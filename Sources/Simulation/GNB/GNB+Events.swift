import ASN1PER
import NGAP

/// The entry points: transport events, timers, uplink NAS from UEs and commands.
extension GNB {
    /// The SCTP association to the AMF is up with `outboundStreams` streams toward the AMF: the gNB sends NG
    /// Setup Request (TS 38.413 §8.7.1). An association that comes up again without having been reported lost
    /// (an SCTP restart) first ends the old one, as `associationLost` does.
    public mutating func associationUp(outboundStreams: UInt16, now: Duration, into actions: inout [GNBAction]) {
        if interface != .down { associationLost(now: now, into: &actions) }
        self.outboundStreams = max(outboundStreams, 1)
        nextStream = 1
        startNGSetup(attempt: 1, started: now, into: &actions)
    }

    /// The association is gone: every UE context is released locally (its UEs go to CM-IDLE) and the
    /// interface is down until the next `associationUp`.
    public mutating func associationLost(now: Duration, into actions: inout [GNBAction]) {
        switch interface {
        case .settingUp, .waitingToRetry:
            actions.append(.stopTimer(.ngSetup))
            if case .settingUp(_, let started) = interface {
                report(.ngSetup, .failure("association lost"), started: started, now: now, into: &actions)
            }
        default: break
        }
        if resetStarted != nil { actions.append(.stopTimer(.ngReset)) }
        if ranConfigUpdate != nil { actions.append(.stopTimer(.ranConfigurationUpdate)) }
        resetStarted = nil
        ranConfigUpdate = nil
        interface = .down
        releaseAll(into: &actions)
    }

    /// A timer the gNB started expired.
    public mutating func timerFired(_ timer: GNBTimer, now: Duration, into actions: inout [GNBAction]) {
        switch timer {
        case .ngSetup: ngSetupTimerFired(now: now, into: &actions)
        case .ngReset: ngResetTimerFired(now: now, into: &actions)
        case .ranConfigurationUpdate: ranConfigurationUpdateTimerFired(now: now, into: &actions)
        case .relocPrep(let ue): relocPrepExpired(ue, now: now, into: &actions)
        case .relocOverall(let ue): relocOverallExpired(ue, now: now, into: &actions)
        }
    }

    /// An NGAP-PDU from the AMF on `stream`.
    public mutating func received(_ bytes: [UInt8], stream: UInt16, now: Duration, into actions: inout [GNBAction]) {
        received(bytes[...], stream: stream, now: now, into: &actions)
    }

    /// An NGAP-PDU from the AMF on `stream`. Decoded tolerantly: a transfer (CONTAINING value) that does not
    /// decode fails only its PDU session, with a deviation; a PDU that does not decode at all is a
    /// transfer-syntax error answered with Error Indication (TS 38.413 §10.2).
    public mutating func received(_ bytes: ArraySlice<UInt8>, stream: UInt16, now: Duration, into actions: inout [GNBAction]) {
        guard interface != .down else {
            deviation("unexpectedMessage", "TS 38.412 §7", "NGAP message before the association is up", bytes: bytes, into: &actions)
            return
        }
        let decoded: (pdu: NGAPPDU, trailingBytes: Int, diagnostics: [APERDecodingError])
        do {
            decoded = try NGAPPDU.decode(bytes, mode: .tolerant)
        } catch {
            deviation("transferSyntaxError", "TS 38.413 §10.2", "\(error)", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.transferSyntaxError), into: &actions)
            return
        }
        let pdu = decoded.pdu
        if decoded.trailingBytes > 0 {
            deviation(
                "trailingBytes", "X.691 §11.1", "\(decoded.trailingBytes) bytes after the \(pdu.messageName) PDU", bytes: bytes,
                into: &actions)
        }
        for d in decoded.diagnostics {
            deviation("undecodableContainer", "TS 38.413 §10.2", "\(pdu.messageName): \(d)", bytes: bytes, into: &actions)
        }
        guard validate(pdu, bytes: bytes, into: &actions) else { return }
        checkStream(pdu, stream: stream, bytes: bytes, into: &actions)
        guard checkIEs(pdu, stream: stream, bytes: bytes, into: &actions) else { return }
        dispatch(pdu, bytes: bytes, now: now, into: &actions)
    }

    /// The abstract-syntax check of a received PDU (TS 38.413 §10.3), before any procedure sees it. The
    /// NGAP §10 validator plugs in here when it lands; until then the gNB refuses what it cannot dispatch
    /// (an unknown procedure code or extension of NGAP-PDU) and each procedure checks the IEs it reads.
    func validate(_ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) -> Bool {
        var known = true
        switch pdu {
        case .initiatingMessage(let m): if case .unknown = m.value { known = false }
        case .successfulOutcome(let m): if case .unknown = m.value { known = false }
        case .unsuccessfulOutcome(let m): if case .unknown = m.value { known = false }
        case .unknownExtension: known = false
        }
        guard !known else { return true }
        deviation(
            "unknownProcedure", "TS 38.413 §10.3.4.1",
            "procedure code \(pdu.procedureCode.map { String($0.rawValue) } ?? "?") is not one the gNB comprehends", bytes: bytes,
            into: &actions)
        // Criticality of the procedure: reject and ignore-and-notify are reported back, ignore is not.
        if pdu.criticality != .ignore {
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorReject), about: pdu, into: &actions)
        }
        return false
    }

    /// TS 38.412 §7: stream 0 is for non-UE-associated signalling. Non-UE-associated messages elsewhere are
    /// always flagged; UE-associated ones on stream 0 only with `strictStreams` (OAI's AMF sends them there).
    func checkStream(_ pdu: NGAPPDU, stream: UInt16, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        let ueAssociated = Self.isUEAssociated(pdu)
        if !ueAssociated && stream != 0 {
            deviation("wrongStream", "TS 38.412 §7", "\(pdu.messageName) (non-UE-associated) on stream \(stream)", bytes: bytes, into: &actions)
        } else if ueAssociated && stream == 0 && config.strictStreams {
            deviation("wrongStream", "TS 38.412 §7", "\(pdu.messageName) (UE-associated) on stream 0", bytes: bytes, into: &actions)
        }
    }

    /// Whether a message uses UE-associated signalling (TS 38.413 §8.1).
    static func isUEAssociated(_ pdu: NGAPPDU) -> Bool {
        guard let code = pdu.procedureCode else { return false }
        switch code {
        case .ngSetup, .ngReset, .amfConfigurationUpdate, .ranConfigurationUpdate, .paging, .amfStatusIndication,
             .overloadStart, .overloadStop, .pwsCancel, .pwsFailureIndication, .pwsRestartIndication, .writeReplaceWarning,
             .downlinkRANConfigurationTransfer, .uplinkRANConfigurationTransfer, .privateMessage,
             .downlinkNonUEAssociatedNRPPaTransport, .uplinkNonUEAssociatedNRPPaTransport:
            return false
        case .errorIndication:
            if case .initiatingMessage(let m) = pdu, case .errorIndication(let e) = m.value {
                return e.protocolIEs.first(\.ranUENGAPID) != nil || e.protocolIEs.first(\.amfUENGAPID) != nil
            }
            return false
        default:
            return true
        }
    }

    /// A UE's uplink NAS message: an Initial UE Message when it comes with RRC setup values (the UE was in
    /// CM-IDLE), else an Uplink NAS Transport on its connection (TS 38.413 §8.6.1, §8.6.3).
    public mutating func uplinkNAS(_ message: UplinkNAS, now: Duration, into actions: inout [GNBAction]) {
        if let setup = message.setup {
            initialUEMessage(message.ue, nasPDU: message.nasPDU, setup: setup, now: now, into: &actions)
        } else {
            uplinkNASTransport(message.ue, nasPDU: message.nasPDU, into: &actions)
        }
    }

    /// A command of the driver or the plan.
    public mutating func command(_ command: GNBCommand, now: Duration, into actions: inout [GNBAction]) {
        switch command {
        case .ngSetup:
            switch interface {
            case .failed, .ready: startNGSetup(attempt: 1, started: now, into: &actions)
            default: actions.append(.refused(ue: nil, interface == .down ? .notReady : .busy))
            }
        case .releaseRequest(let ue, let cause): requestRelease(ue, cause: cause, now: now, into: &actions)
        case .camp(let ue, let tmsi): camp(ue, tmsi)
        case .leave(let ue): leave(ue)
        case .handover(let ue, let target, let cause): startHandover(ue, to: target, cause: cause, now: now, into: &actions)
        case .handoverCancel(let ue, let cause): cancelHandover(ue, cause: cause, now: now, into: &actions)
        case .handoverArrival(let ue, let container): handoverArrival(ue, container: container, now: now, into: &actions)
        case .xnPrepare(let ue): xnPrepare(ue, into: &actions)
        case .xnArrival(let ue, let context): xnArrival(ue, context: context, now: now, into: &actions)
        case .xnRelease(let ue): xnRelease(ue, into: &actions)
        case .notifySessionReleased(let ue, let id, let cause): notifySessionReleased(ue, id, cause: cause, into: &actions)
        case .ngReset(let cause, let ues): startNGReset(cause: cause, ues: ues, now: now, into: &actions)
        case .ranConfigurationUpdate: startRANConfigurationUpdate(attempt: 1, started: now, into: &actions)
        case .errorIndication(let ue, let cause):
            if let ue {
                guard let slot = slotByUE[ue].map(Int.init) else { actions.append(.refused(ue: ue, .noConnection)); return }
                let c = contexts[slot]
                sendErrorIndication(
                    cause: cause, amfID: c.amfID >= 0 ? c.amfID : nil, ranID: Int64(c.ranID), stream: c.stream, into: &actions)
            } else {
                sendErrorIndication(cause: cause, into: &actions)
            }
        }
    }

    func report(_ kind: ProcedureKind, _ outcome: ProcedureOutcome, started: Duration, now: Duration, ue: UEIndex? = nil,
                pduSessionID: UInt8? = nil, into actions: inout [GNBAction]) {
        actions.append(.procedure(ProcedureReport(kind: kind, outcome: outcome, started: started, ended: now, pduSessionID: pduSessionID), ue: ue))
    }
}
