import NGAP

/// The conditions of NGAP's conditional IEs (`PRESENCE conditional`), which the ASN.1 gives only as comments
/// under the rows. TS 38.413 V18 has three; all are decidable from the message and checked:
///
/// | object set | conditional IE | condition (comment in the ASN.1) | checked by |
/// |---|---|---|---|
/// | `InitialContextSetupRequestIEs` | UE Aggregate Maximum Bit Rate (110) | PDU Session Resource Setup List (71) present | presence rule |
/// | `M1Configuration-ExtIEs` | Beam Measurements Report Configuration (361) | Include Beam Measurements Indication (340) set to `true` | presence rule (`true` is its only value) |
/// | `HandoverCommandIEs` | NAS Security Parameters from NG-RAN (39) | Handover Type (29) is `5GStoEPS` or `5GStoUTRAN` | value rule |
///
/// A condition that holds with the IE absent is a missing IE (§10.3.5, the set's criticality); one that does
/// not hold with the IE present is an erroneously present IE (§10.3.3, handled by §10.3.6). `Tests` check that
/// every conditional row of every object set has exactly one rule here, so a new version of the ASN.1 with a
/// new condition fails until it is written down.
///
/// Conditions written on plain OPTIONAL components of IE types (e.g. `m1thresholdEventA2` "shall be present if
/// the M1 Reporting Trigger IE is set to ...") are not object-set presence (§10.3.3 names the presence field of
/// the classes): not checked.
enum NGAPConditions {
    /// A conditional IE whose condition is the presence of another IE of the same container.
    struct PresenceRule: Sendable {
        var set: String
        var ie: UInt16
        var ifPresent: UInt16
    }

    static let presenceRules: [PresenceRule] = [
        PresenceRule(
            set: NGAPObjectSets.initialContextSetupRequestIEs.name, ie: ProtocolIEID.ueAggregateMaximumBitRate.rawValue,
            ifPresent: ProtocolIEID.pduSessionResourceSetupListCxtReq.rawValue),
        // IncludeBeamMeasurementsIndication ::= ENUMERATED { true, ... }: present means `true` (an extension value
        // this version does not know counts as true).
        PresenceRule(
            set: NGAPObjectSets.m1ConfigurationExtIEs.name, ie: ProtocolIEID.beamMeasurementsReportConfiguration.rawValue,
            ifPresent: ProtocolIEID.includeBeamMeasurementsIndication.rawValue),
    ]

    /// Conditional IEs whose condition is a value, checked by `checkValueRules` (object set name, IE id).
    static let valueRules: [(set: String, ie: UInt16)] = [
        (NGAPObjectSets.handoverCommandIEs.name, ProtocolIEID.nasSecurityParametersFromNGRAN.rawValue)
    ]

    /// Checks the value rules of a top-level message (HandoverCommand is a message, so the rule is checked on it).
    static func checkValueRules(_ pdu: NGAPPDU, _ w: inout NGAPTableWalker) {
        guard case .successfulOutcome(let m) = pdu, case .handoverPreparation(let command) = m.value else { return }
        var type: HandoverType?
        var present = false
        for ie in command.protocolIEs {
            if let t = ie.handoverType { type = t }
            if ie.id == .nasSecurityParametersFromNGRAN { present = true }
        }
        // Without a (readable) Handover Type the condition cannot be decided: its absence is reported as missing.
        guard let type else { return }
        let condition: Bool
        switch type {
        case .fivegsToEps, .fivegsToUtran: condition = true
        case .intra5gs, .epsTo5gs: condition = false
        case .unknownExtension: return
        }
        guard condition != present else { return }
        let row = NGAPObjectSets.handoverCommandIEs.rows.first { $0.id == .nasSecurityParametersFromNGRAN }
        let criticality = row?.criticality ?? .reject
        w.enter(field: "successfulOutcome")
        w.enter(field: "value")
        w.enter(type: "HandoverCommand")
        w.enter(field: "protocolIEs")
        if condition {
            w.report(.missingConditionalIE, ie: ProtocolIEID.nasSecurityParametersFromNGRAN.rawValue, criticality: criticality,
                     clause: NGAPClause.missing, container: .protocolIEs)
        } else {
            w.report(.erroneouslyPresentIE, ie: ProtocolIEID.nasSecurityParametersFromNGRAN.rawValue, criticality: criticality,
                     clause: NGAPClause.wrongOrderOrRepeated, container: .protocolIEs)
        }
        for _ in 0..<4 { w.leave() }
    }
}
