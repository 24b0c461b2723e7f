import NAS5GS
import NGAP

/// Paging (TS 38.413 §8.5.1). The gNB cannot read a UE's 5G-S-TMSI out of NAS, so idle UEs camp on it with
/// theirs (`GNBCommand.camp`); a Paging for a TA the gNB serves that names a camped UE becomes a `paged`
/// action, and the UE's next Initial UE Message ends the paging report.
extension GNB {
    mutating func camp(_ ue: UEIndex, _ tmsi: NAS5GS.FiveGSTMSI) {
        leave(ue)
        let key = Self.tmsiKey(tmsi)
        if let previous = camped[key] { campedKey[previous] = nil }
        camped[key] = ue
        campedKey[ue] = key
    }

    mutating func leave(_ ue: UEIndex) {
        guard let key = campedKey.removeValue(forKey: ue) else { return }
        if camped[key] == ue { camped[key] = nil }
    }

    /// Paging: UE Paging Identity and TAI List for Paging are mandatory; a Paging for TAs the gNB does not
    /// serve, or for a UE not camped here, concerns other cells and is dropped.
    mutating func paging(_ m: Paging, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else {
            notCompatible(pdu, bytes: bytes, why: "NG Setup has not completed", into: &actions)
            return
        }
        guard let identityIE = m.protocolIEs.first(\.uePagingIdentity), let tais = m.protocolIEs.first(\.taiListForPaging) else {
            missingIE(pdu, "UE Paging Identity or TAI List for Paging", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), about: pdu, into: &actions)
            return
        }
        guard tais.value.contains(where: { identity.serves($0.tai) }) else { return }
        guard case .fiveGSTMSI(let tmsi) = identityIE, let key = Self.tmsiKey(tmsi) else {
            deviation("unknownPagingIdentity", "TS 38.413 9.3.3.18", "UE Paging Identity is not a 5G-S-TMSI", bytes: bytes, into: &actions)
            return
        }
        guard let ue = camped[key] else { return }
        if pagedAt[ue] == nil { pagedAt[ue] = now }
        let nas = NAS5GS.FiveGSTMSI(
            amfSetID: UInt16(truncatingIfNeeded: key >> 38) & 0x3FF, amfPointer: UInt8(truncatingIfNeeded: key >> 32) & 0x3F,
            tmsi: UInt32(truncatingIfNeeded: key))
        actions.append(.paged(ue: ue, fiveGSTMSI: nas))
    }
}
