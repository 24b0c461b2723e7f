@testable import ASN1Compiler
import Testing

/// Lexical items of X.680 clause 12 as the compiler's `Lexer` splits them.
@Suite struct LexerTests {
    @Test func aLineCommentRunsToTheEndOfTheLine() throws {
        #expect(try lexed("A -- a comment ::= INTEGER\nB") == ["w:A", "w:B"])
    }

    @Test func aLineCommentEndsAtTheNextPairOfHyphens() throws {
        #expect(try lexed("A -- a comment -- ::= B") == ["w:A", "::=", "w:B"])
        #expect(try lexed("A ---- B") == ["w:A", "w:B"])
    }

    @Test func blockCommentsNestAndSpanLines() throws {
        #expect(try lexed("A /* outer /* inner */ still\n comment */ B") == ["w:A", "w:B"])
    }

    @Test func eachCommentStyleIgnoresTheOthersMarkers() throws {
        // `/*` inside a line comment opens nothing; `--` inside a block comment closes nothing.
        #expect(try lexed("A -- see /* here\nB") == ["w:A", "w:B"])
        #expect(try lexed("A /* -- */ B") == ["w:A", "w:B"])
        // Hyphens inside a quoted string are text, not a comment.
        #expect(try lexed("v \"a--b\"") == ["w:v", "c:a--b"])
    }

    @Test func anUnterminatedBlockCommentIsAnErrorAtItsStart() {
        let error = #expect(throws: ASN1CompilerError.self) { try Lexer.tokenize("A\n  /* open /* nested */", file: "Lex.asn") }
        #expect(error?.message == "unterminated comment")
        #expect(error?.location == SourceLocation(file: "Lex.asn", line: 2, column: 3))
    }

    @Test func hyphenatedNamesAreOneWord() throws {
        #expect(try lexed("id-AMFName GlobalGNB-ID aMF-UE-NGAP-ID NGAP-PROTOCOL-IES maxnoof-5G")
            == ["w:id-AMFName", "w:GlobalGNB-ID", "w:aMF-UE-NGAP-ID", "w:NGAP-PROTOCOL-IES", "w:maxnoof-5G"])
    }

    @Test func aDoubleHyphenEndsANameAndStartsAComment() throws {
        #expect(try lexed("Foo--comment\nBar") == ["w:Foo", "w:Bar"])
        // A trailing single hyphen is not part of the name.
        #expect(try lexed("x- y") == ["w:x", "-", "w:y"])
    }

    @Test func numbersAreDigitRunsWithSignAndFractionAsSeparateItems() throws {
        #expect(try lexed("0 42 -5 1.5 65535") == ["n:0", "n:42", "-", "n:5", "n:1", ".", "n:5", "n:65535"])
    }

    @Test func rangeEllipsisAndVersionBracketsAreSingleSymbols() throws {
        #expect(try lexed("(1..maxX, ...)") == ["(", "n:1", "..", "w:maxX", ",", "...", ")"])
        #expect(try lexed("[[ 2: a ]]") == ["[[", "n:2", ":", "w:a", "]]"])
        #expect(try lexed("[0] ::= <..") == ["[", "n:0", "]", "::=", "<", ".."])
    }

    @Test func bitAndHexStringsKeepOnlyTheirDigits() throws {
        #expect(try lexed("'0101 1'B 'DE AD'H ''H") == ["b:01011", "h:DEAD", "h:"])
    }

    @Test func aBitOrHexStringNeedsItsBOrHSuffix() {
        let error = #expect(throws: ASN1CompilerError.self) { try Lexer.tokenize("x '01'Q", file: "Lex.asn") }
        #expect(error?.message == "expected B or H after string")
    }

    @Test func quotedStringsUndoubleTheirQuotes() throws {
        #expect(try lexed(#""say ""hi""" "" "#) == [#"c:say "hi""#, "c:"])
    }

    @Test func fieldReferencesKeepTheirAmpersand() throws {
        #expect(try lexed("CLASS.&id &Value") == ["w:CLASS", ".", "f:&id", "f:&Value"])
    }

    @Test func tokensCarryFileLineAndColumn() throws {
        let tokens = try Lexer.tokenize("A ::=\n  /* c */ INTEGER", file: "Pos.asn")
        #expect(tokens.map(\.location) == [
            SourceLocation(file: "Pos.asn", line: 1, column: 1),
            SourceLocation(file: "Pos.asn", line: 1, column: 3),
            SourceLocation(file: "Pos.asn", line: 2, column: 11),
        ])
    }

    @Test func anUnexpectedCharacterIsAnErrorWithItsPosition() {
        let error = #expect(throws: ASN1CompilerError.self) { try Lexer.tokenize("A ::=\n B # C", file: "Lex.asn") }
        #expect(error?.message == "unexpected character '#'")
        #expect(error?.description == "Lex.asn:2:4: error: unexpected character '#'")
    }

    @Test func anUnterminatedStringIsAnError() {
        let error = #expect(throws: ASN1CompilerError.self) { try Lexer.tokenize("v \"open", file: "Lex.asn") }
        #expect(error?.message == "unterminated string")
        #expect(error?.location?.column == 3)
    }
}
