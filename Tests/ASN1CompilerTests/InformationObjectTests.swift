@testable import ASN1Compiler
import Testing

/// X.681 classes and object sets, X.682 table constraints and X.683 parameterised types, in the
/// shape every 3GPP application protocol (NGAP, XnAP, F1AP, E1AP, S1AP) uses for its IE containers.
@Suite struct InformationObjectTests {
    static let common = Source(
        "XAP-CommonDataTypes.asn",
        module(
            "XAP-CommonDataTypes",
            """
            Criticality ::= ENUMERATED { reject, ignore, notify }
            Presence ::= ENUMERATED { optional, conditional, mandatory }
            ProtocolIE-ID ::= INTEGER (0..65535)
            ProcedureCode ::= INTEGER (0..255)
            maxProtocolIEs INTEGER ::= 65535
            maxnoofItems INTEGER ::= 8
            id-Setup ProcedureCode ::= 21
            id-Alpha ProtocolIE-ID ::= 1
            id-Beta ProtocolIE-ID ::= 2
            id-Item ProtocolIE-ID ::= 3
            id-ItemList ProtocolIE-ID ::= 4
            """))

    static let containers = Source(
        "XAP-Containers.asn",
        module(
            "XAP-Containers",
            imports: "Criticality, Presence, ProtocolIE-ID FROM XAP-CommonDataTypes maxProtocolIEs FROM XAP-CommonDataTypes",
            """
            XAP-PROTOCOL-IES ::= CLASS {
                &id             ProtocolIE-ID   UNIQUE,
                &criticality    Criticality,
                &Value,
                &presence       Presence
            }
            WITH SYNTAX {
                ID              &id
                CRITICALITY     &criticality
                TYPE            &Value
                PRESENCE        &presence
            }

            ProtocolIE-Container {XAP-PROTOCOL-IES : IEsSetParam} ::=
                SEQUENCE (SIZE (0..maxProtocolIEs)) OF ProtocolIE-Field {{IEsSetParam}}

            ProtocolIE-SingleContainer {XAP-PROTOCOL-IES : IEsSetParam} ::= ProtocolIE-Field {{IEsSetParam}}

            ProtocolIE-Field {XAP-PROTOCOL-IES : IEsSetParam} ::= SEQUENCE {
                id              XAP-PROTOCOL-IES.&id            ({IEsSetParam}),
                criticality     XAP-PROTOCOL-IES.&criticality   ({IEsSetParam}{@id}),
                value           XAP-PROTOCOL-IES.&Value         ({IEsSetParam}{@id})
            }

            ProtocolIE-ContainerList {INTEGER : lowerBound, INTEGER : upperBound, XAP-PROTOCOL-IES : IEsSetParam} ::=
                SEQUENCE (SIZE (lowerBound..upperBound)) OF ProtocolIE-SingleContainer {{IEsSetParam}}
            """))

    static let contents = Source(
        "XAP-PDU-Contents.asn",
        module(
            "XAP-PDU-Contents",
            imports: """
                id-Alpha, id-Beta, id-Item, id-ItemList, maxnoofItems FROM XAP-CommonDataTypes
                ProtocolIE-Container{}, ProtocolIE-ContainerList{}, ProtocolIE-SingleContainer{}, XAP-PROTOCOL-IES
                FROM XAP-Containers
                """,
            """
            SetupRequest ::= SEQUENCE {
                protocolIEs     ProtocolIE-Container { {SetupRequestIEs} },
                ...
            }

            SetupRequestIEs XAP-PROTOCOL-IES ::= {
                { ID id-Alpha   CRITICALITY reject  TYPE Alpha      PRESENCE mandatory } |
                { ID id-Beta    CRITICALITY ignore  TYPE Beta       PRESENCE optional } |
                itemListIE,
                ...
            }

            itemListIE XAP-PROTOCOL-IES ::= { ID id-ItemList CRITICALITY reject TYPE ItemList PRESENCE optional }

            ItemList ::= ProtocolIE-ContainerList { 1, maxnoofItems, {ItemIEs} }

            ItemIEs XAP-PROTOCOL-IES ::= {
                { ID id-Item CRITICALITY ignore TYPE Item PRESENCE mandatory }
            }

            Alpha ::= INTEGER (0..255)
            Beta ::= OCTET STRING
            Item ::= SEQUENCE { flag BOOLEAN, ... }
            """))

    static var sources: [Source] { [common, containers, contents] }

    @Test func aContainerInstanceIsAListOfTheFieldTypeMadeForTheObjectSet() throws {
        let l = try lower(Self.sources)
        let request = try #require(try l.type("SetupRequest").sequence)
        #expect(try request.field("protocolIEs").type
            == .list(element: .named("ProtocolIEField_SetupRequestIEs", asn1: "ProtocolIE-Field{SetupRequestIEs}"), size: size(0, 65535)))
    }

    @Test func theFieldInstanceSelectsItsValueByTheUniqueId() throws {
        let l = try lower(Self.sources)
        let field = try l.type("ProtocolIE-Field{SetupRequestIEs}")
        #expect(field.swiftName == "ProtocolIEField_SetupRequestIEs")
        #expect(field.module == "XAP-Containers")
        let s = try #require(field.sequence)
        #expect(s.root.map(\.asn1Name) == ["id", "criticality", "value"])
        #expect(s.root[0].type == .named("ProtocolIEID", asn1: "ProtocolIE-ID"))
        #expect(s.root[1].type == .named("Criticality", asn1: "Criticality"))
        #expect(s.root[1].tableRelation?.field == "&criticality")
        #expect(s.root[1].tableRelation?.selector == "id")
        #expect(s.root[2].type == .openType(enumName: "ProtocolIEField_SetupRequestIEs.Value", selector: "id"))
        #expect(!s.extensible)
    }

    @Test func theOpenTypeHasACasePerObjectInSetOrder() throws {
        let l = try lower(Self.sources)
        let value = try l.type("ProtocolIE-Field{SetupRequestIEs}").nested("Value")
        let open = try #require(value.openType)
        // Inline objects are named after their id without `id-`; named objects keep their name.
        #expect(open.cases.map(\.swiftName) == ["alpha", "beta", "itemListIE"])
        #expect(open.cases.map(\.selector) == [1, 2, 4])
        #expect(open.cases.map(\.type) == [
            .named("Alpha", asn1: "Alpha"), .named("Beta", asn1: "Beta"), .named("ItemList", asn1: "ItemList"),
        ])
        #expect(open.objectSet == "SetupRequestIEs")
        #expect(open.field == "&Value")
        guard case .identifier("reject")? = open.cases[0].settings["&criticality"],
            case .identifier("optional")? = open.cases[1].settings["&presence"]
        else {
            Issue.record("settings: \(open.cases.map(\.settings))")
            return
        }
    }

    @Test func theOpenTypeCodecSwitchesOnTheSelectorAndKeepsUnknownValues() throws {
        let text = generatedCodec(try lower(Self.sources))
        #expect(text.contains("""
                public enum Value: Hashable, Sendable {
                    /// Selector 1: `Alpha`
                    case alpha(Alpha)
                    /// Selector 2: `Beta`
                    case beta(Beta)
                    /// Selector 4: `ItemList`
                    case itemListIE(ItemList)
                    /// A value whose selector the object set does not define: its undecoded encoding.
                    case unknown(ASN1Bytes)
                }
            """))
        #expect(text.contains("self.value = try ProtocolIEField_SetupRequestIEs.Value(aperDecoding: &r, selector: self.id.value)"))
        #expect(text.contains("case 2: self = .beta(try r.readOpenTypeValue(Beta.self, \"Beta\"))"))
        #expect(text.contains("default: self = .unknown(try r.readOpenTypeBytes())"))
    }

    @Test func valueParametersBoundTheListAndTheSingleContainerIsTheFieldItself() throws {
        let l = try lower(Self.sources)
        #expect(try l.type("ItemList").wrapped
            == .list(element: .named("ProtocolIEField_ItemIEs", asn1: "ProtocolIE-Field{ItemIEs}"), size: size(1, 8)))
        let open = try #require(try l.type("ProtocolIE-Field{ItemIEs}").nested("Value").openType)
        #expect(open.cases.map(\.swiftName) == ["item"])
    }

    @Test func instancesFollowTheNamedTypesInFirstUseOrder() throws {
        let l = try lower(Self.sources)
        #expect(l.swiftNames == [
            "Criticality", "Presence", "ProtocolIEID", "ProcedureCode", "SetupRequest", "ItemList", "Alpha", "Beta", "Item",
            "ProtocolIEField_SetupRequestIEs", "ProtocolIEField_ItemIEs",
        ])
        let names = generate(l).map(\.name)
        #expect(names == [
            "XAP-CommonDataTypes.001.swift", "XAP-PDU-Contents.001.swift", "Instances.001.swift", "TConstants.swift",
            "TObjectSets.swift", "XAP-CommonDataTypes.001+Random.swift", "XAP-PDU-Contents.001+Random.swift",
            "Instances.001+Random.swift",
        ])
    }

    @Test func objectSetsAreEmittedAsDataWithTheirExtensibility() throws {
        let l = try lower(Self.sources)
        #expect(l.usedObjectSets.map(\.name) == ["SetupRequestIEs", "ItemIEs"])
        let sets = try #require(generate(l).first { $0.name == "TObjectSets.swift" }).text
        #expect(sets.contains("public struct TXAPPROTOCOLIES: Hashable, Sendable {"))
        #expect(sets.contains("public static let allTXAPPROTOCOLIESSets: [ASN1ObjectSetTable<TXAPPROTOCOLIES>] = [\n        setupRequestIEs, itemIEs,"))
        #expect(sets.contains("public static let itemIEs = ASN1ObjectSetTable<TXAPPROTOCOLIES>(\n        name: \"ItemIEs\", extensible: false,"))
        #expect(sets.contains("public static let setupRequestIEs = ASN1ObjectSetTable<TXAPPROTOCOLIES>(\n        name: \"SetupRequestIEs\", extensible: true,"))
        #expect(sets.contains(
            "TXAPPROTOCOLIES(id: ProtocolIEID(4), criticality: .reject, value: \"ItemList\", presence: .optional),"))
    }

    @Test func randomValuesKeepTheCriticalityTheTableAssigns() throws {
        let random = generate(try lower(Self.sources)).filter { $0.name == "Instances.001+Random.swift" }.map(\.text).joined()
        #expect(random.contains("case .alpha: criticality = .reject"))
        #expect(random.contains("case .beta: criticality = .ignore"))
        #expect(random.contains("let id: ProtocolIEID = ProtocolIEID(value.selector ?? 0)"))
    }

    // MARK: Variants of the pattern

    @Test func aClassWithoutWithSyntaxTakesFieldSettingsAndOptionalGroupsMayBeLeftOut() throws {
        let l = try lower(
            """
            PLAIN ::= CLASS { &code INTEGER UNIQUE, &Type }
            SYNTAXED ::= CLASS { &code INTEGER UNIQUE, &Type, &note INTEGER OPTIONAL }
                WITH SYNTAX { CODE &code [NOTE &note] TYPE &Type }
            PlainSet PLAIN ::= { { &code 5, &Type BOOLEAN } | { &code 6, &Type NULL } }
            SyntaxedSet SYNTAXED ::= { { CODE 7 NOTE 1 TYPE BOOLEAN } | { CODE 8 TYPE NULL } }
            Holder ::= SEQUENCE {
                a   PLAIN.&code ({PlainSet}),
                b   PLAIN.&Type ({PlainSet}{@a}),
                c   SYNTAXED.&code ({SyntaxedSet}),
                d   SYNTAXED.&Type ({SyntaxedSet}{@c})
            }
            """)
        let holder = try l.type("Holder")
        #expect(try holder.sequence?.field("a").type == .integer(range(nil, nil)))
        #expect(try holder.nested("B").openType?.cases.map(\.selector) == [5, 6])
        #expect(try holder.nested("B").openType?.cases.map(\.swiftName) == ["object5", "object6"])
        let d = try #require(try holder.nested("D").openType)
        #expect(d.cases.map(\.type) == [.boolean, .null])
        guard case .number("1")? = d.cases[0].settings["&note"] else { Issue.record("NOTE not set"); return }
        #expect(d.cases[1].settings["&note"] == nil)
    }

    @Test func objectSetsFlattenReferencedSetsAndRepeatedIdsKeepTheFirstObject() throws {
        let l = try lower(
            """
            IES ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            First IES ::= { { ID 1 TYPE BOOLEAN } | { ID 2 TYPE NULL } }
            Second IES ::= { { ID 3 TYPE OCTET STRING }, ... }
            All IES ::= { First | Second | { ID 1 TYPE BOOLEAN }, ... }
            Field ::= SEQUENCE { id IES.&id ({All}), value IES.&Value ({All}{@id}) }
            """)
        let open = try #require(try l.type("Field").nested("Value").openType)
        #expect(open.cases.map(\.selector) == [1, 2, 3])
        #expect(open.cases.map(\.type) == [.boolean, .null, .octetString(.none)])
    }

    @Test func theSameObjectWrittenInTwoSetsIsOneObject() throws {
        // Written twice, in two places, with a parameterised type: still the same object, not a clash of ids.
        let l = try lower(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Inner C ::= { { ID 9 TYPE BOOLEAN } }
            Holder {C : S} ::= SEQUENCE { id C.&id ({S}), v C.&Value ({S}{@id}) }
            First C ::= { { ID 1 TYPE Holder { {Inner} } } }
            Second C ::= { { ID 1 TYPE Holder { {Inner} } } }
            All C ::= { First | Second }
            F ::= SEQUENCE { id C.&id ({All}), v C.&Value ({All}{@id}) }
            """)
        #expect(try l.type("F").nested("V").openType?.cases.map(\.type) == [.named("Holder_Inner", asn1: "Holder{Inner}")])
    }

    @Test func anEmptyExtensibleSetLeavesTheValueAsUndecodedBytes() throws {
        let l = try lower(
            """
            EXT ::= CLASS { &id INTEGER (0..65535) UNIQUE, &Extension } WITH SYNTAX { ID &id EXTENSION &Extension }
            Container {EXT : Set} ::= SEQUENCE (SIZE (1..4)) OF Field {{Set}}
            Field {EXT : Set} ::= SEQUENCE { id EXT.&id ({Set}), extensionValue EXT.&Extension ({Set}{@id}) }
            NoExtensions EXT ::= { ... }
            Thing ::= SEQUENCE { ext Container { {NoExtensions} } OPTIONAL, ... }
            """)
        #expect(try l.type("Thing").sequence?.field("ext").type
            == .list(element: .named("Field_Empty", asn1: "Field{Empty}"), size: size(1, 4)))
        #expect(try l.type("Field{Empty}").sequence?.field("extensionValue").type == .openTypeBytes)
    }

    @Test func oneInstanceServesEveryUseOfTheSameArguments() throws {
        let l = try lower(
            """
            Pair {Element} ::= SEQUENCE { first Element, second Element }
            A ::= SEQUENCE { x Pair {Leaf}, y Pair {Leaf}, z Pair {Other} }
            Leaf ::= INTEGER (0..1)
            Other ::= BOOLEAN
            """)
        #expect(l.swiftNames == ["A", "Leaf", "Other", "Pair_Leaf", "Pair_Other"])
        #expect(try l.type("A").sequence?.allFields.map(\.type) == [
            .named("Pair_Leaf", asn1: "Pair{Leaf}"), .named("Pair_Leaf", asn1: "Pair{Leaf}"), .named("Pair_Other", asn1: "Pair{Other}"),
        ])
        #expect(try l.type("Pair{Leaf}").sequence?.field("first").type == .named("Leaf", asn1: "Leaf"))
    }

    @Test func aBuiltInTypeIsAnActualTypeParameter() throws {
        let l = try lower(
            """
            Pair {Element} ::= SEQUENCE { first Element, second Element }
            Flags ::= Pair {BOOLEAN}
            Small ::= Pair {INTEGER (0..3)}
            """)
        #expect(try l.type("Flags").aliasTarget != nil)
        let flags = try l.type(try #require(try l.type("Flags").aliasTarget))
        #expect(flags.sequence?.allFields.map(\.type) == [.boolean, .boolean])
        let small = try l.type(try #require(try l.type("Small").aliasTarget))
        #expect(small.sequence?.allFields.map(\.type) == [.integer(range(0, 3)), .integer(range(0, 3))])
    }

    @Test func differentBuiltInArgumentsMakeDifferentInstances() throws {
        let l = try lower(
            """
            Pair {Element} ::= SEQUENCE { first Element, second Element }
            Flags ::= Pair {BOOLEAN}
            Small ::= Pair {INTEGER (0..3)}
            MoreFlags ::= Pair {BOOLEAN}
            """)
        #expect(l.swiftNames == ["Flags", "Small", "MoreFlags", "Pair_T", "Pair_T_"])
        #expect(try l.type("MoreFlags").aliasTarget == "Pair_T")
        #expect(try l.type("Small").aliasTarget == "Pair_T_")
        #expect(l.types[4].sequence?.allFields.map(\.type) == [.integer(range(0, 3)), .integer(range(0, 3))])
    }

    @Test func aTypeParameterPassedOnIsResolvedToItsArgument() throws {
        let l = try lower(
            """
            Pair {Element} ::= SEQUENCE { first Element, second Element }
            Wrapper {T} ::= SEQUENCE { pair Pair {T} }
            UseA ::= Wrapper {Leaf}
            UseB ::= Wrapper {Other}
            Leaf ::= INTEGER (0..1)
            Other ::= BOOLEAN
            """)
        #expect(l.swiftNames == ["UseA", "UseB", "Leaf", "Other", "Wrapper_Leaf", "Pair_Leaf", "Wrapper_Other", "Pair_Other"])
        #expect(try l.type("Wrapper{Other}").sequence?.field("pair").type == .named("Pair_Other", asn1: "Pair{Other}"))
        #expect(try l.type("Pair{Other}").sequence?.field("first").type == .named("Other", asn1: "Other"))
    }

    @Test func anonymousObjectSetsOfEqualSizeMakeDifferentInstances() throws {
        let l = try lower(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Field {C : Set} ::= SEQUENCE { id C.&id ({Set}), value C.&Value ({Set}{@id}) }
            Container {C : Set} ::= SEQUENCE (SIZE (1..2)) OF Field {{Set}}
            A ::= Field { { { ID 1 TYPE BOOLEAN } } }
            B ::= Field { { { ID 2 TYPE NULL } } }
            ListA ::= Container { { { ID 3 TYPE BOOLEAN } } }
            ListB ::= Container { { { ID 4 TYPE NULL } } }
            """)
        var selectors: [[Int128]] = []
        for user in ["A", "B", "ListA", "ListB"] {
            let field: String
            switch try l.type(user).kind {
            case .alias(let target): field = target
            case .wrapper(.list(.named(let target, _), _)): field = target
            default: Issue.record("\(user): \(try l.type(user).kind)"); return
            }
            selectors.append(try l.type(field).nested("Value").openType?.cases.map(\.selector) ?? [])
        }
        #expect(selectors == [[1], [2], [3], [4]])
    }
}
