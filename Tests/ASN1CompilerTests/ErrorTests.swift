@testable import ASN1Compiler
import Testing

/// Bad input gives an `ASN1CompilerError` naming the file and line or the offending name; never a crash or a hang.
/// (`compileError(_:)` puts the assignments in `Err.asn` from line 3 on.)
@Suite struct ErrorTests {
    // MARK: Undefined names

    @Test func anUndefinedTypeIsNamedWithTheLineOfItsUser() throws {
        let error = try #require(compileError("Fine ::= BOOLEAN\nUser ::= SEQUENCE { x Missing-Type }"))
        #expect(error.message == "undefined name Missing-Type")
        #expect(error.location?.file == "Err.asn")
        #expect(error.location?.line == 4)
        #expect(error.description.hasPrefix("Err.asn:4:1: error: "))
    }

    @Test func anUndefinedConstantInAConstraintIsNamed() throws {
        let error = try #require(compileError("List ::= SEQUENCE (SIZE (1..maxnoofMissing)) OF BOOLEAN"))
        #expect(error.message == "undefined name maxnoofMissing")
        #expect(error.location?.line == 3)
    }

    @Test func anUndefinedObjectSetOrClassFieldIsNamed() throws {
        let cls = "C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }\n"
        let set = try #require(compileError(cls + "F ::= SEQUENCE { id C.&id ({NoSuchSet}), v C.&Value ({NoSuchSet}{@id}) }"))
        #expect(set.message == "undefined name NoSuchSet")
        let field = try #require(compileError(cls + "F ::= SEQUENCE { id C.&nope }"))
        #expect(field.message == "class C has no field &nope")
        #expect(field.location?.line == 4)
    }

    @Test func anImportFromAModuleNotAmongTheInputsIsNamed() throws {
        let error = try #require(compileError([Source("U.asn", module("User", imports: "Thing FROM Elsewhere", "A ::= Thing"))]))
        #expect(error.message == "module User imports from Elsewhere, which is not among the inputs")
    }

    @Test func anImportTheSourceModuleDoesNotDefineIsNamed() throws {
        let provider = Source("P.asn", module("Provider", "Real ::= BOOLEAN"))
        let other = Source("O.asn", module("Other", "Elsewhere ::= NULL"))
        let missing = Source("U.asn", module("User", imports: "Imaginary FROM Provider", "A ::= BOOLEAN"))
        #expect(compileError([provider, missing])?.message == "module User imports Imaginary from Provider, which does not define it")
        // Defined, but in another module than the one named.
        let misplaced = Source("U.asn", module("User", imports: "Elsewhere FROM Provider", "A ::= BOOLEAN"))
        #expect(compileError([provider, other, misplaced])?.message
            == "module User imports Elsewhere from Provider, which does not define it")
    }

    @Test func aNameDefinedInTwoModulesIsAnError() throws {
        let error = try #require(compileError([
            Source("A.asn", module("A", "Twice ::= BOOLEAN")), Source("B.asn", module("B", "\nTwice ::= NULL")),
        ]))
        #expect(error.message.hasPrefix("Twice is defined twice (also at A.asn:3:1)"))
        #expect(error.location == SourceLocation(file: "B.asn", line: 4, column: 1))
    }

    // MARK: Syntax

    @Test func aSyntaxErrorNamesWhatWasExpectedWhatWasFoundAndWhere() throws {
        let error = try #require(compileError("A ::= SEQUENCE {\n    a INTEGER,\n}"))
        #expect(error.message == "expected a name (found '}')")
        #expect(error.location == SourceLocation(file: "Err.asn", line: 5, column: 1))
    }

    @Test func aMissingEndIsAnErrorNamingTheModule() {
        #expect(compileError([Source("E.asn", "M DEFINITIONS ::= BEGIN\nA ::= BOOLEAN\n")])?.message
            == "missing END of module M (found end of file)")
    }

    @Test func anObjectNotInItsClassSyntaxIsAnErrorAtTheObject() throws {
        let error = try #require(compileError(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Set C ::= {
                { ID 1 KIND BOOLEAN }
            }
            F ::= SEQUENCE { id C.&id ({Set}), v C.&Value ({Set}{@id}) }
            """))
        #expect(error.message == "expected TYPE (found 'KIND')")
        #expect(error.location == SourceLocation(file: "Err.asn", line: 5, column: 12))
    }

    @Test func anUnusedMalformedObjectSetIsStillAnError() throws {
        // Emitted as data in the object-set table, so it must resolve even when no open type uses it.
        let error = try #require(compileError(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Unused C ::= { { ID 1 TYPO BOOLEAN } }
            """))
        #expect(error.message == "expected TYPE (found 'TYPO')")
        #expect(error.location?.line == 4)
    }

    @Test func wrongArgumentCountsAndUnsupportedTypesAreErrors() throws {
        #expect(compileError("P {T} ::= SEQUENCE { x T }\nU ::= P {BOOLEAN, NULL}")?.message == "P takes 1 parameters, 2 given")
        #expect(compileError("R ::= REAL")?.message == "REAL is not supported")
        #expect(compileError("E ::= EXTERNAL")?.message == "EXTERNAL is not supported")
    }

    @Test func impossibleIntegerRangesAreErrors() throws {
        #expect(compileError("A ::= INTEGER (5..1)")?.message == "empty integer range 5..1")
        #expect(compileError("B ::= INTEGER (0..99999999999999999999)")?.message == "integer range 0..99999999999999999999 does not fit 64 bits")
    }

    @Test func anOpenTypeNeedsAUniqueFieldToSelectBy() throws {
        let error = try #require(compileError(
            """
            C ::= CLASS { &id INTEGER, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Set C ::= { { ID 1 TYPE BOOLEAN } }
            F ::= SEQUENCE { id C.&id ({Set}), v C.&Value ({Set}{@id}) }
            """))
        #expect(error.message == "class C has no UNIQUE field to select open types by")
    }

    @Test func twoObjectsWithOneUniqueIdButDifferentTypesAreAnError() throws {
        let error = try #require(compileError(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            Set C ::= { { ID 1 TYPE BOOLEAN } | { ID 1 TYPE NULL } }
            F ::= SEQUENCE { id C.&id ({Set}), v C.&Value ({Set}{@id}) }
            """))
        #expect(error.message.contains("UNIQUE"))
        #expect(error.message.contains("&id 1"))
    }

    // MARK: Cycles

    @Test func aCycleOfTypeReferencesIsAnErrorNamingTheTypes() throws {
        let error = try #require(compileError("A ::= B\nB ::= C (SIZE (1..2))\nC ::= A"))
        #expect(error.message == "cyclic definition: A refers to itself through B, C")
        #expect(error.location?.line == 3)
    }

    @Test func aCycleOfValueReferencesIsAnErrorNamingTheValues() throws {
        let error = try #require(compileError("a INTEGER ::= b\nb INTEGER ::= a\nT ::= INTEGER (0..a)"))
        #expect(error.message == "cyclic definition: a refers to itself through b")
    }

    @Test func aValueThatNamesItselfIsAnError() throws {
        #expect(compileError("a INTEGER ::= a")?.message == "cyclic definition: a refers to itself")
    }

    @Test func aCycleOfClassReferencesIsAnError() throws {
        let error = try #require(compileError("CLASS-A ::= CLASS-B\nCLASS-B ::= CLASS-A"))
        #expect(error.message == "cyclic definition: CLASS-A refers to itself through CLASS-B")
    }

    @Test func aCycleOfObjectSetsIsAnErrorNamingTheSets() throws {
        let error = try #require(compileError(
            """
            C ::= CLASS { &id INTEGER UNIQUE, &Value } WITH SYNTAX { ID &id TYPE &Value }
            SetA C ::= { { ID 1 TYPE BOOLEAN } | SetB }
            SetB C ::= { SetA, ... }
            F ::= SEQUENCE { id C.&id ({SetA}), v C.&Value ({SetA}{@id}) }
            """))
        #expect(error.message == "cyclic definition: object set SetA refers to itself through SetB")
    }

    @Test func aCycleThroughComponentsOfIsAnError() throws {
        let error = try #require(compileError("A ::= SEQUENCE { COMPONENTS OF B }\nB ::= SEQUENCE { COMPONENTS OF A, x NULL }"))
        #expect(error.message == "cyclic definition: A refers to itself through B")
    }

    @Test func aCycleOfParameterisedTypesIsAnError() throws {
        let error = try #require(compileError("P {T} ::= Q {T}\nQ {T} ::= P {T}\nUse ::= SEQUENCE { x P {BOOLEAN} }"))
        #expect(error.message == "cyclic definition: P refers to itself through Q")
    }
}
