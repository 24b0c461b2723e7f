import ASN1PER
import NGAP
import NGAPValidation
import Testing

/// Real messages of the shared captures, each mutated one way (an IE dropped, an unknown IE added with each
/// criticality, an IE repeated, two IEs swapped, an IE of another message added), encoded, decoded again and
/// validated: the diagnostic (kind, IE, criticality, clause) and the verdict (TS 38.413 §10) are written here.
/// The hex is the capture's PDU (file and frame named), so the tests need no shared folder.
@Suite struct MutatedMessageTests {
    static func pdu(_ hex: String) throws -> NGAPPDU {
        try NGAPPDU.decode(ASN1Bytes(hex: hex)!.array[...]).pdu
    }

    /// Encodes and decodes `pdu` again, so the validator sees what a receiver decodes from the wire.
    static func wire(_ pdu: NGAPPDU) throws -> NGAPPDU {
        try NGAPPDU.decode(try pdu.aperEncoded()[...]).pdu
    }

    /// `o5gs-testsuite-registration.pcapng` frame 57: NGSetupRequest (class 1, has a failure message).
    static let ngSetupRequestHex =
        "00150037000004001b00080009f107000100000052400b0400354720674e422d43550066001000000000010009f107000010080100000015400100"
    /// Same capture, frame 58: NGSetupResponse.
    static let ngSetupResponseHex =
        "201500320000040001000e05806f70656e3567732d616d663000600008000009f10702004000564001ff005000080009f10700000008"
    /// `o5gs-srsgnb-a56-reg.pcap` frame 13: InitialUEMessage (class 2).
    static let initialUEMessageHex =
        "000f40430000050055000340078e00260018177e004179000d0100f110f0ff000000000000102e02f0700079000f4000f11000066c000000f110000001005a4001180070400100"
    /// `o5gs-srsgnb-pixel8-dereg.pcap` frame 28: UEContextReleaseCommand (class 1, no failure message).
    static let ueContextReleaseCommandHex = "0029001000000200720004000c000a000f400148"
    /// `o5gs-testsuite-registration.pcapng` frame 1590: ErrorIndication.
    static let errorIndicationHex = "00094015000003000a40020002005540020002000f40020380"

    /// The NGSetupRequest's IEs changed by `change`, as received.
    static func ngSetupRequest(_ change: (inout [ProtocolIEField_NGSetupRequestIEs]) -> Void) throws -> NGAPPDU {
        guard case .initiatingMessage(let m) = try pdu(ngSetupRequestHex), case .ngSetup(var request) = m.value else {
            throw Unexpected()
        }
        change(&request.protocolIEs)
        return try wire(.initiatingMessage(.ngSetup(request)))
    }

    struct Unexpected: Error {}

    static func unknownIE(_ id: UInt16, _ criticality: Criticality) -> ProtocolIEField_NGSetupRequestIEs {
        ProtocolIEField_NGSetupRequestIEs(id: ProtocolIEID(rawValue: id), criticality: criticality, value: .unknown(ASN1Bytes(hex: "0102")!))
    }

    /// The one diagnostic of `verdict`, as (kind, IE id, criticality, clause).
    static func only(_ verdict: NGAPVerdict) -> (NGAPDiagnostic.Kind, UInt16?, Criticality?, String)? {
        guard verdict.diagnostics.count == 1, let d = verdict.diagnostics.first else { return nil }
        return (d.kind, d.ie, d.criticality, d.clause)
    }

    @Test("the unmutated messages validate clean")
    func unmutatedAreClean() throws {
        for hex in [Self.ngSetupRequestHex, Self.ngSetupResponseHex, Self.initialUEMessageHex, Self.ueContextReleaseCommandHex, Self.errorIndicationHex] {
            let verdict = NGAPValidator.validate(try Self.pdu(hex))
            #expect(verdict.isClean, "\(hex): \(verdict.diagnostics)")
            #expect(verdict.handling == .proceed && verdict.answer == .none)
            #expect(verdict.criticalityDiagnostics() == nil)
        }
    }

    @Test("a missing mandatory reject IE rejects a class 1 procedure with its failure message (§10.3.5)")
    func missingRejectIE() throws {
        let pdu = try Self.ngSetupRequest { $0.removeAll { $0.id == .globalRANNodeID } }
        let verdict = NGAPValidator.validate(pdu)
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .missingIE && d.1 == 27 && d.2 == .reject && d.3 == "TS 38.413 §10.3.5")
        #expect(verdict.diagnostics[0].path.description == "NGSetupRequest.protocolIEs")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .failureMessage)
        #expect(verdict.cause == .abstractSyntaxErrorReject && verdict.clause == "TS 38.413 §10.3.5")
        // NG SETUP FAILURE's Criticality Diagnostics: no procedure code or triggering message (it is the
        // procedure's own response), the procedure's criticality, the missing IE.
        let cd = try #require(verdict.criticalityDiagnostics())
        #expect(cd == CriticalityDiagnostics(
            procedureCriticality: .reject,
            iesCriticalityDiagnostics: CriticalityDiagnosticsIEList([
                CriticalityDiagnosticsIEItem(ieCriticality: .reject, ieID: .globalRANNodeID, typeOfError: .missing)
            ])))
    }

    @Test("a missing mandatory ignore IE lets the procedure go on with nothing sent (§10.3.5)")
    func missingIgnoreIE() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { $0.removeAll { $0.id == .defaultPagingDRX } })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .missingIE && d.1 == 21 && d.2 == .ignore && d.3 == "TS 38.413 §10.3.5")
        #expect(verdict.handling == .proceed && verdict.answer == .none && verdict.criticalityDiagnostics() == nil)
    }

    @Test("an unknown IE with criticality reject rejects the procedure; its id is reported not understood (§10.3.4.2)")
    func unknownRejectIE() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { $0.append(Self.unknownIE(999, .reject)) })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .unknownIE && d.1 == 999 && d.2 == .reject && d.3 == "TS 38.413 §10.3.4.2")
        #expect(verdict.diagnostics[0].path.description == "NGSetupRequest.protocolIEs[4]")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .failureMessage && verdict.cause == .abstractSyntaxErrorReject)
        let item = try #require(verdict.criticalityDiagnostics()?.iesCriticalityDiagnostics?.value.first)
        #expect(item == CriticalityDiagnosticsIEItem(ieCriticality: .reject, ieID: ProtocolIEID(rawValue: 999), typeOfError: .notUnderstood))
    }

    @Test("an unknown IE with criticality notify is ignored and reported in the response message (§10.3.4.2)")
    func unknownNotifyIE() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { $0.append(Self.unknownIE(999, .notify)) })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .unknownIE && d.1 == 999 && d.2 == .notify && d.3 == "TS 38.413 §10.3.4.2")
        #expect(verdict.handling == .proceedAndNotify && verdict.answer == .responseMessage && verdict.cause == nil)
        let cd = try #require(verdict.criticalityDiagnostics())
        #expect(cd.iesCriticalityDiagnostics?.value == [
            CriticalityDiagnosticsIEItem(ieCriticality: .notify, ieID: ProtocolIEID(rawValue: 999), typeOfError: .notUnderstood)
        ])
    }

    @Test("an unknown IE with criticality ignore is listed but changes nothing (§10.3.4.2)")
    func unknownIgnoreIE() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { $0.append(Self.unknownIE(999, .ignore)) })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .unknownIE && d.1 == 999 && d.2 == .ignore && d.3 == "TS 38.413 §10.3.4.2")
        #expect(verdict.handling == .proceed && verdict.answer == .none && verdict.criticalityDiagnostics() == nil)
    }

    @Test("an IE NGAP defines for another message is not comprehended in this one (§10.3.4.2)")
    func ieOfAnotherMessage() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { $0.append(Self.unknownIE(ProtocolIEID.amfUENGAPID.rawValue, .reject)) })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .ieNotInMessage && d.1 == 10 && d.2 == .reject && d.3 == "TS 38.413 §10.3.4.2")
        #expect(verdict.diagnostics[0].ieName == "id-AMF-UE-NGAP-ID")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .failureMessage)
    }

    @Test("a repeated IE makes the message falsely constructed (§10.3.6)")
    func repeatedIE() throws {
        let verdict = NGAPValidator.validate(try Self.ngSetupRequest { ies in
            ies.insert(ies[2], at: 3)  // SupportedTAList twice
        })
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .repeatedIE && d.1 == 102 && d.2 == .reject && d.3 == "TS 38.413 §10.3.6")
        #expect(verdict.diagnostics[0].path.description == "NGSetupRequest.protocolIEs[3]")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .failureMessage)
        #expect(verdict.cause == .abstractSyntaxErrorFalselyConstructedMessage && verdict.clause == "TS 38.413 §10.3.6")
    }

    @Test("IEs in wrong order reject the procedure in strict mode and are only reported in tolerant mode (§10.3.6)")
    func swappedIEs() throws {
        let pdu = try Self.ngSetupRequest { $0.swapAt(0, 1) }  // RANNodeName before GlobalRANNodeID
        let strict = NGAPValidator.validate(pdu)
        let d = try #require(Self.only(strict))
        #expect(d.0 == .outOfOrderIE && d.1 == 27 && d.2 == .reject && d.3 == "TS 38.413 §10.3.6")
        #expect(strict.handling == .rejectProcedure && strict.cause == .abstractSyntaxErrorFalselyConstructedMessage)
        let tolerant = NGAPValidator.validate(pdu, mode: .tolerant)
        #expect(tolerant.diagnostics.map(\.kind) == [.outOfOrderIE])
        #expect(tolerant.handling == .proceed && tolerant.answer == .none)
    }

    @Test("an unknown reject IE in an extension container deep in the message is found, with its path (§10.3.4.2)")
    func unknownExtensionIE() throws {
        guard case .initiatingMessage(let m) = try Self.pdu(Self.ngSetupRequestHex), case .ngSetup(var request) = m.value,
            let i = request.protocolIEs.firstIndex(where: { $0.id == .supportedTAList }), var list = request.protocolIEs[i].supportedTAList
        else { throw Unexpected() }
        list.value[0].ieExtensions = [
            ProtocolExtensionField_SupportedTAItemExtIEs(id: ProtocolExtensionID(rawValue: 4000), criticality: .reject, extensionValue: .unknown(ASN1Bytes(hex: "00")!))
        ]
        request.protocolIEs[i] = .supportedTAList(list)
        let verdict = NGAPValidator.validate(try Self.wire(.initiatingMessage(.ngSetup(request))))
        let d = try #require(verdict.diagnostics.first)
        #expect(verdict.diagnostics.count == 1)
        #expect(d.kind == .unknownIE && d.ie == 4000 && d.criticality == .reject && d.container == .extensions)
        #expect(d.path.description == "NGSetupRequest.protocolIEs[2].value.SupportedTAList[0].iE-Extensions[0]")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .failureMessage)
    }

    @Test("a reject error in a class 2 message is answered by ERROR INDICATION naming procedure and triggering message (§10.3.4.2)")
    func classTwoReject() throws {
        guard case .initiatingMessage(let m) = try Self.pdu(Self.initialUEMessageHex), case .initialUEMessage(var message) = m.value else {
            throw Unexpected()
        }
        message.protocolIEs.append(ProtocolIEField_InitialUEMessageIEs(id: ProtocolIEID(rawValue: 999), criticality: .reject, value: .unknown(ASN1Bytes(hex: "00")!)))
        let verdict = NGAPValidator.validate(try Self.wire(.initiatingMessage(.initialUEMessage(message))))
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .errorIndication && verdict.cause == .abstractSyntaxErrorReject)
        let cd = try #require(verdict.criticalityDiagnostics())
        #expect(cd.procedureCode == .initialUEMessage && cd.triggeringMessage == .initiatingMessage && cd.procedureCriticality == .ignore)
        #expect(cd.iesCriticalityDiagnostics?.value.map(\.typeOfError) == [.notUnderstood])
    }

    @Test("a class 1 procedure without a failure message is rejected with ERROR INDICATION (§10.3.5)")
    func classOneWithoutFailureMessage() throws {
        guard case .initiatingMessage(let m) = try Self.pdu(Self.ueContextReleaseCommandHex), case .ueContextRelease(var command) = m.value else {
            throw Unexpected()
        }
        command.protocolIEs.removeAll { $0.id == .ueNGAPIDs }
        let verdict = NGAPValidator.validate(try Self.wire(.initiatingMessage(.ueContextRelease(command))))
        let d = try #require(Self.only(verdict))
        #expect(d.0 == .missingIE && d.1 == 114 && d.2 == .reject && d.3 == "TS 38.413 §10.3.5")
        #expect(verdict.handling == .rejectProcedure && verdict.answer == .errorIndication)
    }

    @Test("errors in a response start local error handling (reject) or ERROR INDICATION (notify) (§10.3.5, §10.3.4.2)")
    func responseErrors() throws {
        guard case .successfulOutcome(let m) = try Self.pdu(Self.ngSetupResponseHex), case .ngSetup(let response) = m.value else {
            throw Unexpected()
        }
        var missing = response
        missing.protocolIEs.removeAll { $0.id == .amfName }
        let reject = NGAPValidator.validate(try Self.wire(.successfulOutcome(.ngSetup(missing))))
        #expect(Self.only(reject).map { $0.0 == .missingIE && $0.1 == 1 && $0.2 == .reject } == true)
        #expect(reject.handling == .localErrorHandling && reject.answer == .none && reject.criticalityDiagnostics() == nil)

        var extra = response
        extra.protocolIEs.append(ProtocolIEField_NGSetupResponseIEs(id: ProtocolIEID(rawValue: 999), criticality: .notify, value: .unknown(ASN1Bytes(hex: "00")!)))
        let notify = NGAPValidator.validate(try Self.wire(.successfulOutcome(.ngSetup(extra))))
        #expect(notify.handling == .proceedAndNotify && notify.answer == .errorIndication && notify.cause == .abstractSyntaxErrorIgnoreAndNotify)
        let cd = try #require(notify.criticalityDiagnostics())
        #expect(cd.procedureCode == .ngSetup && cd.triggeringMessage == .successfulOutcome)
    }

    @Test("errors in an ERROR INDICATION never start another one: local error handling (§10.5)")
    func errorIndicationErrors() throws {
        guard case .initiatingMessage(let m) = try Self.pdu(Self.errorIndicationHex), case .errorIndication(var message) = m.value else {
            throw Unexpected()
        }
        message.protocolIEs.append(ProtocolIEField_ErrorIndicationIEs(id: ProtocolIEID(rawValue: 999), criticality: .reject, value: .unknown(ASN1Bytes(hex: "00")!)))
        let verdict = NGAPValidator.validate(try Self.wire(.initiatingMessage(.errorIndication(message))))
        #expect(verdict.diagnostics.map(\.kind) == [.unknownIE])
        #expect(verdict.handling == .localErrorHandling && verdict.answer == .none && verdict.clause == "TS 38.413 §10.5")
    }

    @Test("an unknown procedure code is handled by the procedure's criticality (§10.3.4.1)")
    func unknownProcedure() throws {
        func message(_ criticality: Criticality) throws -> NGAPPDU {
            try Self.wire(.initiatingMessage(InitiatingMessage(procedureCode: ProcedureCode(rawValue: 200), criticality: criticality, value: .unknown(ASN1Bytes(hex: "0000")!))))
        }
        let reject = NGAPValidator.validate(try message(.reject))
        let d = try #require(reject.diagnostics.first)
        #expect(d.kind == .unknownProcedure && d.procedureCode?.rawValue == 200 && d.clause == "TS 38.413 §10.3.4.1")
        #expect(reject.handling == .rejectProcedure && reject.answer == .errorIndication)
        let cd = try #require(reject.criticalityDiagnostics())
        #expect(cd == CriticalityDiagnostics(procedureCode: ProcedureCode(rawValue: 200), triggeringMessage: .initiatingMessage, procedureCriticality: .reject))
        let notify = NGAPValidator.validate(try message(.notify))
        #expect(notify.handling == .ignoreProcedure && notify.answer == .errorIndication && notify.cause == .abstractSyntaxErrorIgnoreAndNotify)
        let ignore = NGAPValidator.validate(try message(.ignore))
        #expect(ignore.handling == .ignoreProcedure && ignore.answer == .none)
    }

    @Test("a successful outcome of a class 2 procedure is a type of message the procedure has not (§10.3.4.1A)")
    func unexpectedMessageType() throws {
        let pdu = try Self.wire(.successfulOutcome(SuccessfulOutcome(procedureCode: .initialUEMessage, criticality: .ignore, value: .unknown(ASN1Bytes(hex: "0000")!))))
        let verdict = NGAPValidator.validate(pdu)
        let d = try #require(verdict.diagnostics.first)
        #expect(d.kind == .unexpectedMessageType && d.clause == "TS 38.413 §10.3.4.1A")
        #expect(verdict.handling == .ignoreProcedure && verdict.answer == .errorIndication)
    }
}
