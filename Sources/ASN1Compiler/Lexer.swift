/// A lexical token of ASN.1 (ITU-T X.680 clause 12).
public struct Token: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A reference or keyword: letters, digits and single hyphens, e.g. `GlobalGNB-ID`, `id-AMFName`, `SEQUENCE`.
        case word
        /// A field reference such as `&id` or `&Value` (text keeps the `&`).
        case fieldReference
        /// A non-negative number.
        case number
        /// A quoted character string (text without the quotes, `""` unescaped).
        case cstring
        /// `'0101'B` (text holds the binary digits).
        case bstring
        /// `'0A'H` (text holds the hex digits).
        case hstring
        /// Punctuation: `::=`, `...`, `..`, `[[`, `]]`, or one of `{}()[],.|^@!;:<-`.
        case symbol
    }

    public var kind: Kind
    public var text: String
    /// Where the token starts: file, 1-based line and column.
    public var location: SourceLocation

    public var description: String { text }

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    func isWord(_ w: String) -> Bool { kind == .word && text == w }
}

/// A position in an ASN.1 source file.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var description: String { "\(file):\(line):\(column)" }
}

/// An error in the ASN.1 input (lexical, syntactic or semantic), with where it is.
public struct ASN1CompilerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// Splits ASN.1 source text into tokens, dropping comments (`-- ... --` or to
/// end of line, and `/* ... */`, which nest).
public struct Lexer {
    let scalars: [UInt8]
    let file: String
    var index = 0
    var line = 1
    var lineStart = 0

    public init(text: String, file: String) {
        self.scalars = Array(text.utf8)
        self.file = file
    }

    /// All tokens of the text.
    public static func tokenize(_ text: String, file: String) throws -> [Token] {
        var lexer = Lexer(text: text, file: file)
        var tokens: [Token] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: index - lineStart + 1) }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() {
        if scalars[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func skipTrivia() throws {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C || c == 0xA0 || c == 0xC2 {
                advance()
            } else if c == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                advance()
                advance()
                while let d = peek(), d != 0x0A {
                    if d == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = location
                var depth = 0
                repeat {
                    if peek() == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                        depth += 1
                        advance()
                        advance()
                    } else if peek() == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        depth -= 1
                        advance()
                        advance()
                    } else if peek() == nil {
                        throw ASN1CompilerError("unterminated comment", at: start)
                    } else {
                        advance()
                    }
                } while depth > 0
            } else {
                return
            }
        }
    }

    mutating func text(from start: Int) -> String {
        String(decoding: scalars[start..<index], as: UTF8.self)
    }

    public mutating func next() throws -> Token? {
        try skipTrivia()
        guard let c = peek() else { return nil }
        let loc = location
        let start = index
        if Lexer.isLetter(c) || (c == UInt8(ascii: "&") && peek(1).map(Lexer.isLetter) == true) {
            let isField = c == UInt8(ascii: "&")
            advance()
            while let d = peek() {
                if Lexer.isLetter(d) || Lexer.isDigit(d) || d == UInt8(ascii: "_") {
                    advance()
                } else if d == UInt8(ascii: "-"), let e = peek(1), Lexer.isLetter(e) || Lexer.isDigit(e),
                    peek(1) != UInt8(ascii: "-")
                {
                    advance()
                } else {
                    break
                }
            }
            return Token(kind: isField ? .fieldReference : .word, text: text(from: start), location: loc)
        }
        if Lexer.isDigit(c) {
            while let d = peek(), Lexer.isDigit(d) { advance() }
            return Token(kind: .number, text: text(from: start), location: loc)
        }
        if c == UInt8(ascii: "\"") {
            advance()
            var bytes: [UInt8] = []
            while true {
                guard let d = peek() else { throw ASN1CompilerError("unterminated string", at: loc) }
                advance()
                if d == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        bytes.append(d)
                        advance()
                        continue
                    }
                    break
                }
                bytes.append(d)
            }
            return Token(kind: .cstring, text: String(decoding: bytes, as: UTF8.self), location: loc)
        }
        if c == UInt8(ascii: "'") {
            advance()
            var digits: [UInt8] = []
            while let d = peek(), d != UInt8(ascii: "'") {
                if d != 0x20 && d != 0x0A && d != 0x0D && d != 0x09 { digits.append(d) }
                advance()
            }
            guard peek() == UInt8(ascii: "'") else { throw ASN1CompilerError("unterminated bit or hex string", at: loc) }
            advance()
            guard let kind = peek() else { throw ASN1CompilerError("expected B or H after string", at: loc) }
            advance()
            let text = String(decoding: digits, as: UTF8.self)
            switch kind {
            case UInt8(ascii: "B"): return Token(kind: .bstring, text: text, location: loc)
            case UInt8(ascii: "H"): return Token(kind: .hstring, text: text, location: loc)
            default: throw ASN1CompilerError("expected B or H after string", at: loc)
            }
        }
        let three = index + 2 < scalars.count ? text(range: index..<(index + 3)) : ""
        let two = index + 1 < scalars.count ? text(range: index..<(index + 2)) : ""
        for symbol in ["::=", "..."] where three == symbol {
            advance()
            advance()
            advance()
            return Token(kind: .symbol, text: symbol, location: loc)
        }
        for symbol in ["..", "[[", "]]"] where two == symbol {
            advance()
            advance()
            return Token(kind: .symbol, text: symbol, location: loc)
        }
        if "{}()[],.|^@!;:<-*".utf8.contains(c) {
            advance()
            return Token(kind: .symbol, text: String(UnicodeScalar(c)), location: loc)
        }
        throw ASN1CompilerError("unexpected character '\(String(UnicodeScalar(c)))'", at: loc)
    }

    func text(range: Range<Int>) -> String {
        String(decoding: scalars[range], as: UTF8.self)
    }
}
