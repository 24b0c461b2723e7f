import ASN1PER
import NAS5GS
import NGAP

extension CoreEmulator {
    /// Service Request (TS 24.501 §5.6.1): from CM-IDLE, integrity protected with the current context. Accepted
    /// with an Initial Context Setup carrying the Service Accept and the PDU sessions to re-activate (those in the
    /// uplink data status, and those with downlink data waiting); refused with Service Reject otherwise.
    mutating func handleServiceRequest(_ slot: Int, _ m: ServiceRequest, _ r: ReceivedNAS) {
        guard r.verified, ues[slot].registered, ues[slot].security != nil else {
            deviation("serviceRequestNotAccepted", "TS 24.501 §5.6.1.5",
                      "Service Request from a UE that is not registered or not integrity protected with a known context", slot: slot, bytes: r.bytes)
            sendNAS(slot, .serviceReject(ServiceReject(cause: .ueIdentityCannotBeDerived)), headerType: .plain)
            if !ues[slot].registered { ues[slot].imsi = nil }
            releaseConnection(slot, cause: .nas(.unspecified))
            return
        }
        if let imsi = ues[slot].imsi, let cause = faults.rejectCause(imsi: imsi, .serviceRequest) {
            sendNAS(slot, .serviceReject(ServiceReject(cause: FiveGMMCause(cause))))
            releaseConnection(slot, cause: .nas(.unspecified))
            return
        }
        if ues[slot].paging {
            stopTimer(.t3513, slot: slot)
            ues[slot].paging = false
        }
        ues[slot].security?.kgnbUplinkCount = r.count ?? 0
        let uplink = m.uplinkDataStatus?.psiBits ?? 0
        var reactivate: [Int] = []
        for (i, s) in ues[slot].sessions.enumerated() where s.state == .active {
            if uplink & (UInt16(1) << s.id) != 0 || s.pendingDownlink { reactivate.append(i) }
        }
        let accept = ServiceAccept(pduSessionStatus: PDUSessionStatus(psis: ues[slot].sessions.map { Int($0.id) }),
                                   pduSessionReactivationResult: m.uplinkDataStatus == nil ? nil : PDUSessionStatus(psiBits: 0))
        var plain: [UInt8] = []
        NASMessage.serviceAccept(accept).nasEncode(into: &plain)
        guard let pdu = protectedNAS(slot, plain: plain) else { return }
        for i in reactivate { ues[slot].sessions[i].pendingDownlink = false }
        sendInitialContextSetup(slot, nasPDU: pdu, sessions: reactivate, nasType: .serviceAccept)
        notice(.serviceAccepted(supi: ues[slot].supi ?? "?"))
    }

    /// Paging (TS 38.413 §8.5.1) of a registered UE in CM-IDLE, to every set-up gNB serving one of the AMF's TACs,
    /// repeated on T3513.
    mutating func page(_ slot: Int) {
        guard ues[slot].registered, ues[slot].connection == nil, let tmsi = ues[slot].tmsi else { return }
        if !ues[slot].paging {
            ues[slot].paging = true
            ues[slot].retransmissions = 0
            notice(.paging(supi: ues[slot].supi ?? "?"))
        }
        startTimer(.t3513, slot: slot)
        let identity = UEPagingIdentity.fiveGSTMSI(NGAPValues.fiveGSTMSI(setID: configuration.amf.setID, pointer: configuration.amf.pointer, tmsi: tmsi))
        for a in gnbs.keys.sorted() {
            guard let gnb = gnbs[a], gnb.setUp, !gnb.tacs.isEmpty else { continue }
            let tais = TAIListForPaging(gnb.tacs.map { TAIListForPagingItem(tai: NGAPValues.tai(plmn: plmn, tac: $0)) })
            let paging = Paging(protocolIEs: [.uePagingIdentity(identity), .taiListForPaging(tais)])
            send(.initiatingMessage(.paging(paging)), to: a, stream: 0)
        }
    }
}
