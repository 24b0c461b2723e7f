import Bytes
import Testing
@testable import NAS5GS

/// How a UE simulator builds and parses messages, and how the decode pipeline gets JSON.
@Suite("Typed API and JSON view")
struct APITests {
    @Test("a UE builds an initial Registration request with cleartext IEs; the bytes follow TS 24.501 §8.2.6")
    func buildRegistrationRequest() throws {
        let suci = MobileIdentity.suci(.null(plmn: PLMNIdentity(mcc: "001", mnc: "01"), routingIndicator: "0", msin: "0000000001"))
        let request = RegistrationRequest(
            ngKSI: .noKeyAvailable, registrationType: RegistrationType(followOnRequest: true, value: RegistrationType.initial),
            mobileIdentity: suci,
            ueSecurityCapability: UESecurityCapability(ea: 0xF0, ia: 0x70))
        let expected: [UInt8] = [0x7E, 0x00, 0x41, 0x79, 0x00, 0x0D, 0x01, 0x00, 0xF1, 0x10, 0xF0, 0xFF, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x10, 0x2E, 0x02, 0xF0, 0x70]
        #expect(request.nasEncoded == expected)
        let decoded = try RegistrationRequest(nasEncoded: expected)
        #expect(decoded == request)
        guard case .suci(let s) = decoded.mobileIdentity, case .imsi(let form) = s.value else {
            Issue.record("not a SUCI"); return
        }
        #expect(form.msin == "0000000001")
        #expect(form.plmn.mcc == "001" && form.plmn.mnc == "01")
        #expect(form.routingIndicatorDigits == "0")
    }

    @Test("decoding as the wrong message type throws #97")
    func wrongType() {
        let bytes: [UInt8] = [0x7E, 0x00, 0x43]  // Registration complete
        #expect(throws: NASDecodingError.self) { try RegistrationRequest(nasEncoded: bytes) }
        #expect((try? RegistrationComplete(nasEncoded: bytes)) != nil)
    }

    @Test("a protected PDU exposes MAC, sequence number and the inner bytes as a slice; ciphered content is not read without NEA0")
    func protectedPDU() throws {
        let inner = RegistrationComplete().nasEncoded
        let bytes: [UInt8] = [0x7E, 0x02, 0x01, 0x02, 0x03, 0x04, 0x07] + inner
        let pdu = try NASPDU(nasEncoded: bytes)
        guard case .protected(let p) = pdu else { Issue.record("not protected"); return }
        #expect(p.mac == 0x0102_0304)
        #expect(p.sequenceNumber == 7)
        #expect(p.isCiphered)
        #expect(Array(p.payload) == inner)
        #expect(p.payload.startIndex == 7, "the payload is a slice of the input")
        #expect(throws: NASDecodingError.self) { try p.decodeInner() }
        #expect(try p.decodeInner(options: NASDecodingOptions(nullDecipher: true)) == .registrationComplete(RegistrationComplete()))
        #expect(pdu.nasEncoded == bytes)
    }

    @Test("JSON of a ciphered PDU: plain false with the ciphered hex, or the inner object with nullDecipher")
    func jsonProtected() throws {
        let bytes: [UInt8] = [0x7E, 0x02, 0x01, 0x02, 0x03, 0x04, 0x07, 0x7E, 0x00, 0x43]
        let closed = try JSONValue(parsing: Array(NASJSON.jsonText(nasPDU: bytes, options: NASJSONOptions(nullDecipher: false)).utf8))
        #expect(closed["epd"] == .number("126"))
        #expect(closed["sht"] == .number("2"))
        #expect(closed["mac"] == .string("01020304"))
        #expect(closed["seq"] == .number("7"))
        #expect(closed["plain"] == .bool(false))
        #expect(closed["ciphered"] == .string("7e0043"))
        let open = try JSONValue(parsing: Array(NASJSON.jsonText(nasPDU: bytes, options: NASJSONOptions(nullDecipher: true)).utf8))
        #expect(open["inner"]?["name"] == .string("Registration complete"))
        #expect(open["inner"]?["type"] == .number("67"))
    }

    @Test("JSON nests the 5GSM message of an UL NAS transport payload container")
    func jsonNestedN1SM() throws {
        let sm = PDUSessionEstablishmentRequest(pduSessionID: 5, pti: 1, integrityProtectionMaximumDataRate: .init([0xFF, 0xFF]),
                                                pduSessionType: .ipv4, sscMode: SSCMode(nibble: 1))
        let ul = ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(sm.nasEncoded),
                                pduSessionID: PDUSessionIdentity(5), requestType: RequestType(nibble: 1),
                                sNSSAI: SNSSAI(sst: 1, sd: 0x010203), dnn: DNN("internet"))
        let json = try JSONValue(parsing: Array(NASJSON.jsonText(nasPDU: ul.nasEncoded).utf8))
        #expect(json["name"] == .string("UL NAS transport"))
        #expect(json["payload_container"]?["name"] == .string("PDU session establishment request"))
        #expect(json["payload_container"]?["psi"] == .number("5"))
        #expect(json["dnn"]?["name"] == .string("internet"))
        #expect(json["s_nssai"]?["sd"] == .number("66051"))
        let back = try ULNASTransport(nasEncoded: ul.nasEncoded)
        #expect(back == ul)
        #expect(try back.payloadContainer.decodeN1SM() == .pduSessionEstablishmentRequest(sm))
    }

    @Test("JSON of an undecodable PDU carries the error with its cause and the hex")
    func jsonError() throws {
        let json = try JSONValue(parsing: Array(NASJSON.jsonText(nasPDU: [0x7E, 0x00, 0x41, 0x71]).utf8))
        #expect(json["plain"] == .bool(false))
        #expect(json["error"]?["cause"] == .number("96"))
        #expect(json["hex"] == .string("7e004171"))
        #expect(json["name"] == .string("Registration request"))
    }

    @Test("GPRS timer 3 and session AMBR compute seconds and bit rates")
    func units() {
        #expect(GPRSTimer3(unit: 1, value: 2).seconds == 7200)
        #expect(GPRSTimer3(unit: 7, value: 2).seconds == nil)
        #expect(GPRSTimer(unit: 0, value: 5).seconds == 10)
        #expect(SessionAMBR.bitsPerSecond(unit: 6, value: 100) == 100_000_000)
        #expect(SessionAMBR.bitsPerSecond(unit: 1, value: 3) == 3_000)
    }
}
