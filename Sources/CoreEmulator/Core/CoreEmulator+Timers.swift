import NGAP

extension CoreEmulator {
    /// A 5GMM timer ran out (TS 24.501 §10.2): the guarded message again, or on the fifth expiry the procedure is
    /// aborted as its clause says.
    mutating func mmTimerFired(_ slot: Int, _ kind: CoreTimerKind) {
        if kind == .t3513 {
            guard ues[slot].paging else { return }
            if ues[slot].retransmissions < configuration.timers.retransmissions {
                ues[slot].retransmissions += 1
                page(slot)
            } else {
                ues[slot].paging = false
                notice(.procedureAborted(supi: ues[slot].supi, timer: kind))
            }
            return
        }
        if retransmit(slot, kind) { return }
        notice(.procedureAborted(supi: ues[slot].supi, timer: kind))
        switch kind {
        case .t3522:
            // §5.5.2.3.4: on the fifth expiry the AMF deregisters the UE locally.
            deregisterLocally(slot)
            releaseConnection(slot, cause: .nas(.deregister))
        case .t3550:
            // §5.5.1.2.8: the registration is complete anyway; both GUTIs stay valid until the UE uses one.
            ues[slot].procedure = .none
            ues[slot].registered = true
        default:
            ues[slot].procedure = .none
            releaseConnection(slot, cause: .nas(.unspecified))
        }
    }

    /// A downlink packet for an idle session: page the UE (TS 23.502 §4.2.3.3).
    mutating func userPlaneEvent(_ e: UPFEvent) {
        switch e {
        case .downlinkData(let key):
            guard let slot = ues.bySession[key], let i = ues[slot].sessions.firstIndex(where: { $0.key == key }) else { return }
            ues[slot].sessions[i].pendingDownlink = true
            if ues[slot].connection == nil { page(slot) }
        }
    }

    /// An operator request for a network-initiated procedure.
    mutating func command(_ c: CoreCommand) {
        switch c {
        case .deregister(let supi, let rereg):
            guard let slot = ues.byIMSI[imsiDigits(supi)] else { return }
            deregisterFromNetwork(slot, reregistrationRequired: rereg)
        case .releasePDUSession(let supi, let psi):
            guard let slot = ues.byIMSI[imsiDigits(supi)], let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }) else { return }
            startRelease(slot, index: i, pti: 0, cause: .regularDeactivation)
        case .releaseUEContext(let supi):
            guard let slot = ues.byIMSI[imsiDigits(supi)] else { return }
            releaseConnection(slot, cause: .nas(.normalRelease))
        case .amfConfigurationUpdate:
            sendAMFConfigurationUpdate()
        case .ngReset(let a):
            sendNGReset(a)
        }
    }
}
