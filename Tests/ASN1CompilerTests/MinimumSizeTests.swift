@testable import ASN1Compiler
import Testing

/// The fewest APER bits of each type (X.691), which generated list decoders pass to `readList` so that a
/// count the bits left cannot hold is refused before storage is reserved; and the nesting budget of
/// recursive types.
@Suite struct MinimumSizeTests {
    /// The `minimumElementBits:` arguments of the generated decoders, in order.
    static func listArguments(_ body: String) throws -> [Int] {
        let text = generatedCodec(try lower(body))
        return text.split(separator: "minimumElementBits: ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test("element sizes count every field a value must have: fixed-width integers, lengths, presence bits")
    func elementSizes() throws {
        let body = """
            IE ::= SEQUENCE { id INTEGER (0..65535), criticality ENUMERATED { reject, ignore, notify }, value OCTET STRING }
            IEs ::= SEQUENCE (SIZE (0..65535)) OF IE
            Flags ::= SEQUENCE (SIZE (1..8)) OF BOOLEAN
            Small ::= SEQUENCE (SIZE (1..4)) OF INTEGER (0..7)
            Opt ::= SEQUENCE { a INTEGER (0..255) OPTIONAL, b BIT STRING (SIZE (12)), ... }
            Opts ::= SEQUENCE OF Opt
            """
        // IE: 16 (id) + 2 (criticality) + 8 (the octet string's length); Opt: extension bit + presence bit + 12.
        #expect(try Self.listArguments(body) == [26, 1, 3, 14])
    }

    @Test("choices take their cheapest alternative; extensible ones may take the extension form")
    func choices() throws {
        let body = """
            C ::= CHOICE { big OCTET STRING (SIZE (100)), small INTEGER (0..1) }
            E ::= CHOICE { big OCTET STRING (SIZE (100)), ... }
            Cs ::= SEQUENCE OF C
            Es ::= SEQUENCE OF E
            """
        // C: a 1-bit index + 1 bit; E: the extension bit then 800 bits, or 1 + 7 (index) + 8 (open type length).
        #expect(try Self.listArguments(body) == [2, 16])
    }

    @Test("a list of lists counts the inner size preamble and the fewest inner elements")
    func nestedLists() throws {
        let body = """
            Inner ::= SEQUENCE (SIZE (2..5)) OF INTEGER (0..15)
            Outer ::= SEQUENCE (SIZE (1..3)) OF Inner
            """
        // Inner: a 2-bit size (2..5) + 2 × 4 bits.
        #expect(try Self.listArguments(body) == [4, 10])
    }

    @Test("constrained whole numbers take the ALIGNED widths of X.691 11.5.7")
    func constrainedWidths() {
        #expect(MinimumSize.constrainedBits(span: 0) == 0)
        #expect(MinimumSize.constrainedBits(span: 1) == 1)
        #expect(MinimumSize.constrainedBits(span: 254) == 8)
        #expect(MinimumSize.constrainedBits(span: 255) == 8)
        #expect(MinimumSize.constrainedBits(span: 256) == 16)
        #expect(MinimumSize.constrainedBits(span: 65535) == 16)
        // 4294967295: a 2-bit octet count, then at least one octet.
        #expect(MinimumSize.constrainedBits(span: 4_294_967_295) == 10)
    }

    @Test("a recursive type counts itself as nothing inside itself, and its decoder spends nesting budget")
    func recursiveTypes() throws {
        let body = """
            Node ::= SEQUENCE { value INTEGER (0..3), next Node OPTIONAL }
            Tree ::= CHOICE { leaf BOOLEAN, pair SEQUENCE { left Tree, right Tree } }
            Nodes ::= SEQUENCE OF Node
            Flat ::= SEQUENCE { a BOOLEAN, list SEQUENCE OF Flat }
            """
        let lowering = try lower(body)
        let emitter = SwiftEmitter(lowering: lowering, options: .init(namespace: "T", inputs: [], command: "", moduleName: "T"))
        #expect(emitter.recursiveTypes.contains("Node"))
        #expect(emitter.recursiveTypes.contains("Tree"))
        // Recursion through a list spends the budget in `readList` already.
        #expect(!emitter.recursiveTypes.contains("Flat"))
        #expect(emitter.minimumSizes["Node"] == 3)  // presence bit + 2
        let text = generatedCodec(lowering)
        let node = try #require(text.firstRange(of: "extension Node: APERCodable {"))
        #expect(text[node.upperBound...].prefix(200).contains("try r.enterNesting()"))
        let flat = try #require(text.firstRange(of: "extension Flat: APERCodable {"))
        #expect(!text[flat.upperBound...].prefix(200).contains("enterNesting"))
    }
}
