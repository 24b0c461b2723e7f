import Bytes
import Testing
@testable import NAS5GS

/// Decoded messages keep their input octets once and hold the IEs whose value is their
/// octets as ranges of them (`NASBytesValue`); message values are copy-on-write.
@Suite("Message storage: ranges of the input, copy on write")
struct MessageStorageTests {
    /// UL NAS transport: payload container (a 5GSM message), PDU session ID, request type,
    /// S-NSSAI and DNN "internet".
    static let ulNASTransport: [UInt8] = (try? Hex.decode(
        "7e0067" + "01" + "00062e0565d15924" + "1205" + "81" + "220101" + "2509" + "08696e7465726e6574"))
        ?? []

    @Test("IEs read from a decoded message equal the values built in code")
    func decodedEqualsBuilt() throws {
        let decoded = try ULNASTransport(nasEncoded: Self.ulNASTransport)
        #expect(decoded.payloadContainer.bytes.elementsEqual(Self.ulNASTransport[6..<12]))
        #expect(decoded.payloadContainer.bytes.startIndex == 6, "a slice of the input, not a copy")
        #expect(decoded.dnn == DNN("internet"))
        #expect(decoded.dnn?.name == "internet")
        #expect(decoded.sNSSAI == SNSSAI(sst: 1))
        let built = ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(Array(Self.ulNASTransport[6..<12])),
                                   pduSessionID: nil, requestType: RequestType(nibble: 1), sNSSAI: SNSSAI(sst: 1), dnn: DNN("internet"))
        var withID = built
        withID.pduSessionID = PDUSessionIdentity(5)
        #expect(withID == decoded)
    }

    @Test("setting an IE of a decoded message changes that copy only, and it re-encodes with the new value")
    func copyOnWrite() throws {
        let original = try ULNASTransport(nasEncoded: Self.ulNASTransport)
        var changed = original
        changed.dnn = DNN("ims")
        changed.payloadContainer = PayloadContainer([0x2E, 0x05, 0x01, 0xD1])
        #expect(original.dnn == DNN("internet"))
        #expect(original.nasEncoded == Self.ulNASTransport)
        #expect(changed.dnn == DNN("ims"))
        let back = try ULNASTransport(nasEncoded: changed.nasEncoded)
        #expect(back == changed)
        #expect(back.dnn?.name == "ims")
        #expect(Array(back.payloadContainer.bytes) == [0x2E, 0x05, 0x01, 0xD1])
        changed.dnn = nil
        #expect(changed.dnn == nil)
        #expect(try ULNASTransport(nasEncoded: changed.nasEncoded).dnn == nil)
    }

    @Test("an IE the decoded message did not have, set in code, is encoded after the received ones")
    func addedIE() throws {
        var m = try ULNASTransport(nasEncoded: Self.ulNASTransport)
        m.additionalInformation = AdditionalInformation([0xA1, 0xA2])
        m.releaseAssistanceIndication = ReleaseAssistanceIndication(nibble: 2)
        let encoded = m.nasEncoded
        #expect(Array(encoded.prefix(Self.ulNASTransport.count)) == Self.ulNASTransport)
        #expect(Array(encoded.dropFirst(Self.ulNASTransport.count)) == [0x24, 0x02, 0xA1, 0xA2, 0xF2])
        #expect(try ULNASTransport(nasEncoded: encoded) == m)
    }

    @Test("values read from a decoded message do not change when the caller reuses its input array")
    func inputReuse() throws {
        var input = Self.ulNASTransport
        let message = try NASMessage(nasEncoded: input[...])
        for i in input.indices { input[i] = 0xFF }
        input.removeAll()
        guard case .ulnasTransport(let m) = message else { Issue.record("not an UL NAS transport"); return }
        #expect(m.dnn?.name == "internet")
        #expect(message.nasEncoded == Self.ulNASTransport)
    }

    @Test("decoding a body from a reader leaves the reader's octets in place")
    func readerKeepsOctets() throws {
        var r = NASReader(Self.ulNASTransport[...])
        r.index += 3  // past the header
        let m = try ULNASTransport(body: &r)
        #expect(r.isAtEnd)
        #expect(r.bytes.count == Self.ulNASTransport.count)
        #expect(m.dnn?.name == "internet")
    }

    @Test("list IEs read back what was decoded; setting the partial lists keeps each one's spare bit")
    func listIEs() throws {
        // type 00 with spare bit 8 set (2 TACs), type 01 (3 consecutive), type 10 (1 TAI)
        let octets: [UInt8] = [0x81, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02,
                               0x22, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x10,
                               0x40, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01]
        var list = try TrackingAreaIdentityList(nasValue: octets[...])
        let plmn = PLMNIdentity(mcc: "001", mnc: "01")
        let expected: [TrackingAreaIdentityList.PartialList] = [
            .nonConsecutive(plmn: plmn, tacs: [1, 2]), .consecutive(plmn: plmn, firstTAC: 0x10, count: 3),
            .tais([TrackingAreaIdentity(plmn: plmn, tac: 1)]),
        ]
        #expect(list.partialLists == expected)
        list.partialLists = expected
        #expect(Array(list.bytes) == octets, "the spare bit of the first partial list is kept")
        #expect(TrackingAreaIdentityList(expected).bytes.first == 0x01)

        let nssai = try NSSAI(nasValue: [0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x01][...])
        #expect(nssai.sNSSAIs == [SNSSAI(sst: 1), SNSSAI(sst: 1, sd: 1)])
        #expect(NSSAI(nssai.sNSSAIs) == nssai)
    }

    @Test("a malformed list IE is still rejected when decoded: S-NSSAI of length 3, partial list of type 11")
    func malformedListIEs() {
        #expect(throws: NASDecodingError.self) { try NSSAI(nasValue: [0x03, 0x01, 0x00, 0x00][...]) }
        #expect(throws: NASDecodingError.self) { try TrackingAreaIdentityList(nasValue: [0x60, 0x00, 0xF1, 0x10][...]) }
        #expect(throws: NASDecodingError.self) { try RejectedNSSAI(nasValue: [0x00][...]) }
        // in a message: the optional IE is syntactically incorrect (strict #100; tolerant keeps it raw)
        let bytes: [UInt8] = [0x7E, 0x00, 0x42, 0x01, 0x01, 0x15, 0x04, 0x03, 0x01, 0x00, 0x00]
        do {
            _ = try NASMessage(nasEncoded: bytes[...], options: .strict)
            Issue.record("a malformed NSSAI must be rejected in strict mode")
        } catch {
            #expect(error.code == .invalidOptionalIE)
            #expect(error.cause == 100)
        }
        let tolerant = try? NASMessage(nasEncoded: bytes[...], options: .tolerant)
        #expect(tolerant?.rawIEs.first?.iei == 0x15)
        #expect(tolerant?.nasEncoded == bytes)
    }
}
