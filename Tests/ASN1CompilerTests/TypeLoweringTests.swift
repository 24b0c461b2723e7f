@testable import ASN1Compiler
import Testing

/// How built-in types and their PER-visible constraints become the emitter's model (`Lowering`).
@Suite struct TypeLoweringTests {
    // MARK: Modules and values

    /// Two modules as 3GPP APs split them: constants and common types in one, users importing them.
    static let constantsModule = Source(
        "Constants.asn",
        module(
            "XAP-Constants",
            """
            maxnoofCells INTEGER ::= 16
            maxnoofBands INTEGER ::= maxnoofCells
            maxCellID INTEGER ::= 4095
            CellID ::= INTEGER (0..maxCellID)
            """))
    static let userModule = Source(
        "User.asn",
        module(
            "XAP-User",
            imports: "maxnoofCells, maxnoofBands, CellID FROM XAP-Constants",
            """
            CellList ::= SEQUENCE (SIZE (1..maxnoofCells)) OF CellID
            BandList ::= SEQUENCE (SIZE (0..maxnoofBands, ...)) OF INTEGER (1..1024)
            """))

    @Test func importedConstantsBoundSizesInTheImportingModule() throws {
        let l = try lower([Self.constantsModule, Self.userModule])
        #expect(try l.type("CellList").wrapped == .list(element: .named("CellID", asn1: "CellID"), size: size(1, 16)))
        #expect(try l.type("BandList").wrapped
            == .list(element: .integer(range(1, 1024)), size: size(0, 16, extensible: true)))
        #expect(try l.type("CellID").wrapped == .integer(range(0, 4095)))
        #expect(try l.type("CellList").module == "XAP-User")
    }

    @Test func integerValueAssignmentsAreKeptInInputOrderWithTheirValues() throws {
        let l = try lower([Self.constantsModule, Self.userModule])
        #expect(l.values.map { $0.name } == ["maxnoofCells", "maxnoofBands", "maxCellID"])
        #expect(l.values.map { $0.value } == [16, 16, 4095])
        #expect(l.values.map { $0.module } == ["XAP-Constants", "XAP-Constants", "XAP-Constants"])
    }

    @Test func aValueGovernedByANamedIntegerTypeKeepsItsType() throws {
        let l = try lower("ProtocolIE-ID ::= INTEGER (0..65535)\nid-Cause ProtocolIE-ID ::= 15\nplain INTEGER ::= 3")
        #expect(l.values.map { $0.governor } == [.named("ProtocolIEID", asn1: "ProtocolIE-ID"), nil])
        let text = generatedCodec(l)
        #expect(text.contains("extension ProtocolIEID {\n    /// `id-Cause`\n    public static let idCause: ProtocolIEID = ProtocolIEID(15)"))
        #expect(text.contains("public enum TConstants {\n    /// `plain`\n    public static let plain: Int64 = 3"))
    }

    // MARK: INTEGER

    @Test func integerConstraintsGiveBoundsAndExtensibility() throws {
        let l = try lower(
            """
            maxX INTEGER ::= 100
            Fixed ::= INTEGER (0..255)
            Extensible ::= INTEGER (0..65535, ...)
            Unbounded ::= INTEGER
            Signed ::= INTEGER (-128..127)
            FromConstant ::= INTEGER (1..maxX)
            SemiBounded ::= INTEGER (0..MAX)
            Single ::= INTEGER (7)
            Named ::= INTEGER { one (1), two (2) } (0..7)
            Union ::= INTEGER (1..3 | 10..12)
            Huge ::= INTEGER (0..18446744073709551615)
            """)
        #expect(try l.type("Fixed").wrapped == .integer(range(0, 255)))
        #expect(try l.type("Extensible").wrapped == .integer(range(0, 65535, extensible: true)))
        #expect(try l.type("Unbounded").wrapped == .integer(range(nil, nil)))
        #expect(try l.type("Signed").wrapped == .integer(range(-128, 127)))
        #expect(try l.type("FromConstant").wrapped == .integer(range(1, 100)))
        #expect(try l.type("SemiBounded").wrapped == .integer(range(0, nil)))
        #expect(try l.type("Single").wrapped == .integer(range(7, 7)))
        #expect(try l.type("Named").wrapped == .integer(range(0, 7)))
        #expect(try l.type("Union").wrapped == .integer(range(1, 12)))
        #expect(try l.type("Huge").wrapped?.swiftType == "UInt64")
        #expect(try l.type("Fixed").wrapped?.swiftType == "Int64")
    }

    @Test func serialConstraintsIntersectAndTheLastDecidesExtensibility() throws {
        let l = try lower(
            """
            Base ::= INTEGER (0..7)
            Narrowed ::= Base (2..20)
            Twice ::= INTEGER (0..10, ...) (2..20)
            """)
        // A constraint at the point of use of a simple type is coded inline.
        #expect(try l.type("Narrowed").wrapped == .integer(range(2, 7)))
        #expect(try l.type("Twice").wrapped == .integer(range(2, 10)))
    }

    @Test func anUnconstrainedReferenceToANamedTypeIsATypealias() throws {
        let l = try lower("Base ::= INTEGER (0..7)\nSame ::= Base\nAlsoSame ::= Same")
        #expect(try l.type("Same").aliasTarget == "Base")
        #expect(try l.type("AlsoSame").aliasTarget == "Same")
        #expect(generatedCodec(l).contains("public typealias AlsoSame = Same"))
    }

    // MARK: ENUMERATED

    @Test func enumeratedItemsAreInValueOrderWithAdditionsAfterTheMarker() throws {
        let l = try lower(
            """
            Colour ::= ENUMERATED { red, green, blue, ..., violet, indigo }
            Numbered ::= ENUMERATED { b (2), a (0), c }
            Closed ::= ENUMERATED { on, off }
            """)
        let colour = try #require(try l.type("Colour").enumerated)
        #expect(colour.root.map(\.asn1) == ["red", "green", "blue"])
        #expect(colour.extensible)
        #expect(colour.additions.map(\.asn1) == ["violet", "indigo"])
        // X.680 20: `c` takes the smallest number not used (1); PER indexes follow the numbers.
        #expect(try l.type("Numbered").enumerated?.root.map(\.asn1) == ["a", "c", "b"])
        let text = generatedCodec(l)
        #expect(text.contains("public enum Closed: Int, Hashable, Sendable, CaseIterable {\n    case on = 0\n    case off = 1\n}"))
        #expect(text.contains("case unknownExtension(Int)"))
        #expect(text.contains("r.readEnumerated(rootCount: 3, extensible: true)"))
    }

    // MARK: Strings

    @Test func bitAndOctetStringSizes() throws {
        let l = try lower(
            """
            CellIdentity ::= BIT STRING (SIZE (36))
            Bits ::= BIT STRING (SIZE (1..160, ...))
            Octets ::= OCTET STRING (SIZE (3))
            Anything ::= OCTET STRING
            Flags ::= BIT STRING { a (0), b (1) } (SIZE (8))
            """)
        #expect(try l.type("CellIdentity").wrapped == .bitString(size(36, 36)))
        #expect(try l.type("Bits").wrapped == .bitString(size(1, 160, extensible: true)))
        #expect(try l.type("Octets").wrapped == .octetString(size(3, 3)))
        #expect(try l.type("Anything").wrapped == .octetString(.none))
        #expect(try l.type("Flags").wrapped == .bitString(size(8, 8)))
    }

    @Test func knownMultiplierStringsGetAlignedCharacterWidths() throws {
        let l = try lower(
            """
            Name ::= PrintableString (SIZE (1..150, ...))
            Digits ::= NumericString (SIZE (1..16))
            Visible ::= VisibleString
            Wide ::= BMPString (SIZE (1..4))
            Text ::= UTF8String
            Graphic ::= GraphicString
            """)
        // 74 printable characters need 7 bits, rounded up to 8; their codes fit, so no index table.
        #expect(try l.type("Name").wrapped
            == .characterString(kind: "PrintableString", size: size(1, 150, extensible: true), bitsPerCharacter: 8, alphabet: nil))
        // NumericString: 11 characters in 4 bits, coded as indexes into space and the digits.
        #expect(try l.type("Digits").wrapped
            == .characterString(kind: "NumericString", size: size(1, 16), bitsPerCharacter: 4, alphabet: [0x20] + Array(0x30...0x39)))
        #expect(try l.type("Visible").wrapped
            == .characterString(kind: "VisibleString", size: .none, bitsPerCharacter: 8, alphabet: nil))
        #expect(try l.type("Wide").wrapped
            == .characterString(kind: "BMPString", size: size(1, 4), bitsPerCharacter: 16, alphabet: nil))
        #expect(try l.type("Text").wrapped == .utf8String)
        #expect(try l.type("Graphic").wrapped == .opaqueString(kind: "GraphicString"))
    }

    @Test func permittedAlphabetsNarrowTheCharacterSet() throws {
        let l = try lower(
            """
            Dialled ::= IA5String (FROM ("0".."9" | "*" | "#")) (SIZE (1..32))
            Upper ::= PrintableString (FROM ("A".."Z"))
            Both ::= VisibleString (SIZE (1..8) ^ FROM ("0".."9" | "a".."f"))
            """)
        // 12 characters: 4 bits, and '9' does not fit 4 bits, so they are indexes.
        #expect(try l.type("Dialled").wrapped
            == .characterString(kind: "IA5String", size: size(1, 32), bitsPerCharacter: 4, alphabet: [0x23, 0x2A] + Array(0x30...0x39)))
        // 26 characters: 5 bits rounded up to 8, in which 'Z' fits: the codes themselves.
        #expect(try l.type("Upper").wrapped
            == .characterString(kind: "PrintableString", size: .none, bitsPerCharacter: 8, alphabet: nil))
        #expect(try l.type("Both").wrapped
            == .characterString(
                kind: "VisibleString", size: size(1, 8), bitsPerCharacter: 4, alphabet: Array(0x30...0x39) + Array(0x61...0x66)))
    }

    // MARK: SEQUENCE, SEQUENCE OF, CHOICE

    static let sequenceModule = """
        Sample ::= SEQUENCE {
            mandatory   INTEGER (0..7),
            optional    BOOLEAN OPTIONAL,
            withDefault INTEGER (0..3) DEFAULT 1,
            ...,
            single      BOOLEAN,
            [[ inGroup  INTEGER (0..1),
               optionalInGroup BOOLEAN OPTIONAL ]],
            [[ 3: versioned NULL ]],
            ...,
            tail        BOOLEAN
        }
        """

    @Test func sequenceRootIncludesTheSecondRootPartAndDefaultsAreOptional() throws {
        let s = try #require(try lower(Self.sequenceModule).type("Sample").sequence)
        #expect(s.root.map(\.asn1Name) == ["mandatory", "optional", "withDefault", "tail"])
        #expect(s.root.map(\.optional) == [false, true, true, false])
        #expect(s.root.allSatisfy { $0.additionIndex == nil })
        #expect(s.extensible)
    }

    @Test func extensionAdditionsAreSingleComponentsOrGroups() throws {
        let s = try #require(try lower(Self.sequenceModule).type("Sample").sequence)
        #expect(s.additions.map { $0.map(\.asn1Name) } == [["single"], ["inGroup", "optionalInGroup"], ["versioned"]])
        #expect(s.additionIsGroup == [false, true, true])
        #expect(s.additions.flatMap { $0 }.allSatisfy { $0.optional })
        #expect(s.additions.flatMap { $0 }.map(\.additionIndex) == [0, 1, 1, 2])
        #expect(s.additions.flatMap { $0 }.map(\.mandatoryInGroup) == [false, true, false, true])
    }

    @Test func sequenceCodecWritesPresenceBitsThenAdditionsAsOpenTypes() throws {
        let text = generatedCodec(try lower(Self.sequenceModule))
        #expect(text.contains("public var optional: Bool?"))
        #expect(text.contains("public var withDefault: Int64?"))
        #expect(text.contains("public var unknownExtensions: [ASN1UnknownExtension]"))
        #expect(text.contains("let present = try r.readPresence(2)"))
        #expect(text.contains("let bitmap = try r.readExtensionBitmap()"))
        #expect(text.contains("throw APEREncodingError.missingGroupComponent(\"inGroup\")"))
    }

    @Test func sequenceOfTakesItsSizeAndNestsAnAnonymousElement() throws {
        let l = try lower(
            """
            maxnoofItems INTEGER ::= 32
            Items ::= SEQUENCE (SIZE (1..maxnoofItems)) OF SEQUENCE { flag BOOLEAN }
            Between ::= SEQUENCE SIZE (2..4) OF BOOLEAN
            Unsized ::= SEQUENCE OF BOOLEAN
            Fixed ::= SET SIZE (3) OF INTEGER (0..1)
            Holder ::= SEQUENCE { list SEQUENCE (SIZE (1..2, ...)) OF BOOLEAN }
            """)
        let items = try l.type("Items")
        #expect(items.wrapped == .list(element: .named("Items.Item", asn1: "Items[]"), size: size(1, 32)))
        #expect(try items.nested("Item").sequence?.root.map(\.asn1Name) == ["flag"])
        #expect(try l.type("Between").wrapped == .list(element: .boolean, size: size(2, 4)))
        #expect(try l.type("Unsized").wrapped == .list(element: .boolean, size: .none))
        #expect(try l.type("Fixed").wrapped == .list(element: .integer(range(0, 1)), size: size(3, 3)))
        #expect(try l.type("Holder").sequence?.field("list").type == .list(element: .boolean, size: size(1, 2, extensible: true)))
    }

    @Test func choiceAlternativesSplitAtTheMarkerAndGroupsFlatten() throws {
        let l = try lower(
            """
            Target ::= CHOICE {
                cell    INTEGER (0..7),
                none    NULL,
                ...,
                later   BOOLEAN,
                [[ grouped OCTET STRING ]]
            }
            Closed ::= CHOICE { a BOOLEAN, b SEQUENCE { x BOOLEAN } }
            """)
        let target = try #require(try l.type("Target").choice)
        #expect(target.root.map(\.asn1Name) == ["cell", "none"])
        #expect(target.extensible)
        #expect(target.additions.map(\.asn1Name) == ["later", "grouped"])
        #expect(target.additions.map(\.type) == [.boolean, .octetString(.none)])
        let closed = try #require(try l.type("Closed").choice)
        #expect(!closed.extensible)
        #expect(closed.root.map(\.type) == [.boolean, .named("Closed.B", asn1: "Closed.b")])
        let text = generatedCodec(l)
        #expect(text.contains("case unknownExtension(index: Int, bytes: ASN1Bytes)"))
        #expect(text.contains("let index = try r.readChoiceIndex(rootCount: 2, extensible: true)"))
    }

    @Test func anonymousStructuredComponentsNestInTheirParent() throws {
        let l = try lower(
            """
            Outer ::= SEQUENCE {
                inner SEQUENCE { level ENUMERATED { low, high } },
                pick  CHOICE { a BOOLEAN, b NULL }
            }
            """)
        let outer = try l.type("Outer")
        #expect(outer.nested.map(\.swiftName) == ["Outer.Inner", "Outer.Pick"])
        #expect(try outer.nested("Inner").nested.map(\.swiftName) == ["Outer.Inner.Level"])
        #expect(try outer.nested("Inner").nested("Level").asn1Name == "Outer.inner.level")
        #expect(generatedCodec(l).contains("extension Outer.Inner {\n    /// ASN.1 `Outer.inner.level` (Test): an ENUMERATED."))
    }

    @Test func aRecursiveTypeThroughAListIsAllowed() throws {
        let l = try lower("Tree ::= SEQUENCE { label INTEGER (0..9), children SEQUENCE (SIZE (0..4)) OF Tree }")
        #expect(try l.type("Tree").sequence?.field("children").type == .list(element: .named("Tree", asn1: "Tree"), size: size(0, 4)))
    }

    @Test func componentsOfCopiesTheRootComponentsOfAnotherSequence() throws {
        let l = try lower(
            """
            Common ::= SEQUENCE { a BOOLEAN, ..., ext BOOLEAN }
            Derived ::= SEQUENCE { COMPONENTS OF Common, b NULL }
            """)
        #expect(try l.type("Derived").sequence?.root.map(\.asn1Name) == ["a", "b"])
    }

    @Test func nestedComponentsOfAreExpandedToo() throws {
        let l = try lower(
            """
            Base ::= SEQUENCE { a BOOLEAN }
            Middle ::= SEQUENCE { COMPONENTS OF Base, b NULL }
            Top ::= SEQUENCE { COMPONENTS OF Middle, c BOOLEAN }
            """)
        #expect(try l.type("Top").sequence?.root.map(\.asn1Name) == ["a", "b", "c"])
        #expect(try l.type("Top").sequence?.root.map(\.type) == [.boolean, .null, .boolean])
    }

    // MARK: CONTAINING

    @Test func octetStringContainingCarriesTheInnerType() throws {
        let l = try lower(
            """
            Inner ::= SEQUENCE { flag BOOLEAN }
            Transfer ::= OCTET STRING (CONTAINING Inner)
            Bits ::= BIT STRING (CONTAINING Inner)
            Holder ::= SEQUENCE { carried OCTET STRING (CONTAINING SEQUENCE { x BOOLEAN }) }
            """)
        let inner = ValueType.named("Inner", asn1: "Inner")
        #expect(try l.type("Transfer").wrapped
            == .containing(outerIsBitString: false, size: .none, inner: inner, innerASN1: "Inner"))
        #expect(try l.type("Bits").wrapped == .containing(outerIsBitString: true, size: .none, inner: inner, innerASN1: "Inner"))
        let holder = try l.type("Holder")
        #expect(try holder.sequence?.field("carried").type
            == .containing(
                outerIsBitString: false, size: .none, inner: .named("Holder.CarriedContained", asn1: "Holder.carried"),
                innerASN1: "Holder.carried"))
        let text = generatedCodec(l)
        #expect(text.contains("public var value: ASN1Contained<Inner>"))
        #expect(text.contains("try r.readContaining(0, nil, extensible: false)"))
    }

    @Test func allCapsTypeNamesThatAreNotClassesAreStillTypes() throws {
        let l = try lower("NAS-PDU ::= OCTET STRING\nXAP-ELEMENTARY-PROCEDURE ::= CLASS { &code INTEGER UNIQUE }")
        #expect(l.swiftNames == ["NASPDU"])
    }
}
