@testable import ASN1Compiler
import Testing

/// Damaged input gives an `ASN1CompilerError` or output, never a crash, a hang or another kind of error.
@Suite struct RobustnessTests {
    /// Compiles and emits the sources; counts the outcome, records an issue for a foreign error.
    static func outcome(_ sources: [Source], errors: inout Int, compiled: inout Int) {
        do {
            _ = generate(try lower(sources))
            compiled += 1
        } catch is ASN1CompilerError {
            errors += 1
        } catch {
            Issue.record("not an ASN1CompilerError: \(error)")
        }
    }

    /// Sets of modules to damage: the IE-container pattern, imported constants, and a mix of constructs.
    static let corpora: [[Source]] = [
        InformationObjectTests.sources,
        [TypeLoweringTests.constantsModule, TypeLoweringTests.userModule],
        [
            Source(
                "Mix.asn",
                module(
                    "Mix",
                    TypeLoweringTests.sequenceModule + """

                        Pick ::= CHOICE { a INTEGER (0..7), b SEQUENCE { c BOOLEAN }, ..., d NULL }
                        Colour ::= ENUMERATED { red, green, ..., blue }
                        Name ::= PrintableString (SIZE (1..150, ...))
                        Dialled ::= IA5String (FROM ("0".."9" | "*")) (SIZE (1..32))
                        Bits ::= BIT STRING (SIZE (36))
                        Carrier ::= OCTET STRING (CONTAINING Pick)
                        List ::= SEQUENCE (SIZE (1..maxnoofX)) OF Pick
                        maxnoofX INTEGER ::= 4
                        """))
        ],
    ]

    @Test(arguments: corpora.indices)
    func deletingAnyOneTokenNeverCrashes(corpus: Int) throws {
        let sources = Self.corpora[corpus]
        var errors = 0
        var compiled = 0
        for (index, source) in sources.enumerated() {
            let bytes = Array(source.text.utf8)
            var lineStarts = [0]
            for (i, b) in bytes.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
            let tokens = try Lexer.tokenize(source.text, file: source.file)
            for (n, token) in tokens.enumerated() {
                let start = lineStarts[token.location.line - 1] + token.location.column - 1
                let end = n + 1 < tokens.count
                    ? lineStarts[tokens[n + 1].location.line - 1] + tokens[n + 1].location.column - 1 : bytes.count
                var variant = sources
                variant[index].text = String(decoding: bytes[..<start] + bytes[end...], as: UTF8.self)
                Self.outcome(variant, errors: &errors, compiled: &compiled)
            }
        }
        // Both outcomes occur: some tokens can go (a `...`, an OPTIONAL, a constraint), most cannot.
        #expect(errors > 0)
        #expect(compiled > 0)
    }

    @Test(arguments: corpora.indices)
    func truncatingAModuleAtAnyLineNeverCrashes(corpus: Int) {
        let sources = Self.corpora[corpus]
        var errors = 0
        var compiled = 0
        for (index, source) in sources.enumerated() {
            let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
            for cut in 0..<lines.count {
                var variant = sources
                variant[index].text = lines[..<cut].joined(separator: "\n")
                Self.outcome(variant, errors: &errors, compiled: &compiled)
            }
        }
        #expect(errors > 0)
    }
}
