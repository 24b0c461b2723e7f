import ASN1PER
import NGAP
import Testing

/// Messages built from their values alone (ids, criticalities and procedure codes come from the object
/// sets) encode to the exact bytes of real capture PDUs; reading a decoded message's IEs by value case;
/// the encoder refuses an IE whose id does not select its value.
@Suite struct MessageBuildingTests {
    static func bytes(_ hex: String) -> [UInt8] { ASN1Bytes(hex: hex)!.array }
    static func octets(_ hex: String) -> ASN1Bytes { ASN1Bytes(hex: hex)! }
    static let plmn = PLMNIdentity(octets("09f107"))

    /// `o5gs-testsuite-registration.pcapng` frame 57: the gNB's NGSetupRequest.
    static let ngSetupRequestHex =
        "00150037000004001b00080009f107000100000052400b0400354720674e422d43550066001000000000010009f107000010080100000015400100"

    static func ngSetupRequest() -> NGSetupRequest {
        let gnb = GlobalGNBID(plmnIdentity: plmn, gnbID: .gnbID(ASN1BitString(leftAligned: 0x0100_00 << 40, bitCount: 22)))
        let slice = SliceSupportItem(sNSSAI: SNSSAI(sst: SST(octets("01")), sd: SD(octets("010000"))))
        let ta = SupportedTAItem(
            tac: TAC(octets("000001")),
            broadcastPLMNList: BroadcastPLMNList([BroadcastPLMNItem(plmnIdentity: plmn, taiSliceSupportList: SliceSupportList([slice]))]))
        return NGSetupRequest(protocolIEs: [
            .globalRANNodeID(.globalGNBID(gnb)),
            .ranNodeName(RANNodeName("5G gNB-CU")),
            .supportedTAList(SupportedTAList([ta])),
            .defaultPagingDRX(.v32),
        ])
    }

    @Test("an NGSetupRequest built from its values is the capture's PDU byte for byte")
    func ngSetupRequestFromValues() throws {
        let pdu = NGAPPDU.initiatingMessage(.ngSetup(Self.ngSetupRequest()))
        #expect(try pdu.aperEncoded() == Self.bytes(Self.ngSetupRequestHex))
    }

    @Test("an NGSetupResponse built from its values is the capture's PDU byte for byte")
    func ngSetupResponseFromValues() throws {
        // `o5gs-testsuite-registration.pcapng` frame 58.
        let guami = GUAMI(
            plmnIdentity: Self.plmn, amfRegionID: AMFRegionID(ASN1BitString(leftAligned: 0x02 << 56, bitCount: 8)),
            amfSetID: AMFSetID(ASN1BitString(leftAligned: 0x0040 << 48, bitCount: 10)),
            amfPointer: AMFPointer(ASN1BitString(leftAligned: 0, bitCount: 6)))
        let slice = SliceSupportItem(sNSSAI: SNSSAI(sst: SST(Self.octets("01"))))
        let response = NGSetupResponse(protocolIEs: [
            .amfName(AMFName("open5gs-amf0")),
            .servedGUAMIList(ServedGUAMIList([ServedGUAMIItem(guami: guami)])),
            .relativeAMFCapacity(RelativeAMFCapacity(255)),
            .plmnSupportList(PLMNSupportList([PLMNSupportItem(plmnIdentity: Self.plmn, sliceSupportList: SliceSupportList([slice]))])),
        ])
        let pdu = NGAPPDU.successfulOutcome(.ngSetup(response))
        #expect(try pdu.aperEncoded() == Self.bytes(
            "201500320000040001000e05806f70656e3567732d616d663000600008000009f10702004000564001ff005000080009f10700000008"))
    }

    static let plmn2 = PLMNIdentity(octets("00f110"))
    static let nrLocation = UserLocationInformation.userLocationInformationNR(UserLocationInformationNR(
        nrCGI: NRCGI(plmnIdentity: plmn2, nrCellIdentity: NRCellIdentity(ASN1BitString(leftAligned: 0x0006_6c00_00 << 24, bitCount: 36))),
        tai: TAI(plmnIdentity: plmn2, tac: TAC(octets("000001")))))

    @Test("an InitialUEMessage built from its values is the capture's PDU byte for byte")
    func initialUEMessageFromValues() throws {
        // `o5gs-srsgnb-a56-reg.pcap` frame 13: the registration request of the first UE.
        let message = InitialUEMessage(protocolIEs: [
            .ranUENGAPID(RANUENGAPID(1934)),
            .nasPDU(NASPDU(Self.octets("7e004179000d0100f110f0ff000000000000102e02f070"))),
            .userLocationInformation(Self.nrLocation),
            .rrcEstablishmentCause(.moSignalling),
            .ueContextRequest(.requested),
        ])
        let pdu = NGAPPDU.initiatingMessage(.initialUEMessage(message))
        #expect(try pdu.aperEncoded() == Self.bytes(
            "000f40430000050055000340078e00260018177e004179000d0100f110f0ff000000000000102e02f0700079000f4000f11000066c000000f110000001005a4001180070400100"))
    }

    @Test("NAS transports and a class 1 response built from their values are the capture's PDUs byte for byte")
    func transportsFromValues() throws {
        // `o5gs-srsgnb-a56-reg.pcap` frames 15, 19 and 27.
        let downlink = NGAPPDU.initiatingMessage(.downlinkNASTransport(DownlinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(912)), .ranUENGAPID(RANUENGAPID(1934)),
            .nasPDU(NASPDU(Self.octets("7e0056000200002161a47b1825f553b50152ad3fd406366720103e992ffeb90580002772e762c1846047"))),
        ])))
        #expect(try downlink.aperEncoded() == Self.bytes(
            "00044040000003000a00032003900055000340078e0026002b2a7e0056000200002161a47b1825f553b50152ad3fd406366720103e992ffeb90580002772e762c1846047"))
        let uplink = NGAPPDU.initiatingMessage(.uplinkNASTransport(UplinkNASTransport(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(912)), .ranUENGAPID(RANUENGAPID(1934)),
            .nasPDU(NASPDU(Self.octets("7e00572d1090957b2c59bacd187620286292716250"))),
            .userLocationInformation(Self.nrLocation),
        ])))
        #expect(try uplink.aperEncoded() == Self.bytes(
            "002e403e000004000a00032003900055000340078e00260016157e00572d1090957b2c59bacd1876202862927162500079400f4000f11000066c000000f110000001"))
        let contextSetup = NGAPPDU.successfulOutcome(.initialContextSetup(InitialContextSetupResponse(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(912)), .ranUENGAPID(RANUENGAPID(1934)),
        ])))
        #expect(try contextSetup.aperEncoded() == Self.bytes("200e0011000002000a40032003900055400340078e"))
    }

    @Test("builders take the id and criticality of the object set and the procedure's code and criticality")
    func buildersFillTheTableColumns() {
        let ie = ProtocolIEField_NGSetupRequestIEs.defaultPagingDRX(.v128)
        #expect(ie.id == .defaultPagingDRX && ie.id.rawValue == 21 && ie.criticality == .ignore)
        let message = InitiatingMessage.ngSetup(Self.ngSetupRequest())
        #expect(message.procedureCode == .ngSetup && message.procedureCode.rawValue == 21 && message.criticality == .reject)
        // A class 2 procedure whose object gives no criticality takes the class's default, ignore.
        let uplink = InitiatingMessage.uplinkNASTransport(UplinkNASTransport(protocolIEs: []))
        #expect(uplink.procedureCode.rawValue == 46 && uplink.criticality == .ignore)
    }

    @Test("a decoded message's IEs are read by value case, typed")
    func readingIEsByCase() throws {
        let (pdu, _) = try NGAPPDU.decode(Self.bytes(Self.ngSetupRequestHex)[...])
        guard case .initiatingMessage(let m) = pdu, case .ngSetup(let request) = m.value else {
            Issue.record("not an NGSetupRequest: \(pdu)")
            return
        }
        #expect(request.protocolIEs.first(\.defaultPagingDRX) == .v32)
        #expect(request.protocolIEs.first(\.ranNodeName)?.value == "5G gNB-CU")
        #expect(request.protocolIEs.first(\.supportedTAList)?.value.first?.tac.value.hex == "000001")
        #expect(request.protocolIEs.first(\.ueRetentionInformation) == nil)
        #expect(request.protocolIEs.all(\.globalRANNodeID).count == 1)
        #expect(request == Self.ngSetupRequest())
    }

    @Test("the encoder refuses an IE whose id does not select its value, naming where")
    func mismatchedIdIsRefused() throws {
        var request = Self.ngSetupRequest()
        request.protocolIEs[2].id = .defaultPagingDRX  // carries a SupportedTAList
        let pdu = NGAPPDU.initiatingMessage(.ngSetup(request))
        #expect(throws: APEREncodingError.self) { try pdu.aperEncoded() }
        do {
            _ = try pdu.aperEncoded()
        } catch {
            #expect(error.path.description.hasSuffix("NGSetupRequest.protocolIEs[2].value"), "\(error.path)")
            #expect(error.message.contains("id 21") && error.message.contains("SupportedTAList") && error.message.contains("102"), "\(error)")
        }
    }

    @Test("undecoded bytes may only carry an id the object set does not define")
    func unknownValuesNeedUnknownIds() throws {
        var request = Self.ngSetupRequest()
        request.protocolIEs.append(ProtocolIEField_NGSetupRequestIEs(id: .ranNodeName, criticality: .ignore, value: .unknown([0x01, 0x00])))
        #expect(throws: APEREncodingError.self) { try request.aperEncoded() }
        request.protocolIEs[4].id = ProtocolIEID(rawValue: 9999)
        let encoded = try request.aperEncoded()
        let back = try NGSetupRequest(aperEncoded: encoded)
        #expect(back.protocolIEs[4].value == .unknown([0x01, 0x00]) && back.protocolIEs[4].id.rawValue == 9999)
    }

    @Test("extension containers are built from their values too")
    func extensionFieldsFromValues() throws {
        let field = ProtocolExtensionField_SupportedTAItemExtIEs.configuredTACIndication(.true_)
        #expect(field.id.rawValue == 272 && field.criticality == .ignore)
        var item = SupportedTAItem(tac: TAC(Self.octets("000001")), broadcastPLMNList: BroadcastPLMNList([]))
        item.ieExtensions = [field]
        #expect(item.ieExtensions?.first(\.configuredTACIndication) == .true_)
        var wrong = field
        wrong.id = ProtocolExtensionID(rawValue: 1)
        item.ieExtensions = [wrong]
        #expect(throws: APEREncodingError.self) { try item.aperEncoded() }
    }
}
