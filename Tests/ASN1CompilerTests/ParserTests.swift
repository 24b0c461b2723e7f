@testable import ASN1Compiler
import Testing

/// The syntax tree the `Parser` builds: module headers, IMPORTS, assignment kinds and component lists.
@Suite struct ParserTests {
    @Test func aModuleHeaderWithObjectIdentifierAndTaggingIsSkipped() throws {
        let modules = try Parser.parse(
            """
            XAP-Sample { itu-t (0) identified-organization (4) etsi (0) modules (3) } DEFINITIONS AUTOMATIC TAGS ::=
            BEGIN
            EXPORTS ALL;
            A ::= BOOLEAN
            END
            Second DEFINITIONS ::= BEGIN B ::= NULL END
            """, file: "Two.asn")
        #expect(modules.map(\.name) == ["XAP-Sample", "Second"])
        #expect(modules.map(\.file) == ["Two.asn", "Two.asn"])
        #expect(modules[0].assignments.map(\.name) == ["A"])
        #expect(modules[1].assignments.map(\.module) == ["Second"])
    }

    @Test func importsAreGroupedByTheModuleTheyComeFrom() throws {
        let modules = try Parser.parse(
            module(
                "User",
                imports: """
                    Criticality, ProtocolIE-ID, maxnoofCells
                    FROM Common-Types { itu-t (0) modules (3) }
                    ProtocolIE-Container{}, ProtocolIE-Field{}
                    FROM Containers
                    """,
                "A ::= BOOLEAN"), file: "User.asn")
        let imports = try #require(modules.first).imports
        #expect(imports.map(\.module) == ["Common-Types", "Containers"])
        #expect(imports.map(\.symbols) == [["Criticality", "ProtocolIE-ID", "maxnoofCells"], ["ProtocolIE-Container", "ProtocolIE-Field"]])
    }

    @Test func assignmentsAreTypesValuesClassesAndGovernedSets() throws {
        let modules = try Parser.parse(
            module(
                "M",
                """
                T ::= INTEGER (0..7)
                maxT INTEGER ::= 7
                C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
                Objects C ::= { { ID 1 TYPE T }, ... }
                """), file: "M.asn")
        let a = try #require(modules.first).assignments
        #expect(a.map(\.name) == ["T", "maxT", "C", "Objects"])
        guard case .type(.constrained(.integer, _)) = a[0].body else { Issue.record("T: \(a[0].body)"); return }
        guard case .value(.integer, .number("7")) = a[1].body else { Issue.record("maxT: \(a[1].body)"); return }
        guard case .objectClass(let cls) = a[2].body else { Issue.record("C: \(a[2].body)"); return }
        #expect(cls.fields.map(\.name) == ["&id", "&Value"])
        #expect(cls.fields.map(\.unique) == [true, false])
        guard case .governed(.reference(nil, "C", nil), let tokens) = a[3].body else { Issue.record("Objects: \(a[3].body)"); return }
        #expect(tokens.map(\.text) == ["{", "ID", "1", "TYPE", "T", "}", ",", "..."])
        #expect(a.map(\.location.line) == [3, 4, 5, 6])
    }

    @Test func componentListsSeparateRootAdditionsGroupsAndSecondRoot() throws {
        let modules = try Parser.parse(
            module(
                "M",
                """
                S ::= SEQUENCE {
                    a BOOLEAN,
                    ...,
                    b BOOLEAN,
                    [[ 2: c BOOLEAN, d BOOLEAN OPTIONAL ]],
                    ...,
                    e BOOLEAN
                }
                """), file: "M.asn")
        guard case .type(.sequence(let list)) = try #require(modules.first?.assignments.first).body else {
            Issue.record("not a SEQUENCE")
            return
        }
        #expect(list.root.map(\.name) == ["a"])
        #expect(list.rootTail.map(\.name) == ["e"])
        #expect(list.extensible)
        #expect(list.additions.count == 2)
        guard case .component(let b) = list.additions[0], case .group(let version, let group) = list.additions[1] else {
            Issue.record("additions: \(list.additions)")
            return
        }
        #expect(b.name == "b")
        #expect(version == "2")
        #expect(group.map(\.name) == ["c", "d"])
    }

    @Test func sizeMayBeWrittenBetweenSequenceAndOf() throws {
        let modules = try Parser.parse(
            module("M", "L1 ::= SEQUENCE SIZE (1..4) OF BOOLEAN\nL2 ::= SEQUENCE (SIZE (1..4)) OF item BOOLEAN"), file: "M.asn")
        let bodies = try #require(modules.first).assignments.map(\.body)
        guard case .type(.sizedCollection(.sequenceOf(.boolean, nil), _)) = bodies[0] else { Issue.record("L1: \(bodies[0])"); return }
        guard case .type(.sizedCollection(.sequenceOf(.boolean, "item"), _)) = bodies[1] else { Issue.record("L2: \(bodies[1])"); return }
    }

    @Test func parametersAndArgumentsKeepTheirKinds() throws {
        let modules = try Parser.parse(
            module(
                "M",
                """
                List {INTEGER : lower, INTEGER : upper, XAP-CLASS : Set, Element} ::= SEQUENCE (SIZE (lower..upper)) OF Element
                Use ::= List { 1, maxX, {Objects}, BOOLEAN }
                """), file: "M.asn")
        let list = try #require(modules.first?.assignments.first)
        #expect(list.parameters.map(\.name) == ["lower", "upper", "Set", "Element"])
        #expect(list.parameters.map { $0.governor == nil } == [false, false, false, true])
        guard case .type(.reference(nil, "List", let arguments?)) = try #require(modules.first?.assignments.last).body,
            arguments.count == 4,
            case .value(.number("1")) = arguments[0], case .word("maxX") = arguments[1],
            case .braced(let set) = arguments[2], case .type(.boolean) = arguments[3]
        else {
            Issue.record("arguments not as written")
            return
        }
        #expect(set.map(\.text) == ["Objects"])
    }

    @Test func negativeAndRealValuesParse() throws {
        let modules = try Parser.parse(module("M", "low INTEGER ::= -128\nratio REAL ::= 1.5"), file: "M.asn")
        let bodies = try #require(modules.first).assignments.map(\.body)
        guard case .value(_, .negative("128")) = bodies[0], case .value(.real, .real("1.5")) = bodies[1] else {
            Issue.record("values: \(bodies)")
            return
        }
    }

    /// Constraints the parser skips (unusable table constraints, ENCODED BY, WITH COMPONENTS) stop at the end of the input.
    @Test(arguments: ["T ::= INTEGER ({Set Other}", "T ::= OCTET STRING (ENCODED BY x", "T ::= S (WITH COMPONENTS {a}"])
    func aSkippedConstraintLeftOpenIsAnErrorNotAHang(assignment: String) {
        let error = #expect(throws: ASN1CompilerError.self) {
            try Parser.parse("M DEFINITIONS ::= BEGIN\n" + assignment, file: "Open.asn")
        }
        #expect(error?.message == "expected ')' (found end of file)")
    }
}
