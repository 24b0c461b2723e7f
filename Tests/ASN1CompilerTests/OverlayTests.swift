@testable import ASN1Compiler
import Testing

/// The overlay file (renames, registries, collected and hand-written types, class row names): its
/// parsing, its errors with `file:line`, and what each directive does to the generated code. Also the
/// table-constrained fields built from their value, and the object sets as typed tables.
@Suite struct OverlayTests {
    static let overlayText = """
        # a comment line
        namespace XAP   # trailing comment
        module XAPCodec
        types-per-file 50
        collect Beta
        rename Item ItemRecord
        registry ProtocolIE-ID id-
        registry ProcedureCode id-
        map Alpha FriendlyAlpha
        class XAP-PROTOCOL-IES XAPProtocolIE
        """

    /// The XAP sources of `InformationObjectTests`, generated with `overlay`.
    static func generated(_ overlay: Overlay) throws -> (lowering: Lowering, codec: String, random: String) {
        var modules: [ASTModule] = []
        for s in InformationObjectTests.sources { modules += try Parser.parse(s.text, file: s.file) }
        let compilation = try Compilation(modules: modules)
        try overlay.validate(compilation)
        let lowering = Lowering(compilation, overlay: overlay)
        try lowering.run()
        let emitter = SwiftEmitter(lowering: lowering, options: SwiftEmitter.Options(overlay: overlay, inputs: ["x.asn"], command: "test"))
        return (lowering, emitter.codecFiles().map(\.text).joined(), emitter.randomFiles().map(\.text).joined())
    }

    @Test("every directive is read, comments and blank lines skipped")
    func parsesEveryDirective() throws {
        let o = try Overlay.parse(Self.overlayText, file: "x.cnf")
        #expect(o.namespace == "XAP" && o.module == "XAPCodec" && o.typesPerFile == 50)
        #expect(o.collect.map(\.asn1Name) == ["Beta"])
        #expect(o.renames.map { [$0.asn1Name, $0.value] } == [["Item", "ItemRecord"]])
        #expect(o.registries.map { [$0.asn1Name, $0.value] } == [["ProtocolIE-ID", "id-"], ["ProcedureCode", "id-"]])
        #expect(o.handWritten.map { [$0.asn1Name, $0.value] } == [["Alpha", "FriendlyAlpha"]])
        #expect(o.classNames.first?.value == "XAPProtocolIE")
        #expect(o.renames.first?.place.description == "x.cnf:6")
    }

    @Test("syntax errors name the file and line", arguments: [
        ("namespace A\nfrobnicate X\n", "o.cnf:2: unknown directive frobnicate"),
        ("\n\nrename Item\n", "o.cnf:3: rename takes an ASN.1 type name and a Swift name"),
        ("collect A\ncollect A\n", "o.cnf:2: collect A given twice (also at o.cnf:1)"),
        ("rename Item 9lives\n", "o.cnf:1: 9lives is not a Swift identifier"),
        ("types-per-file many\n", "o.cnf:1: types-per-file needs a positive number"),
        ("namespace A B\n", "o.cnf:1: namespace takes a name"),
    ])
    func syntaxErrorsNameFileAndLine(text: String, message: String) {
        do {
            _ = try Overlay.parse(text, file: "o.cnf")
            Issue.record("accepted: \(text)")
        } catch let error as ASN1CompilerError {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("names the specification does not define are errors at their line", arguments: [
        ("collect Gamma\n", "o.cnf:1: collect Gamma: no such type"),
        ("\nrename XAP-PROTOCOL-IES X\n", "o.cnf:2: rename XAP-PROTOCOL-IES: no such type"),
        ("registry Beta id-\n", "o.cnf:1: registry Beta: not an INTEGER type"),
        ("map Nope Friendly\n", "o.cnf:1: map Nope: no such type"),
        ("class NO-CLASS X\n", "o.cnf:1: class NO-CLASS: no such information object class"),
    ])
    func unknownNamesNameFileAndLine(text: String, message: String) throws {
        let overlay = try Overlay.parse(text, file: "o.cnf")
        do {
            _ = try Self.generated(overlay)
            Issue.record("accepted: \(text)")
        } catch let error as ASN1CompilerError {
            #expect(error.message == message)
        }
    }

    @Test("rename, registry, map, collect and class change the generated code as documented")
    func directivesShapeTheCode() throws {
        let (l, codec, random) = try Self.generated(try Overlay.parse(Self.overlayText, file: "x.cnf"))
        // rename
        #expect(l.swiftNames.contains("ItemRecord") && !l.swiftNames.contains("Item"))
        #expect(codec.contains("public struct ItemRecord: Hashable, Sendable {"))
        // registry: a RawRepresentable struct sized to its range, static members without the prefix
        #expect(codec.contains("public struct ProtocolIEID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {\n    public var rawValue: UInt16"))
        #expect(codec.contains("public struct ProcedureCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {\n    public var rawValue: UInt8"))
        #expect(codec.contains("    /// `id-ItemList`\n    public static let itemList: ProtocolIEID = ProtocolIEID(rawValue: 4)"))
        #expect(codec.contains("    /// `id-Setup`\n    public static let setup: ProcedureCode = ProcedureCode(rawValue: 21)"))
        #expect(codec.contains("        case 4: return \"id-ItemList\""))
        #expect(codec.contains("selector: Int64(self.id.rawValue)"))
        // map: no code for Alpha, the friendly type is used in its place
        #expect(!codec.contains("public struct FriendlyAlpha") && !codec.contains("extension FriendlyAlpha: APERCodable"))
        #expect(!random.contains("extension FriendlyAlpha {"))
        #expect(codec.contains("case alpha(FriendlyAlpha)"))
        // collect
        #expect(codec.contains("public func collectBeta(into out: inout [Beta])"))
        // namespace, module, class
        #expect(codec.contains("public enum XAPObjectSets {") && random.contains("import XAPCodec"))
        #expect(codec.contains("public struct XAPProtocolIE: Hashable, Sendable {"))
    }

    @Test("with a JER decoding module the readers leave the codec files for files of their own")
    func jerReadersGoToTheirOwnModule() throws {
        var modules: [ASTModule] = []
        for s in InformationObjectTests.sources { modules += try Parser.parse(s.text, file: s.file) }
        let overlay = try Overlay.parse(Self.overlayText + "\njer-decoding-module XAPJER\n", file: "x.cnf")
        let lowering = Lowering(try Compilation(modules: modules), overlay: overlay)
        try lowering.run()
        let emitter = SwiftEmitter(lowering: lowering, options: SwiftEmitter.Options(overlay: overlay, inputs: ["x.asn"], command: "test"))
        let codec = emitter.codecFiles().map(\.text).joined()
        let readers = emitter.jerDecodingFiles()
        #expect(!codec.contains("init(jerDecoding") && codec.contains("extension SetupRequest: JEREncodable {"))
        #expect(readers.map(\.name).contains("XAP-PDU-Contents.001+JER.swift"))
        let text = readers.map(\.text).joined()
        #expect(text.contains("import XAPCodec") && text.contains("extension SetupRequest: JERCodable {"))
        // Another module builds the value through the memberwise initialiser.
        #expect(text.contains("self.init(protocolIEs: f_protocolIEs, unknownExtensions: try o.unknownExtensions())"))
        #expect(text.contains("public init(jerDecoding json: JSONValue, selector: Int64) throws(JERDecodingError)"))
        #expect(!text.contains("aperDecoding") && !text.contains("func jerEncode"))
        // Without one, readers stay beside the writers.
        let (_, together, _) = try Self.generated(try Overlay.parse(Self.overlayText, file: "x.cnf"))
        #expect(together.contains("extension SetupRequest: JERCodable {\n    @_optimize(none)\n    public init(jerDecoding json: JSONValue)"))
    }

    @Test("with a walker the IE containers get walks in the walker's module, calling only what is used")
    func walkerDirectiveGeneratesWalks() throws {
        var modules: [ASTModule] = []
        for s in InformationObjectTests.sources { modules += try Parser.parse(s.text, file: s.file) }
        let overlay = try Overlay.parse(Self.overlayText + "\nwalker XAPCheck XAPWalker\n", file: "x.cnf")
        #expect(overlay.walker == Overlay.Walker(module: "XAPCheck", type: "XAPWalker"))
        let lowering = Lowering(try Compilation(modules: modules), overlay: overlay)
        try lowering.run()
        let emitter = SwiftEmitter(lowering: lowering, options: SwiftEmitter.Options(overlay: overlay, inputs: ["x.asn"], command: "test"))
        let walks = emitter.walkerFiles()
        #expect(!walks.isEmpty && walks.allSatisfy { $0.name.hasSuffix("+Walk.swift") })
        let text = walks.map(\.text).joined()
        #expect(text.contains("import XAPCodec") && text.contains("// Walks of module XAPCheck's `XAPWalker`."))
        #expect(text.contains("static let walkerTable = XAPWalker.Table("))
        #expect(text.contains("static func walkContainer(") && text.contains("w.beginContainer(walkerTable, count: list.count)"))
        // Without the directive, nothing.
        let plain = SwiftEmitter(lowering: lowering, options: SwiftEmitter.Options(overlay: try Overlay.parse(Self.overlayText, file: "x.cnf"), inputs: ["x.asn"], command: "test"))
        #expect(plain.walkerFiles().isEmpty)
        #expect(throws: ASN1CompilerError.self) { try Overlay.parse("walker OnlyOne\n", file: "x.cnf") }
    }

    @Test("a table-constrained field is built from its value, read by case, and checked when encoded")
    func tableFieldsAreBuiltFromTheirValue() throws {
        let (_, codec, _) = try Self.generated(try Overlay.parse(Self.overlayText, file: "x.cnf"))
        #expect(codec.contains("extension ProtocolIEField_SetupRequestIEs: ASN1TableField {"))
        #expect(codec.contains(
            "    public static func beta(_ value: Beta) -> ProtocolIEField_SetupRequestIEs {\n"
                + "        ProtocolIEField_SetupRequestIEs(id: ProtocolIEID(rawValue: 2), criticality: .ignore, value: .beta(value))"))
        #expect(codec.contains("    public var beta: Beta? {\n        if case .beta(let v) = value { return v } else { return nil }"))
        #expect(codec.contains(
            "    public static var objectSet: ASN1ObjectSetTable<XAPProtocolIE> { XAPObjectSets.setupRequestIEs }"))
        #expect(codec.contains(
            "guard value.isSelected(by: Int64(id.rawValue)) else {\n"
                + "                throw APEREncodingError.selectorMismatch(selector: Int64(id.rawValue), valueSelector: value.selector, valueType: value.typeName)"))
        #expect(codec.contains("case 1, 2, 4: return false"))
    }

    @Test("object sets are typed tables: a row type per class, a static member per set, rows in order")
    func objectSetsAreTypedTables() throws {
        let (_, codec, _) = try Self.generated(try Overlay.parse(Self.overlayText, file: "x.cnf"))
        #expect(codec.contains("    public var id: ProtocolIEID\n    /// `&criticality`\n    public var criticality: Criticality"))
        #expect(codec.contains("    /// `&Value`: the ASN.1 name of the type\n    public var value: String"))
        #expect(codec.contains("public static let allXAPProtocolIESets: [ASN1ObjectSetTable<XAPProtocolIE>] = [\n        setupRequestIEs, itemIEs,"))
        #expect(codec.contains("""
                public static let setupRequestIEs = ASN1ObjectSetTable<XAPProtocolIE>(
                    name: "SetupRequestIEs", extensible: true,
                    rows: [
                        XAPProtocolIE(id: ProtocolIEID(rawValue: 1), criticality: .reject, value: "Alpha", presence: .mandatory),
                        XAPProtocolIE(id: ProtocolIEID(rawValue: 2), criticality: .ignore, value: "Beta", presence: .optional),
                        XAPProtocolIE(id: ProtocolIEID(rawValue: 4), criticality: .reject, value: "ItemList", presence: .optional),
                    ])
            """))
        #expect(codec.contains("name: \"ItemIEs\", extensible: false,"))
    }
}
