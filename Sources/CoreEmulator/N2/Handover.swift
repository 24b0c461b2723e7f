import NGAP

extension CoreEmulator {
    /// Handover Required (TS 38.413 §8.4.1): the emulator does not run N2 handover yet, so it answers as an AMF
    /// that cannot prepare the target does: Handover Preparation Failure (§8.4.1.3), and reports it.
    mutating func handleHandoverRequired(_ m: HandoverRequired, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "HandoverRequired", bytes: bytes),
              let conn = ues[slot].connection else { return }
        deviation("handoverNotSupported", "TS 38.413 §8.4.1.3", "the emulator does not run N2 handover; Handover Preparation Failure sent",
                  association: a, slot: slot, bytes: bytes)
        let failure = HandoverPreparationFailure(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
            .cause(.radioNetwork(.hoFailureInTarget5GCNgranNodeOrTargetSystem)),
        ])
        send(.unsuccessfulOutcome(.handoverPreparation(failure)), to: a, stream: conn.stream)
        notice(.handoverFailed(supi: ues[slot].supi ?? "?"))
    }

    /// Handover Cancel (TS 38.413 §8.4.5): always acknowledged.
    mutating func handleHandoverCancel(_ m: HandoverCancel, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "HandoverCancel", bytes: bytes),
              let conn = ues[slot].connection else { return }
        let ack = HandoverCancelAcknowledge(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
        ])
        send(.successfulOutcome(.handoverCancel(ack)), to: a, stream: conn.stream)
    }

    /// Path Switch Request (TS 38.413 §8.4.4, Xn handover): not run by the emulator yet; reported and answered with
    /// an Error Indication so the gNB sees the refusal.
    mutating func handlePathSwitchRequest(_ m: PathSwitchRequest, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        deviation("handoverNotSupported", "TS 38.413 §8.4.4", "the emulator does not run Xn handover (Path Switch Request)", association: a, bytes: bytes)
        let ran = m.protocolIEs.first(\.ranUENGAPID).flatMap { $0.value >= 0 ? UInt64($0.value) : nil }
        sendErrorIndication(to: a, stream: stream, cause: .misc(.unspecified), ranUENGAPID: ran)
    }
}
