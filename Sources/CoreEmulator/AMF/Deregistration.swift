import NAS5GS
import NGAP

extension CoreEmulator {
    /// UE-originating deregistration (TS 24.501 §5.5.2.2): Deregistration Accept unless switch-off, the PDU sessions
    /// released locally, then UE Context Release Command (cause deregister), as real cores run it.
    mutating func handleDeregistrationRequest(_ slot: Int, _ m: DeregistrationRequestUEOriginating, _ r: ReceivedNAS) {
        if ues[slot].imsi == nil {
            // A UE the AMF does not know (a 5G-GUTI of an expired context): accept and release.
            if case .imsi(let imsi) = resolve(m.mobileIdentity) { ues[slot].imsi = imsi }
        }
        if !m.deregistrationType.switchOff {
            sendNAS(slot, .deregistrationAcceptUEOriginating(DeregistrationAcceptUEOriginating()))
        }
        deregisterLocally(slot)
        releaseConnection(slot, cause: .nas(.deregister))
    }

    /// Network-initiated deregistration (TS 24.501 §5.5.2.3), T3522 guarded. A UE in CM-IDLE is deregistered at once.
    mutating func deregisterFromNetwork(_ slot: Int, reregistrationRequired: Bool) {
        guard ues[slot].registered else { return }
        guard ues[slot].connection != nil else {
            deregisterLocally(slot)
            ues.release(slot)
            return
        }
        ues[slot].procedure = .networkDeregistration
        let type = DeregistrationType(switchOff: false, reregistrationRequired: reregistrationRequired, accessType: 1)
        sendNAS(slot, .deregistrationRequestUETerminated(DeregistrationRequestUETerminated(deregistrationType: type)), retransmit: .t3522)
    }

    /// Deregistration Accept (UE terminated): the deregistration completes; the connection is released.
    mutating func handleDeregistrationAccept(_ slot: Int, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .networkDeregistration else {
            deviation("unexpectedNAS", "TS 24.501 §5.5.2.3.2", "Deregistration Accept without a Deregistration Request", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3522, slot: slot)
        ues[slot].procedure = .none
        deregisterLocally(slot)
        releaseConnection(slot, cause: .nas(.deregister))
    }

    /// The UE is no longer registered: sessions released in the UPF, the context forgotten once the connection ends.
    mutating func deregisterLocally(_ slot: Int) {
        removeAllSessions(slot)
        let was = ues[slot].registered
        ues[slot].registered = false
        ues[slot].procedure = .none
        if was || ues[slot].imsi != nil { notice(.deregistered(supi: ues[slot].supi ?? "?")) }
    }

    /// Configuration Update Complete: the emulator sends no Configuration Update Command yet, so none is expected.
    mutating func handleConfigurationUpdateComplete(_ slot: Int, _ r: ReceivedNAS) {
        deviation("unexpectedNAS", "TS 24.501 §5.4.4.3", "Configuration Update Complete without a command", slot: slot, bytes: r.bytes)
    }
}
