import ASN1PER
import Foundation
import NGAP
import TestSupport
import Testing

/// The registries and the object-set tables against the vendored ASN.1 text (`spec/ngap`), read here with
/// plain text matching, independently of the compiler.
@Suite struct SpecificationTablesTests {
    static let specDirectory = SharedCaptures.packageRoot.appendingPathComponent("spec/ngap")

    static func text(_ module: String) throws -> String {
        try String(contentsOf: specDirectory.appendingPathComponent(module + ".asn"), encoding: .utf8)
    }

    /// `name TYPE ::= number` value assignments of `type` in NGAP-Constants, in order.
    static func constants(_ type: String) throws -> [(name: String, value: Int)] {
        let pattern = try NSRegularExpression(pattern: #"^\s*(id-[A-Za-z0-9-]+)\s+"# + type + #"\s*::=\s*([0-9]+)"#, options: [.anchorsMatchLines])
        let text = try text("NGAP-Constants")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (String(text[Swift.Range(m.range(at: 1), in: text)!]), Int(text[Swift.Range(m.range(at: 2), in: text)!])!)
        }
    }

    /// One `{ ID ... CRITICALITY ... TYPE|EXTENSION ... PRESENCE ... }` row as written in the ASN.1.
    struct Row: Equatable, CustomStringConvertible {
        var id: String, criticality: String, type: String, presence: String
        var description: String { "\(id) \(criticality) \(type) \(presence)" }
    }

    /// Every `Name CLASS ::= { rows, ... }` set of `className` in `module`: name → (rows, extensible).
    static func sets(_ module: String, className: String, typeKeyword: String) throws -> [String: (rows: [Row], extensible: Bool)] {
        let text = try text(module)
        let header = try NSRegularExpression(pattern: #"^([A-Za-z][A-Za-z0-9-]*)\s+"# + className + #"\s*::=\s*\{"#, options: [.anchorsMatchLines])
        let row = try NSRegularExpression(
            pattern: #"\{\s*ID\s+(\S+)\s+CRITICALITY\s+(\S+)\s+"# + typeKeyword + #"\s+(.+?)\s+PRESENCE\s+(\S+)\s*\}"#,
            options: [.dotMatchesLineSeparators])
        var out: [String: (rows: [Row], extensible: Bool)] = [:]
        for m in header.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Swift.Range(m.range(at: 1), in: text)!])
            // The set's body: up to the brace that closes the one after ::=.
            var depth = 1
            var i = text.index(text.startIndex, offsetBy: m.range.location + m.range.length)
            let start = i
            while depth > 0 && i < text.endIndex {
                if text[i] == "{" { depth += 1 }
                if text[i] == "}" { depth -= 1 }
                i = text.index(after: i)
            }
            let body = String(text[start..<text.index(before: i)])
            let rows = row.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { r in
                let part = { (k: Int) in
                    String(body[Swift.Range(r.range(at: k), in: body)!]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                        .replacingOccurrences(of: " )", with: ")").replacingOccurrences(of: "( ", with: "(")
                }
                return Row(id: part(1), criticality: part(2), type: part(3), presence: part(4))
            }
            out[name] = (rows, body.contains("..."))
        }
        return out
    }

    @Test("every procedure code of the ASN.1 is a registry member with its name and number")
    func procedureCodesMatchTheSpecification() throws {
        let constants = try Self.constants("ProcedureCode")
        #expect(constants.count == 81)
        for (name, value) in constants {
            #expect(ProcedureCode(rawValue: UInt8(value)).asn1Name == name, "\(name)")
        }
        let value = Dictionary(uniqueKeysWithValues: constants.map { ($0.name, $0.value) })
        #expect(Int(ProcedureCode.ngSetup.rawValue) == value["id-NGSetup"])
        #expect(Int(ProcedureCode.initialUEMessage.rawValue) == value["id-InitialUEMessage"])
        #expect(Int(ProcedureCode.pduSessionResourceSetup.rawValue) == value["id-PDUSessionResourceSetup"])
        #expect(Int(ProcedureCode.ueContextRelease.rawValue) == value["id-UEContextRelease"])
        #expect(ProcedureCode(rawValue: 250).asn1Name == nil && ProcedureCode(rawValue: 250).description == "250")
        #expect(ProcedureCode.ngSetup.description == "id-NGSetup")
    }

    @Test("every protocol IE id of the ASN.1 is a registry member with its name and number")
    func protocolIEIdsMatchTheSpecification() throws {
        let constants = try Self.constants("ProtocolIE-ID")
        #expect(constants.count == 438)
        for (name, value) in constants {
            #expect(ProtocolIEID(rawValue: UInt16(value)).asn1Name == name, "\(name)")
        }
        let value = Dictionary(uniqueKeysWithValues: constants.map { ($0.name, $0.value) })
        #expect(Int(ProtocolIEID.globalRANNodeID.rawValue) == value["id-GlobalRANNodeID"])
        #expect(Int(ProtocolIEID.supportedTAList.rawValue) == value["id-SupportedTAList"])
        #expect(Int(ProtocolIEID.defaultPagingDRX.rawValue) == value["id-DefaultPagingDRX"])
        #expect(Int(ProtocolIEID.amfUENGAPID.rawValue) == value["id-AMF-UE-NGAP-ID"])
        #expect(Int(ProtocolIEID.nasPDU.rawValue) == value["id-NAS-PDU"])
        #expect(ProtocolIEID(rawValue: 60000).asn1Name == nil)
    }

    @Test("the IE tables are the object sets of the ASN.1, row for row, for every message")
    func ieTablesMatchTheSpecification() throws {
        let ids = Dictionary(uniqueKeysWithValues: try Self.constants("ProtocolIE-ID").map { ($0.name, $0.value) })
        let written = try Self.sets("NGAP-PDU-Contents", className: "NGAP-PROTOCOL-IES", typeKeyword: "TYPE")
        let tables = Dictionary(uniqueKeysWithValues: NGAPObjectSets.allNGAPProtocolIESets.map { ($0.name, $0) })
        // Every message of an elementary procedure has its IE set (named in its `protocolIEs`) as a table.
        let contents = try Self.text("NGAP-PDU-Contents")
        var messages: [String] = []
        for p in NGAPProcedures.all { messages += [p.initiatingMessage] + [p.successfulOutcome, p.unsuccessfulOutcome].compactMap { $0 } }
        #expect(messages.count == 131)
        for message in messages where message != "PrivateMessage" {
            let container = try NSRegularExpression(
                pattern: "^" + message + #"\s*::=\s*SEQUENCE\s*\{\s*protocolIEs\s+ProtocolIE-Container\s*\{\s*\{\s*([A-Za-z0-9-]+)"#,
                options: [.anchorsMatchLines])
            let m = try #require(container.firstMatch(in: contents, range: NSRange(contents.startIndex..., in: contents)), "\(message)")
            let setName = String(contents[Swift.Range(m.range(at: 1), in: contents)!])
            #expect(tables[setName] != nil, "no table \(setName) for \(message)")
        }
        #expect(written.count >= 130)
        for (name, set) in written {
            guard let table = tables[name] else {
                Issue.record("no table \(name)")
                continue
            }
            #expect(table.extensible == set.extensible, "\(name)")
            let ours = table.rows.map {
                Row(id: $0.id.asn1Name ?? "?", criticality: "\($0.criticality)", type: $0.value, presence: "\($0.presence)")
            }
            #expect(ours == set.rows, "\(name)")
            for r in table.rows { #expect(ids[r.id.asn1Name ?? ""] == Int(r.id.rawValue)) }
        }
    }

    @Test("NGSetupRequest's table: mandatory IEs 27, 102, 21 in order, extensible")
    func ngSetupRequestTable() {
        let table = ProtocolIEField_NGSetupRequestIEs.objectSet
        #expect(table.name == "NGSetupRequestIEs" && table.extensible)
        #expect(table.rows.filter { $0.presence == .mandatory }.map(\.id.rawValue) == [27, 102, 21])
        #expect(table.rows.map(\.id) == [.globalRANNodeID, .ranNodeName, .supportedTAList, .defaultPagingDRX,
                                         .ueRetentionInformation, .nbIoTDefaultPagingDRX, .extendedRANNodeName])
        #expect(table.rows.first?.criticality == .reject && table.rows.first?.value == "GlobalRANNodeID")
        #expect(NGSetupRequest(protocolIEs: []).protocolIEs.isEmpty)
    }

    @Test("the extension tables are the extension object sets of the ASN.1")
    func extensionTablesMatchTheSpecification() throws {
        let written = try Self.sets("NGAP-IEs", className: "NGAP-PROTOCOL-EXTENSION", typeKeyword: "EXTENSION")
        let tables = Dictionary(uniqueKeysWithValues: NGAPObjectSets.allNGAPProtocolExtensionSets.map { ($0.name, $0) })
        #expect(written.count > 300)
        for (name, set) in written {
            guard let table = tables[name] else {
                Issue.record("no table \(name)")
                continue
            }
            let ours = table.rows.map {
                Row(id: ProtocolIEID(rawValue: $0.id.rawValue).asn1Name ?? "?", criticality: "\($0.criticality)", type: $0.extension_,
                    presence: "\($0.presence)")
            }
            #expect(ours == set.rows && table.extensible == set.extensible, "\(name)")
        }
    }

    @Test("the procedure table gives each procedure's code, class, criticality and messages as the ASN.1 does")
    func procedureTableMatchesTheSpecification() throws {
        let text = try Self.text("NGAP-PDU-Descriptions")
        let object = try NSRegularExpression(pattern: #"^(\w+)\s+NGAP-ELEMENTARY-PROCEDURE\s*::=\s*\{(.*?)\n\}"#, options: [.anchorsMatchLines, .dotMatchesLineSeparators])
        let codes = Dictionary(uniqueKeysWithValues: try Self.constants("ProcedureCode").map { ($0.name, $0.value) })
        let class1 = Set(NGAPObjectSets.ngapELEMENTARYPROCEDURESCLASS1.rows.map { $0.procedureCode })
        let class2 = Set(NGAPObjectSets.ngapELEMENTARYPROCEDURESCLASS2.rows.map { $0.procedureCode })
        var count = 0
        for m in object.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let body = String(text[Swift.Range(m.range(at: 2), in: text)!])
            func word(after keyword: String) -> String? {
                guard let r = body.range(of: keyword) else { return nil }
                return body[r.upperBound...].split(whereSeparator: \.isWhitespace).first.map(String.init)
            }
            let code = try #require(word(after: "PROCEDURE CODE").flatMap { codes[$0] })
            let p = try #require(NGAPProcedures.procedure(ProcedureCode(rawValue: UInt8(code))))
            #expect(p.initiatingMessage == word(after: "INITIATING MESSAGE"))
            #expect(p.successfulOutcome == word(after: "SUCCESSFUL OUTCOME"))
            #expect(p.unsuccessfulOutcome == word(after: "UNSUCCESSFUL OUTCOME"))
            #expect("\(p.criticality)" == (word(after: "CRITICALITY") ?? "ignore"))
            #expect(p.procedureClass == (class1.contains(p.procedureCode) ? .class1 : .class2))
            #expect(class1.contains(p.procedureCode) != class2.contains(p.procedureCode))
            count += 1
        }
        #expect(count == 81 && NGAPProcedures.all.count == 81)
        #expect(NGAPProcedures.procedure(.ngSetup)?.procedureClass == .class1)
        #expect(NGAPProcedures.procedure(.initialUEMessage)?.procedureClass == .class2)
        #expect(NGAPProcedures.procedure(ProcedureCode(rawValue: 200)) == nil)
    }

    @Test("the vendored ASN.1 is the shared copy, unchanged, as SOURCE.md records")
    func vendoredSpecificationIsUnchanged() throws {
        let source = try String(contentsOf: Self.specDirectory.appendingPathComponent("SOURCE.md"), encoding: .utf8)
        for module in ["NGAP-CommonDataTypes", "NGAP-Constants", "NGAP-Containers", "NGAP-IEs", "NGAP-PDU-Contents", "NGAP-PDU-Descriptions"] {
            let ours = try Data(contentsOf: Self.specDirectory.appendingPathComponent(module + ".asn"))
            #expect(source.contains(module + ".asn"))
            if let shared = SharedCaptures.sharedDirectory {
                let theirs = try Data(contentsOf: shared.appendingPathComponent("spec/ngap/" + module + ".asn"))
                #expect(ours == theirs, "\(module).asn differs from the shared copy")
            }
        }
    }
}
