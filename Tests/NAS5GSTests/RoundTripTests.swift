import Bytes
import Testing
@testable import NAS5GS

/// Realistic value octets for each IE value type, used to build every message with
/// every optional IE (TS 24.501 clause 9 codings).
enum SampleValues {
    static let suci: [UInt8] = [0x01, 0x00, 0xF1, 0x10, 0xF0, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10]
    static let guti: [UInt8] = [0xF2, 0x00, 0xF1, 0x10, 0x02, 0x00, 0x40, 0xC0, 0x00, 0x03, 0x14]
    static let pduSessionEstablishmentRequest: [UInt8] = [0x2E, 0x05, 0x01, 0xC1, 0xFF, 0xFF, 0x91, 0xA1]
    static let registrationRequest: [UInt8] = [0x7E, 0x00, 0x41, 0x79, 0x00, 0x0D] + suci

    static func value(_ type: String, length: Int) -> [UInt8] {
        switch type {
        case "MobileIdentity": return suci
        case "UESecurityCapability": return [0xF0, 0x70, 0xF0, 0x70]
        case "NSSAI": return [0x01, 0x01, 0x04, 0x01, 0x00, 0x00, 0x01, 0x02, 0x02, 0x01]
        case "SNSSAI": return [0x01, 0x00, 0x00, 0x01]
        case "RejectedNSSAI": return [0x11, 0x01, 0x42, 0x01, 0x00, 0x00, 0x07]
        case "TrackingAreaIdentity": return [0x00, 0xF1, 0x10, 0x00, 0x00, 0x01]
        case "TrackingAreaIdentityList":
            return [0x01, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02,  // type 00, 2 TACs
                    0x22, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x10,                    // type 01, 3 consecutive
                    0x40, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01]                    // type 10, 1 TAI
        case "PDUSessionStatus": return [0x20, 0x00]
        case "PDUSessionReactivationResultErrorCause": return [0x05, 0x5A]
        case "RegistrationResult": return [0x09]
        case "FiveGMMCause": return [0x5F]
        case "FiveGSMCause": return [0x24]
        case "GPRSTimer", "GPRSTimer2": return [0x21]
        case "GPRSTimer3": return [0x92]
        case "NASSecurityAlgorithms": return [0x02]
        case "ABBA": return [0x00, 0x00]
        case "AuthenticationParameterRAND": return (0..<16).map { UInt8($0 * 17 & 0xFF) }
        case "AuthenticationParameterAUTN": return (0..<16).map { UInt8(0xA0 | $0) }
        case "AuthenticationResponseParameter": return (0..<16).map { UInt8(0x30 + $0) }
        case "AuthenticationFailureParameter": return (0..<14).map { UInt8(0x50 + $0) }
        case "EAPMessage": return [0x01, 0x01, 0x00, 0x05, 0x01]
        case "PayloadContainer": return pduSessionEstablishmentRequest
        case "NASMessageContainer": return registrationRequest
        case "PDUSessionIdentity": return [0x05]
        case "DNN": return [0x08] + Array("internet".utf8)
        case "QoSRules": return [0x01, 0x00, 0x06, 0x31, 0x31, 0x01, 0x01, 0xFF, 0x01]
        case "QoSFlowDescriptions": return [0x01, 0x20, 0x41, 0x01, 0x01, 0x09]
        case "SessionAMBR": return [0x06, 0x00, 0x64, 0x06, 0x00, 0x32]
        case "PDUAddress": return [0x01, 0x0A, 0x2D, 0x00, 0x02]
        case "ExtendedProtocolConfigurationOptions": return [0x80, 0x00, 0x0D, 0x00, 0x00, 0x03, 0x00]
        default: return length > 0 ? (0..<length).map { UInt8(0x11 &* ($0 + 1)) } : [0x01, 0x02, 0x03]
        }
    }

    static func nibble(_ type: String) -> UInt8 {
        switch type {
        case "RegistrationType": 0x9
        case "NASKeySetIdentifier": 0x1
        case "PayloadContainerType": 0x1
        case "": 0x0
        default: 0x1
        }
    }

    /// The whole message with every mandatory and optional IE, in definition order.
    static func message(_ d: NASMessageDefinition, optional: [NASMessageDefinition.OptionalIE]? = nil) -> [UInt8] {
        var out: [UInt8] = d.epd == 0x2E ? [0x2E, 0x05, 0x01, d.messageType] : [0x7E, 0x00, d.messageType]
        for m in d.mandatory {
            switch m.format {
            case "half": out.append(nibble(m.types[0]) << 4 | nibble(m.types[1]))
            case "V": out += value(m.types[0], length: m.length)
            case "LV":
                let v = value(m.types[0], length: 0)
                out.append(UInt8(v.count)); out += v
            default:
                let v = value(m.types[0], length: 0)
                out += [UInt8(v.count >> 8), UInt8(v.count & 0xFF)] + v
            }
        }
        for o in optional ?? d.optional {
            let v = value(o.type, length: o.length)
            switch o.format {
            case "TV1": out.append(o.iei << 4 | nibble(o.type))
            case "TV": out.append(o.iei); out += v
            case "TLV": out.append(o.iei); out.append(UInt8(v.count)); out += v
            default: out.append(o.iei); out += [UInt8(v.count >> 8), UInt8(v.count & 0xFF)] + v
            }
        }
        return out
    }
}

@Suite("Round trip of every message type with every IE")
struct RoundTripTests {
    static let definitions = NASMessageDefinition.all

    @Test("the message table covers every 5GMM and 5GSM message of TS 24.501 clause 8")
    func everyMessageTypeIsDefined() {
        let mm: Set<UInt8> = [0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0x54, 0x55,
                              0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x64, 0x65, 0x66, 0x67, 0x68]
        let sm: Set<UInt8> = [0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xD1, 0xD2, 0xD3, 0xD4, 0xD6]
        let defined = Set(Self.definitions.map { $0.messageType })
        #expect(mm.isSubset(of: defined))
        #expect(sm.isSubset(of: defined))
    }

    @Test("decode then encode is byte-identical, and encode then decode is equal, with every optional IE", arguments: NASMessageDefinition.all.map(\.name))
    func roundTrip(name: String) throws {
        let d = try #require(Self.definitions.first { $0.name == name })
        let bytes = SampleValues.message(d)
        let message = try NASMessage(nasEncoded: bytes[...], options: .strict)
        #expect(message.messageType.rawValue == d.messageType)
        #expect(message.nasEncoded == bytes)
        #expect(message.rawIEs.isEmpty)
        let present = message.ieSummaries
        let mandatoryCount = d.mandatory.reduce(0) { $0 + ($1.format == "half" ? $1.types.filter { !$0.isEmpty }.count : 1) }
        #expect(present.count == mandatoryCount + d.optional.count, "every optional IE decoded into its typed property")
        // encode (spec order, as built in code) -> decode -> equal
        let again = try NASMessage(nasEncoded: message.nasEncoded[...])
        #expect(again == message)
        // the JSON view is one well-formed object naming the message
        let json = try JSONValue(parsing: Array(NASJSON.jsonText(nasPDU: bytes, options: NASJSONOptions()).utf8))
        #expect(json["name"]?.stringValue == message.name)
        #expect(json["plain"] == .bool(true))
        #expect(json["raw_ies"] == nil)
    }

    @Test("optional IEs received out of order: strict rejects (#111), tolerant keeps the order and re-encodes byte for byte",
          arguments: NASMessageDefinition.all.filter { $0.optional.count >= 2 }.map(\.name))
    func outOfOrder(name: String) throws {
        let d = try #require(Self.definitions.first { $0.name == name })
        let bytes = SampleValues.message(d, optional: d.optional.reversed())
        #expect(throws: NASDecodingError.self) { try NASMessage(nasEncoded: bytes[...], options: .strict) }
        do {
            _ = try NASMessage(nasEncoded: bytes[...], options: .strict)
        } catch {
            #expect(error.code == .outOfSequenceIE)
            #expect(error.cause == 111)
        }
        var diagnostics: [NASDiagnostic] = []
        let m = try NASMessage(nasEncoded: bytes[...], options: .tolerant, diagnostics: &diagnostics)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.code == .outOfSequenceIE })
        #expect(m.nasEncoded == bytes)
        #expect(m.ieSummaries.count >= d.optional.count)
    }

    @Test("unknown IEs: kept in place and re-encoded when not comprehension-required, #96 when comprehension-required",
          arguments: NASMessageDefinition.all.map(\.name))
    func unknownIEs(name: String) throws {
        let d = try #require(Self.definitions.first { $0.name == name })
        let known = Set(d.optional.map { $0.format == "TV1" ? $0.iei << 4 : $0.iei })
        let unknownIEI = try #require((UInt8(0x40)...0x6F).first { !known.contains($0) })
        let mandatoryOnly = SampleValues.message(d, optional: [])
        let base = SampleValues.message(d, optional: Array(d.optional.prefix(1)))
        let second = SampleValues.message(d, optional: Array(d.optional.dropFirst().prefix(1))).dropFirst(mandatoryOnly.count)
        let withUnknown = base + [unknownIEI, 0x02, 0xAB, 0xCD] + second
        let m = try NASMessage(nasEncoded: withUnknown[...], options: .strict)
        #expect(m.rawIEs.count == 1)
        #expect(m.rawIEs.first?.iei == unknownIEI)
        #expect(m.nasEncoded == withUnknown)
        // bits 8-5 of the IEI 0000: comprehension required (TS 24.007 §11.2.4)
        let required = base + [0x0E, 0x01, 0x00]
        do {
            _ = try NASMessage(nasEncoded: required[...], options: .tolerant)
            Issue.record("an unknown comprehension-required IE must be rejected")
        } catch {
            #expect(error.code == .comprehensionRequiredIE)
            #expect(error.cause == 96)
            #expect(error.offset == base.count)
        }
    }

    @Test("a missing or short mandatory IE throws cause #96 with the IE name", arguments: NASMessageDefinition.all.filter { !$0.mandatory.isEmpty }.map(\.name))
    func missingMandatory(name: String) throws {
        let d = try #require(Self.definitions.first { $0.name == name })
        let header = d.epd == 0x2E ? 4 : 3
        let bytes = SampleValues.message(d, optional: [])
        for cut in header..<bytes.count {
            do {
                _ = try NASMessage(nasEncoded: bytes[..<cut], options: .tolerant)
                Issue.record("\(name) cut at \(cut) of \(bytes.count) decoded")
            } catch {
                #expect(error.cause == 96, "\(name) cut at \(cut): \(error)")
                #expect(!error.ie.isEmpty)
            }
        }
    }

    @Test("an unknown message type throws #97; an unknown protocol discriminator too")
    func unknownMessageType() {
        for bytes: [UInt8] in [[0x7E, 0x00, 0x40], [0x2E, 0x01, 0x01, 0xC0], [0x0E, 0x00, 0x41]] {
            do {
                _ = try NASMessage(nasEncoded: bytes[...])
                Issue.record("decoded \(bytes)")
            } catch {
                #expect(error.cause == 97)
            }
        }
    }
}
