import NAS5GS

extension CoreEmulator {
    /// Registration Request (TS 24.501 §5.5.1): initial, mobility or periodic registration.
    mutating func handleRegistrationRequest(_ slot: Int, _ request: RegistrationRequest, _ r: ReceivedNAS) {
        if ues[slot].procedure != .none {
            // A new Registration Request aborts the common procedure in progress (§5.4.1.3.7 e, §5.4.2.7 e).
            for kind in [CoreTimerKind.t3550, .t3560, .t3570] { stopTimer(kind, slot: slot) }
            ues[slot].procedure = .none
            ues[slot].authentication = nil
            ues[slot].newSecurity = nil
        }
        var trusted = request
        var setAside = false
        if !r.verified {
            // §4.4.6: without integrity protection only the cleartext IEs count; the rest comes later in the
            // Security Mode Complete's NAS message container.
            let clear = Self.cleartextOnly(request)
            if Self.encodedLength(.registrationRequest(clear)) != Self.encodedLength(.registrationRequest(request)) {
                deviation("nonCleartextIEs", "TS 24.501 §4.4.6",
                          "an unprotected Registration Request carries IEs other than the cleartext IEs; they are set aside until the UE resends the request protected",
                          slot: slot, bytes: r.bytes)
                setAside = true
            }
            trusted = clear
        }
        let type = request.registrationType.value
        ues[slot].registration = PendingRegistration(registrationType: type, followOnRequest: request.registrationType.followOnRequest,
                                                     request: trusted, integrityVerified: r.verified, hadUnprotectedNonCleartextIEs: setAside)
        if r.verified, ues[slot].security != nil, ues[slot].subscriber != nil {
            // A UE with a valid NAS security context: no new authentication needed (§5.4.1.1).
            if let imsi = ues[slot].imsi, let cause = faults.rejectCause(imsi: imsi, .registration) {
                rejectRegistration(slot, cause: cause)
                return
            }
            ues[slot].security?.kgnbUplinkCount = r.count ?? 0
            sendRegistrationAccept(slot)
            return
        }
        identified(slot, resolve(request.mobileIdentity), bytes: r.bytes)
    }

    /// The request with only the cleartext IEs of TS 24.501 §4.4.6.
    static func cleartextOnly(_ r: RegistrationRequest) -> RegistrationRequest {
        var c = RegistrationRequest(ngKSI: r.ngKSI, registrationType: r.registrationType, mobileIdentity: r.mobileIdentity)
        c.ueSecurityCapability = r.ueSecurityCapability
        c.additionalGUTI = r.additionalGUTI
        c.ueStatus = r.ueStatus
        c.epsNASMessageContainer = r.epsNASMessageContainer
        c.nid = r.nid
        c.msDeterminedPLMNWithDisasterCondition = r.msDeterminedPLMNWithDisasterCondition
        return c
    }

    static func encodedLength(_ m: NASMessage) -> Int {
        var out: [UInt8] = []
        m.nasEncode(into: &out)
        return out.count
    }

    /// Registration Accept (TS 24.501 §5.5.1.2.4) with a new 5G-GUTI, TAI list and allowed NSSAI; in the Initial
    /// Context Setup Request when the gNB has no AS context yet, else in a Downlink NAS Transport. T3550 guards it.
    mutating func sendRegistrationAccept(_ slot: Int) {
        guard let sub = ues[slot].subscriber, let reg = ues[slot].registration else { return }
        var tmsi = UInt32(truncatingIfNeeded: random.next())
        while ues.byTMSI[tmsi] != nil || tmsi == 0xFFFF_FFFF { tmsi &+= 1 }
        ues[slot].pendingTMSI = tmsi
        ues.byTMSI[tmsi] = slot
        let guti = FiveGGUTI(plmn: plmn, amfRegionID: configuration.amf.regionID, amfSetID: configuration.amf.setID,
                             amfPointer: configuration.amf.pointer, tmsi: tmsi)
        var accept = RegistrationAccept(registrationResult: RegistrationResult(octet: 0x01), guti: .guti(guti),
                                        taiList: TrackingAreaIdentityList([.nonConsecutive(plmn: plmn, tacs: configuration.amf.tacs)]),
                                        allowedNSSAI: NSSAI(allowedSlices(sub).map { SNSSAI(sst: $0.sst, sd: $0.sd) }))
        if reg.registrationType != RegistrationType.initial {
            accept.pduSessionStatus = PDUSessionStatus(psis: ues[slot].sessions.map { Int($0.id) })
        }
        accept.t3512Value = Self.gprsTimer3(configuration.timers.t3512)
        let message = NASMessage.registrationAccept(accept)
        ues[slot].procedure = .registrationAccepted
        guard let conn = ues[slot].connection else { return }
        if conn.contextSetUp || conn.contextSetupPending {
            sendNAS(slot, message, retransmit: .t3550)
        } else {
            var plain: [UInt8] = []
            message.nasEncode(into: &plain)
            ues[slot].retransmitMessage = plain
            ues[slot].retransmitHeader = .integrityProtectedAndCiphered
            ues[slot].retransmissions = 0
            startTimer(.t3550, slot: slot)
            guard let pdu = protectedNAS(slot, plain: plain) else { return }
            sendInitialContextSetup(slot, nasPDU: pdu, sessions: [], nasType: .registrationAccept)
        }
    }

    /// GPRS timer 3 (TS 24.008 §10.5.7.4a) for a duration: the coarsest unit that holds it.
    static func gprsTimer3(_ d: Duration) -> GPRSTimer3 {
        let s = Int(d.components.seconds)
        if s <= 31 * 2, s % 2 == 0 { return GPRSTimer3(unit: 3, value: UInt8(s / 2)) }      // 2 s
        if s <= 31 * 30, s % 30 == 0 { return GPRSTimer3(unit: 4, value: UInt8(s / 30)) }  // 30 s
        if s <= 31 * 60 { return GPRSTimer3(unit: 5, value: UInt8(s / 60)) }                // 1 min
        if s <= 31 * 600 { return GPRSTimer3(unit: 0, value: UInt8(s / 600)) }              // 10 min
        if s <= 31 * 3600 { return GPRSTimer3(unit: 1, value: UInt8(s / 3600)) }            // 1 h
        return GPRSTimer3(unit: 2, value: UInt8(min(31, s / 36000)))                         // 10 h
    }

    /// Registration Complete (TS 24.501 §5.5.1.2.4): the new 5G-GUTI is in use; the UE is registered.
    mutating func handleRegistrationComplete(_ slot: Int, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .registrationAccepted, r.verified else {
            deviation("unexpectedNAS", "TS 24.501 §5.5.1.2.4", "Registration Complete without a Registration Accept outstanding", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3550, slot: slot)
        ues[slot].procedure = .none
        ues[slot].retransmitMessage = []
        if let old = ues[slot].tmsi, old != ues[slot].pendingTMSI, ues.byTMSI[old] == slot { ues.byTMSI[old] = nil }
        ues[slot].tmsi = ues[slot].pendingTMSI
        ues[slot].pendingTMSI = nil
        ues[slot].registered = true
        ues[slot].registration = nil
        notice(.registered(supi: ues[slot].supi ?? "?"))
    }
}
