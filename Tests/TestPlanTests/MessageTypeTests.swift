import NAS5GS
import NGAP
import Testing
@testable import TestPlan

@Suite("Message types")
struct MessageTypeTests {
    @Test("NAS names squeeze TS 24.501 names into one word")
    func nasNames() {
        #expect(MessageType.oneWord("Registration request") == "RegistrationRequest")
        #expect(MessageType.oneWord("Deregistration request (UE originating de-registration)") == "DeregistrationRequestUEOriginating")
        #expect(MessageType.oneWord("UL NAS transport") == "ULNASTransport")
        #expect(MessageType.oneWord("Network slice-specific authentication command") == "NetworkSliceSpecificAuthenticationCommand")
        #expect(MessageType.oneWord("5GMM status") == "5GMMStatus")
        #expect(MessageType("nas.SecurityModeCommand")?.code == Int(NASMessageType.securityModeCommand.rawValue))
        #expect(MessageType("nas.PDUSessionEstablishmentAccept")?.code == 0xC2)
    }

    @Test("every NAS message type with a TS 24.501 name has exactly one plan name")
    func nasCoverage() {
        let named = (0...255).filter { NASMessageType(rawValue: UInt8($0)).name != nil }
        let codes = MessageType.allNames.compactMap(MessageType.init).filter { $0.layer == .nas }.map(\.code).sorted()
        #expect(codes == named)
    }

    @Test("NGAP names are the messages of TS 38.413 §9.4 with their procedure codes")
    func ngapNames() {
        #expect(MessageType("ngap.NGSetupRequest")?.code == 21)
        #expect(MessageType("ngap.NGSetupResponse")?.code == 21)
        #expect(MessageType("ngap.NGSetupFailure")?.code == 21)
        #expect(MessageType("ngap.InitialUEMessage")?.code == 15)
        #expect(MessageType("ngap.Paging")?.code == 24)
        #expect(MessageType("ngap.PathSwitchRequestAcknowledge")?.code == 25)
        #expect(MessageType("ngap.NGSetup") == nil)
        #expect(MessageType("NGSetupRequest") == nil)
        let ngap = MessageType.allNames.compactMap(MessageType.init).filter { $0.layer == .ngap }
        let procedures = Set(ngap.map(\.code))
        #expect(procedures.count == NGAPObjectSets.ngapELEMENTARYPROCEDURES.rows.count)
    }
}
