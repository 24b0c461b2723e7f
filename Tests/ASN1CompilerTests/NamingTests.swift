@testable import ASN1Compiler
import Testing

/// Swift names from ASN.1 names (`Naming`), and how clashes between generated names are resolved.
@Suite struct NamingTests {
    @Test(arguments: [
        ("GlobalGNB-ID", "GlobalGNBID"),
        ("gNB-ID", "GNBID"),
        ("NAS-PDU", "NASPDU"),
        ("PDUSessionResourceSetupRequest", "PDUSessionResourceSetupRequest"),
        ("ProtocolIE-Container", "ProtocolIEContainer"),
        ("String", "String_"),
        ("Type", "Type_"),
        ("Error", "Error_"),
        ("JER", "JER_"),
    ])
    func typeNamesDropHyphensKeepCapitalsAndAvoidSwiftAndRuntimeNames(asn1: String, swift: String) {
        #expect(Naming.typeName(asn1) == swift)
    }

    @Test(arguments: [
        ("aMF-UE-NGAP-ID", "amfUENGAPID"),
        ("pLMNIdentity", "plmnIdentity"),
        ("shall-not-trigger-pre-emption", "shallNotTriggerPreEmption"),
        ("iE-Extensions", "ieExtensions"),
        ("id-AMFName", "idAMFName"),
        ("nR-CGI", "nrCGI"),
        ("gNBID", "gnbid"),
        ("xY", "xy"),
        ("NGAP", "ngap"),
        ("UEContextRequest", "ueContextRequest"),
        ("Criticality", "criticality"),
        ("additionalDL", "additionalDL"),
        ("maxnoofPLMNs", "maxnoofPLMNs"),
        ("5G-S-TMSI", "_5gSTMSI"),
    ])
    func memberNamesLowerTheLeadingAcronymAndCapitaliseLaterWords(asn1: String, swift: String) {
        #expect(Naming.memberName(asn1) == swift)
    }

    @Test(arguments: ["default", "class", "protocol", "self", "init", "case", "in", "unknown", "unknownExtensions"])
    func swiftKeywordsAndReservedMemberNamesTakeATrailingUnderscore(word: String) {
        #expect(Naming.memberName(word) == word + "_")
    }

    @Test func nestedTypeNamesComeFromTheMemberName() {
        #expect(Naming.nestedTypeName("value") == "Value")
        #expect(Naming.nestedTypeName("gNB-ID") == "GNBID")
        #expect(Naming.nestedTypeName("type") == "Type_")
    }

    @Test func literalsEscapeQuotesBackslashesAndNonASCII() {
        #expect(Naming.literal("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(Naming.literal("café") == #""caf\u{e9}""#)
        #expect(Naming.quotedKeyLiteral("protocolIEs") == #""\"protocolIEs\":""#)
    }

    // MARK: Clashes in generated code

    @Test func topLevelTypesThatMapToOneNameAreSuffixed() throws {
        let l = try lower("Foo-Bar ::= BOOLEAN\nFooBar ::= NULL\nString ::= UTF8String")
        #expect(l.swiftNames == ["FooBar", "FooBar_", "String_"])
    }

    @Test func componentsThatMapToOneNameAreSuffixedAndKeywordsEscaped() throws {
        let l = try lower("S ::= SEQUENCE { a-b BOOLEAN, a-B NULL, default INTEGER (0..1), class BOOLEAN OPTIONAL }")
        #expect(try l.type("S").sequence?.allFields.map(\.swiftName) == ["aB", "aB_", "default_", "class_"])
        let text = generatedCodec(l)
        #expect(text.contains("public var default_: Int64"))
        #expect(text.contains("public init(aB: Bool, aB_: ASN1Null, default_: Int64, class_: Bool? = nil)"))
        // JER keeps the ASN.1 names.
        #expect(text.contains("j.quotedKey(\"\\\"default\\\":\")"))
    }

    @Test func enumeratedItemsAndAlternativesThatMapToOneNameAreSuffixed() throws {
        let l = try lower(
            """
            E ::= ENUMERATED { red-1, red1, default }
            C ::= CHOICE { x-y BOOLEAN, x-Y NULL, unknownExtension BOOLEAN }
            """)
        #expect(try l.type("E").enumerated?.root.map(\.swift) == ["red1", "red1_", "default_"])
        #expect(try l.type("C").choice?.root.map(\.swiftName) == ["xY", "xY_", "unknownExtension_"])
    }

    @Test func nestedTypesAvoidTopLevelNamesTheirParentAndEachOther() throws {
        let l = try lower(
            """
            Item ::= BOOLEAN
            S ::= SEQUENCE {
                item SEQUENCE { a BOOLEAN },
                b-c  SEQUENCE { x BOOLEAN },
                bc   SEQUENCE { y BOOLEAN },
                mid  SEQUENCE { mid SEQUENCE { z BOOLEAN } }
            }
            """)
        let s = try l.type("S")
        #expect(s.nested.map(\.swiftName) == ["S.Item_", "S.Bc", "S.Bc_", "S.Mid"])
        #expect(try s.nested("Mid").nested.map(\.swiftName) == ["S.Mid.Mid_"])
    }

    @Test func openTypeCasesThatMapToOneNameAreSuffixed() throws {
        let l = try lower(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            id-Foo INTEGER ::= 1
            foo C ::= { ID 2 TYPE NULL }
            Set C ::= { { ID id-Foo TYPE BOOLEAN } | foo }
            F ::= SEQUENCE { id C.&id ({Set}), v C.&Value ({Set}{@id}) }
            """)
        #expect(try l.type("F").nested("V").openType?.cases.map(\.swiftName) == ["foo", "foo_"])
    }

    @Test func constantsThatMapToOneNameAreSuffixed() throws {
        let l = try lower(
            """
            Id ::= INTEGER (0..255)
            max-Cells INTEGER ::= 1
            maxCells INTEGER ::= 2
            id-A Id ::= 3
            idA Id ::= 4
            """)
        let text = generatedCodec(l)
        #expect(text.contains("public static let maxCells: Int64 = 1"))
        #expect(text.contains("public static let maxCells_: Int64 = 2"))
        #expect(text.contains("public static let idA: Id = Id(3)"))
        #expect(text.contains("public static let idA_: Id = Id(4)"))
    }
}
