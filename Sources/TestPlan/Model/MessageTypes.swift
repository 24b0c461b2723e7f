import ASN1PER
import Foundation
import NAS5GS
import NGAP

/// A message a step can expect: an NGAP message (`ngap.NGSetupResponse`, the ASN.1 type names of
/// TS 38.413 §9.4) or a NAS message (`nas.RegistrationAccept`, TS 24.501 §8 names in one word).
public struct MessageType: Hashable, Sendable, CustomStringConvertible {
    public enum Layer: String, Hashable, Sendable { case ngap, nas }

    public var layer: Layer
    /// The name after the prefix.
    public var name: String
    /// NGAP: the procedure code; NAS: the message type.
    public var code: Int

    public var description: String { "\(layer.rawValue).\(name)" }

    /// Parses `ngap.NAME` or `nas.NAME` against the registries; nil for an unknown name.
    public init?(_ text: String) {
        guard let found = Self.known[text] else { return nil }
        self = found
    }

    init(layer: Layer, name: String, code: Int) {
        self.layer = layer
        self.name = name
        self.code = code
    }

    /// Every known message, by its text (`ngap.NGSetupRequest`).
    public static let known: [String: MessageType] = {
        var all: [String: MessageType] = [:]
        for m in ngap + nas { all[m.description] = m }
        return all
    }()

    /// All names, sorted (what the JSON Schema lists).
    public static var allNames: [String] { known.keys.sorted() }

    /// NGAP message types from the elementary procedures object set: initiating, successful and unsuccessful.
    static let ngap: [MessageType] = {
        var result: [MessageType] = []
        for procedure in NGAPObjectSets.ngapELEMENTARYPROCEDURES.rows {
            let code = Int(procedure.procedureCode.rawValue)
            for name in [procedure.initiatingMessage, procedure.successfulOutcome, procedure.unsuccessfulOutcome] {
                if let name { result.append(MessageType(layer: .ngap, name: name, code: code)) }
            }
        }
        return result
    }()

    /// NAS messages named by `NASMessageType.name` squeezed into one word.
    static let nas: [MessageType] = (0...255).compactMap { raw in
        guard let name = NASMessageType(rawValue: UInt8(raw)).name else { return nil }
        return MessageType(layer: .nas, name: oneWord(name), code: raw)
    }

    /// "Deregistration request (UE originating de-registration)" → "DeregistrationRequestUEOriginating";
    /// "UL NAS transport" → "ULNASTransport"; "Network slice-specific authentication command" →
    /// "NetworkSliceSpecificAuthenticationCommand"; "5GMM status" → "5GMMStatus".
    static func oneWord(_ specName: String) -> String {
        var text = specName.replacingOccurrences(of: " de-registration)", with: ")")
        text = text.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
        let words = text.split(whereSeparator: { $0 == " " || $0 == "-" })
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
