/// A recursive-descent parser for the ASN.1 that 3GPP application protocols use:
/// modules with IMPORTS, type and value assignments, parameterised assignments,
/// information object classes (WITH SYNTAX), objects and object sets (kept as
/// tokens for the resolver), constraints including table constraints.
public struct Parser {
    var tokens: [Token]
    var index = 0
    let file: String

    public init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    /// Parses every module in an ASN.1 source text.
    public static func parse(_ text: String, file: String) throws -> [ASTModule] {
        var parser = Parser(tokens: try Lexer.tokenize(text, file: file), file: file)
        var modules: [ASTModule] = []
        while !parser.atEnd { modules.append(try parser.parseModule()) }
        return modules
    }

    // MARK: Token helpers

    var atEnd: Bool { index >= tokens.count }
    var current: Token? { index < tokens.count ? tokens[index] : nil }
    func peek(_ offset: Int) -> Token? { index + offset < tokens.count ? tokens[index + offset] : nil }
    var location: SourceLocation? { current?.location ?? tokens.last?.location }

    func error(_ message: String) -> ASN1CompilerError {
        ASN1CompilerError(message + (current.map { " (found '\($0.text)')" } ?? " (found end of file)"), at: location)
    }

    mutating func take() throws -> Token {
        guard let t = current else { throw error("unexpected end of file") }
        index += 1
        return t
    }

    func isSymbol(_ s: String, at offset: Int = 0) -> Bool { peek(offset)?.isSymbol(s) ?? false }
    func isWord(_ w: String, at offset: Int = 0) -> Bool { peek(offset)?.isWord(w) ?? false }

    mutating func accept(symbol s: String) -> Bool {
        if isSymbol(s) {
            index += 1
            return true
        }
        return false
    }

    mutating func accept(word w: String) -> Bool {
        if isWord(w) {
            index += 1
            return true
        }
        return false
    }

    mutating func expect(symbol s: String) throws {
        guard accept(symbol: s) else { throw error("expected '\(s)'") }
    }

    mutating func expect(word w: String) throws {
        guard accept(word: w) else { throw error("expected \(w)") }
    }

    mutating func word() throws -> String {
        guard let t = current, t.kind == .word else { throw error("expected a name") }
        index += 1
        return t.text
    }

    /// Tokens inside balanced braces; `current` must be `{`. Consumes the closing brace.
    mutating func bracedTokens() throws -> [Token] {
        try expect(symbol: "{")
        var depth = 1
        var out: [Token] = []
        while true {
            let t = try take()
            if t.isSymbol("{") { depth += 1 }
            if t.isSymbol("}") {
                depth -= 1
                if depth == 0 { return out }
            }
            out.append(t)
        }
    }

    /// Skips a balanced group opened by the current token (`(` `{` or `[`).
    mutating func skipBalanced() throws {
        let open = try take()
        let close = open.text == "(" ? ")" : open.text == "{" ? "}" : "]"
        var depth = 1
        while depth > 0 {
            let t = try take()
            if t.isSymbol(open.text) { depth += 1 }
            if t.isSymbol(close) { depth -= 1 }
        }
    }

    /// Skips to the `)` that closes the constraint being read, stepping over balanced groups.
    mutating func skipToClosingParenthesis() throws {
        while !isSymbol(")") {
            guard !atEnd else { throw error("expected ')'") }
            if isSymbol("(") || isSymbol("{") { try skipBalanced() } else { index += 1 }
        }
    }

    static func startsUpper(_ s: String) -> Bool { s.first.map { $0.isUppercase } ?? false }

    /// X.681: an object class reference is upper-case letters, digits and hyphens.
    static func isAllCaps(_ s: String) -> Bool {
        s.contains { $0.isLetter } && !s.contains { $0.isLowercase }
    }

    // MARK: Modules

    mutating func parseModule() throws -> ASTModule {
        let name = try word()
        if isSymbol("{") { _ = try bracedTokens() }
        try expect(word: "DEFINITIONS")
        while let t = current, !t.isSymbol("::=") { index += 1 }
        try expect(symbol: "::=")
        try expect(word: "BEGIN")
        var imports: [(symbols: [String], module: String)] = []
        var assignments: [ASTAssignment] = []
        if accept(word: "EXPORTS") {
            while !accept(symbol: ";") { _ = try take() }
        }
        if accept(word: "IMPORTS") {
            var symbols: [String] = []
            while !accept(symbol: ";") {
                symbols.append(try word())
                if isSymbol("{"), isSymbol("}", at: 1) { index += 2 }
                if accept(word: "FROM") {
                    let from = try word()
                    if isSymbol("{") { _ = try bracedTokens() }
                    imports.append((symbols, from))
                    symbols = []
                    continue
                }
                _ = accept(symbol: ",")
            }
        }
        while !isWord("END") {
            guard !atEnd else { throw error("missing END of module \(name)") }
            assignments.append(try parseAssignment(module: name))
        }
        try expect(word: "END")
        return ASTModule(name: name, file: file, imports: imports, assignments: assignments)
    }

    // MARK: Assignments

    mutating func parseAssignment(module: String) throws -> ASTAssignment {
        let start = current!
        let name = try word()
        var parameters: [ASTParameter] = []
        if isSymbol("{") { parameters = try parseParameters() }
        if accept(symbol: "::=") {
            if accept(word: "CLASS") {
                return ASTAssignment(
                    name: name, parameters: parameters, body: .objectClass(try parseClassBody()),
                    location: start.location, module: module)
            }
            return ASTAssignment(
                name: name, parameters: parameters, body: .type(try parseType()), location: start.location,
                module: module)
        }
        let governor = try parseType()
        try expect(symbol: "::=")
        if isSymbol("{") {
            return ASTAssignment(
                name: name, parameters: parameters, body: .governed(governor: governor, tokens: try bracedTokens()),
                location: start.location, module: module)
        }
        return ASTAssignment(
            name: name, parameters: parameters, body: .value(governor: governor, value: try parseValue()),
            location: start.location, module: module)
    }

    mutating func parseParameters() throws -> [ASTParameter] {
        try expect(symbol: "{")
        var out: [ASTParameter] = []
        repeat {
            // `Governor : Name` or `Name`
            let save = index
            let first = try parseType()
            if accept(symbol: ":") {
                out.append(ASTParameter(governor: first, name: try word()))
            } else {
                index = save
                out.append(ASTParameter(governor: nil, name: try word()))
            }
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return out
    }

    // MARK: Classes

    mutating func parseClassBody() throws -> ASTClass {
        try expect(symbol: "{")
        var fields: [ASTClass.Field] = []
        while !accept(symbol: "}") {
            guard let t = current, t.kind == .fieldReference else { throw error("expected a field of the class") }
            index += 1
            let fieldName = t.text
            var kind = ASTClass.Field.Kind.type
            if !(isSymbol(",") || isSymbol("}") || isWord("OPTIONAL") || isWord("DEFAULT")) {
                let type = try parseType()
                let lowerField = fieldName.dropFirst().first.map { $0.isLowercase } ?? false
                kind = lowerField ? .fixedTypeValue(type) : .other
            }
            var field = ASTClass.Field(
                name: fieldName, kind: kind, unique: false, optional: false, defaultValue: nil, defaultType: nil)
            while true {
                if accept(word: "UNIQUE") {
                    field.unique = true
                } else if accept(word: "OPTIONAL") {
                    field.optional = true
                } else if accept(word: "DEFAULT") {
                    if case .type = kind { field.defaultType = try parseType() } else { field.defaultValue = try parseValue() }
                    field.optional = true
                } else {
                    break
                }
            }
            fields.append(field)
            _ = accept(symbol: ",")
        }
        var syntax: [ASTClass.SyntaxElement]? = nil
        if accept(word: "WITH") {
            try expect(word: "SYNTAX")
            try expect(symbol: "{")
            syntax = try parseSyntaxList(until: "}")
        }
        return ASTClass(fields: fields, syntax: syntax)
    }

    mutating func parseSyntaxList(until close: String) throws -> [ASTClass.SyntaxElement] {
        var out: [ASTClass.SyntaxElement] = []
        while !accept(symbol: close) {
            let t = try take()
            if t.isSymbol("[") {
                out.append(.optionalGroup(try parseSyntaxList(until: "]")))
            } else if t.kind == .fieldReference {
                out.append(.field(t.text))
            } else {
                out.append(.literal(t.text))
            }
        }
        return out
    }

    // MARK: Types

    static let characterStringTypes: Set<String> = [
        "PrintableString", "VisibleString", "IA5String", "UTF8String", "NumericString", "BMPString",
        "UniversalString", "TeletexString", "T61String", "GraphicString", "GeneralString", "ISO646String",
        "VideotexString", "ObjectDescriptor", "GeneralizedTime", "UTCTime",
    ]

    mutating func parseType() throws -> ASTType {
        var type = try parseUnconstrainedType()
        while isSymbol("(") {
            type = .constrained(type, try parseConstraint())
        }
        return type
    }

    mutating func skipTag() throws {
        // [APPLICATION 1] IMPLICIT / EXPLICIT
        try skipBalanced()
        _ = accept(word: "IMPLICIT") || accept(word: "EXPLICIT")
    }

    mutating func parseUnconstrainedType() throws -> ASTType {
        if isSymbol("[") && !isSymbol("[[") {
            try skipTag()
            return try parseType()
        }
        guard let t = current, t.kind == .word else { throw error("expected a type") }
        switch t.text {
        case "BOOLEAN":
            index += 1
            return .boolean
        case "NULL":
            index += 1
            return .null
        case "REAL":
            index += 1
            return .real
        case "INTEGER":
            index += 1
            return .integer(namedNumbers: isSymbol("{") ? try parseNamedNumbers() : [])
        case "ENUMERATED":
            index += 1
            return .enumerated(try parseEnumeration())
        case "BIT":
            index += 1
            try expect(word: "STRING")
            return .bitString(namedBits: isSymbol("{") ? try parseNamedNumbers() : [])
        case "OCTET":
            index += 1
            try expect(word: "STRING")
            return .octetString
        case "OBJECT":
            index += 1
            try expect(word: "IDENTIFIER")
            return .objectIdentifier
        case "CHOICE":
            index += 1
            return .choice(try parseComponentList(choice: true))
        case "SEQUENCE", "SET":
            index += 1
            let isSet = t.text == "SET"
            var size: ASTConstraint? = nil
            if isWord("SIZE") {
                index += 1
                size = try parseConstraint()
                size = .elements(root: .size(size!), extensible: false, additions: nil)
            } else if isSymbol("("), isWord("SIZE", at: 1) {
                size = try parseConstraint()
            }
            if accept(word: "OF") {
                var elementName: String? = nil
                if let n = current, n.kind == .word, !Parser.startsUpper(n.text), peek(1).map({ $0.kind == .word || $0.isSymbol("[") }) == true {
                    elementName = n.text
                    index += 1
                }
                let element = try parseType()
                let collection: ASTType =
                    isSet ? .setOf(element: element, elementName: elementName) : .sequenceOf(element: element, elementName: elementName)
                if let size { return .sizedCollection(collection, size) }
                return collection
            }
            let list = try parseComponentList(choice: false)
            return isSet ? .set(list) : .sequence(list)
        case "ANY", "EXTERNAL", "EMBEDDED", "CHARACTER", "RELATIVE-OID", "TIME", "DATE", "DURATION":
            index += 1
            if t.text == "EMBEDDED" { _ = accept(word: "PDV") }
            if t.text == "CHARACTER" { _ = accept(word: "STRING") }
            if t.text == "ANY", accept(word: "DEFINED") { _ = accept(word: "BY"); _ = try word() }
            return .unsupported(t.text)
        default:
            if Parser.characterStringTypes.contains(t.text) {
                index += 1
                return .characterString(t.text)
            }
            index += 1
            // CLASS.&field
            if isSymbol("."), let f = peek(1), f.kind == .fieldReference {
                index += 2
                var field = f.text
                while isSymbol("."), let g = peek(1), g.kind == .fieldReference {
                    field += "." + g.text
                    index += 2
                }
                return .classField(className: t.text, field: field)
            }
            // Module.Type
            if isSymbol("."), let n = peek(1), n.kind == .word, Parser.startsUpper(n.text) {
                index += 2
                return .reference(module: t.text, name: n.text, arguments: isSymbol("{") ? try parseArguments() : nil)
            }
            return .reference(module: nil, name: t.text, arguments: isSymbol("{") ? try parseArguments() : nil)
        }
    }

    /// Keywords that are a whole built-in type on their own (an actual parameter `{BOOLEAN}` is a type, not a name).
    static let builtinTypeWords: Set<String> = characterStringTypes.union(["BOOLEAN", "NULL", "INTEGER", "REAL"])

    mutating func parseArguments() throws -> [ASTArgument] {
        try expect(symbol: "{")
        var out: [ASTArgument] = []
        if accept(symbol: "}") { return out }
        repeat {
            if isSymbol("{") {
                out.append(.braced(try bracedTokens()))
            } else if let t = current, t.kind == .word, isSymbol(",", at: 1) || isSymbol("}", at: 1),
                !Parser.builtinTypeWords.contains(t.text)
            {
                index += 1
                out.append(.word(t.text))
            } else if let t = current, t.kind == .number || t.isSymbol("-") || t.kind == .cstring
                || t.kind == .bstring || t.kind == .hstring
            {
                out.append(.value(try parseValue()))
            } else {
                out.append(.type(try parseType()))
            }
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return out
    }

    mutating func parseNamedNumbers() throws -> [(String, ASTValue)] {
        try expect(symbol: "{")
        var out: [(String, ASTValue)] = []
        repeat {
            if isSymbol("}") { break }
            let name = try word()
            try expect(symbol: "(")
            let value = try parseValue()
            try expect(symbol: ")")
            out.append((name, value))
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return out
    }

    mutating func parseEnumeration() throws -> ASTEnumeration {
        try expect(symbol: "{")
        var result = ASTEnumeration(root: [], extensible: false, additions: [])
        var inAdditions = false
        repeat {
            if accept(symbol: "...") {
                result.extensible = true
                inAdditions = true
                if isSymbol("!") { _ = try take(); _ = try parseValue() }
                continue
            }
            let name = try word()
            var number: ASTValue? = nil
            if accept(symbol: "(") {
                number = try parseValue()
                try expect(symbol: ")")
            }
            if inAdditions { result.additions.append((name, number)) } else { result.root.append((name, number)) }
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return result
    }

    mutating func parseComponentList(choice: Bool) throws -> ASTComponentList {
        try expect(symbol: "{")
        var list = ASTComponentList(root: [], extensible: false, additions: [], rootTail: [])
        var markers = 0
        if accept(symbol: "}") { return list }
        repeat {
            if accept(symbol: "...") {
                markers += 1
                list.extensible = true
                if accept(symbol: "!") { _ = try parseValue() }
                continue
            }
            if accept(symbol: "[[") {
                var version: String? = nil
                if let t = current, t.kind == .number, isSymbol(":", at: 1) {
                    version = t.text
                    index += 2
                }
                var group: [ASTComponent] = []
                repeat {
                    group.append(try parseComponent(choice: choice))
                } while accept(symbol: ",")
                try expect(symbol: "]]")
                list.additions.append(.group(version: version, group))
                continue
            }
            let component = try parseComponent(choice: choice)
            switch markers {
            case 0: list.root.append(component)
            case 1: list.additions.append(.component(component))
            default: list.rootTail.append(component)
            }
        } while accept(symbol: ",")
        try expect(symbol: "}")
        return list
    }

    mutating func parseComponent(choice: Bool) throws -> ASTComponent {
        if accept(word: "COMPONENTS") {
            try expect(word: "OF")
            return ASTComponent(name: "", type: try parseType(), presence: .required, componentsOf: true)
        }
        let name = try word()
        let type = try parseType()
        var presence = ASTComponent.Presence.required
        if !choice {
            if accept(word: "OPTIONAL") {
                presence = .optional
            } else if accept(word: "DEFAULT") {
                presence = .defaultValue(try parseValue())
            }
        }
        return ASTComponent(name: name, type: type, presence: presence)
    }

    // MARK: Constraints

    mutating func parseConstraint() throws -> ASTConstraint {
        try expect(symbol: "(")
        let constraint = try parseConstraintBody()
        try expect(symbol: ")")
        return constraint
    }

    mutating func parseConstraintBody() throws -> ASTConstraint {
        if accept(word: "CONTAINING") {
            let type = try parseType()
            if accept(word: "ENCODED") {
                try expect(word: "BY")
                _ = try parseValue()
            }
            return .containing(type)
        }
        if isWord("ENCODED") {
            try skipToClosingParenthesis()
            return .other
        }
        if isSymbol("{") {
            // Table constraint: {Set} or {Set}{@a, @.b}
            let setTokens = try bracedTokens()
            guard setTokens.count == 1, setTokens[0].kind == .word else {
                try skipToClosingParenthesis()
                return .other
            }
            var at: [String] = []
            if isSymbol("{") {
                let relation = try bracedTokens()
                var path = ""
                for t in relation {
                    if t.isSymbol(",") {
                        at.append(path)
                        path = ""
                    } else if !t.isSymbol("@") {
                        path += t.text
                    }
                }
                if !path.isEmpty { at.append(path) }
            }
            return .table(objectSet: setTokens[0].text, atNotations: at)
        }
        if isWord("WITH") || isWord("CONSTRAINED") {
            try skipToClosingParenthesis()
            return .other
        }
        var root: ASTElementSet = .all
        var extensible = false
        var additions: ASTElementSet? = nil
        if accept(symbol: "...") {
            extensible = true
        } else {
            root = try parseElementSet()
            if accept(symbol: ",") {
                try expect(symbol: "...")
                extensible = true
            }
        }
        if extensible, accept(symbol: ",") { additions = try parseElementSet() }
        return .elements(root: root, extensible: extensible, additions: additions)
    }

    mutating func parseElementSet() throws -> ASTElementSet {
        var unions: [ASTElementSet] = [try parseIntersections()]
        while accept(symbol: "|") || accept(word: "UNION") { unions.append(try parseIntersections()) }
        if accept(word: "EXCEPT") {
            _ = try parseElement()
            return .other
        }
        return unions.count == 1 ? unions[0] : .union(unions)
    }

    mutating func parseIntersections() throws -> ASTElementSet {
        var parts: [ASTElementSet] = [try parseElement()]
        while accept(symbol: "^") || accept(word: "INTERSECTION") { parts.append(try parseElement()) }
        return parts.count == 1 ? parts[0] : .intersection(parts)
    }

    mutating func parseElement() throws -> ASTElementSet {
        if accept(word: "SIZE") { return .size(try parseConstraint()) }
        if accept(word: "FROM") { return .from(try parseConstraint()) }
        if accept(word: "ALL") {
            if accept(word: "EXCEPT") { _ = try parseElement() }
            return .other
        }
        if accept(word: "INCLUDES") {
            let t = try parseType()
            if case .reference(_, let name, _) = t { return .reference(name) }
            return .other
        }
        if isWord("WITH") || isWord("PATTERN") {
            index += 1
            if isWord("COMPONENT") || isWord("COMPONENTS") { index += 1 }
            if isSymbol("(") || isSymbol("{") { try skipBalanced() } else { _ = try take() }
            return .other
        }
        if isSymbol("(") {
            index += 1
            let inner = try parseElementSet()
            if accept(symbol: ",") { try expect(symbol: "...") }
            try expect(symbol: ")")
            return inner
        }
        if let t = current, t.kind == .word, Parser.startsUpper(t.text), !["MIN", "MAX", "TRUE", "FALSE", "NULL"].contains(t.text)
        {
            index += 1
            return .reference(t.text)
        }
        let lower = try parseBound()
        if accept(symbol: "<") {
            try expect(symbol: "..")
            return .range(lower: .exclusive(lower), upper: try parseUpperBound())
        }
        if accept(symbol: "..") { return .range(lower: lower, upper: try parseUpperBound()) }
        guard case .value(let v) = lower else { throw error("MIN or MAX outside a range") }
        return .singleValue(v)
    }

    mutating func parseUpperBound() throws -> ASTBound {
        if accept(symbol: "<") { return .exclusive(try parseBound()) }
        return try parseBound()
    }

    mutating func parseBound() throws -> ASTBound {
        if accept(word: "MIN") { return .min }
        if accept(word: "MAX") { return .max }
        return .value(try parseValue())
    }

    // MARK: Values

    mutating func parseValue() throws -> ASTValue {
        guard let t = current else { throw error("expected a value") }
        switch t.kind {
        case .number:
            index += 1
            if isSymbol("."), let f = peek(1), f.kind == .number {
                index += 2
                return .real(t.text + "." + f.text)
            }
            return .number(t.text)
        case .cstring:
            index += 1
            return .cstring(t.text)
        case .bstring:
            index += 1
            return .bstring(t.text)
        case .hstring:
            index += 1
            return .hstring(t.text)
        case .symbol where t.text == "-":
            index += 1
            let n = try take()
            guard n.kind == .number else { throw error("expected a number after '-'") }
            return .negative(n.text)
        case .symbol where t.text == "{":
            return .braced(try bracedTokens())
        case .word:
            index += 1
            switch t.text {
            case "TRUE": return .boolean(true)
            case "FALSE": return .boolean(false)
            case "NULL": return .null
            default:
                if isSymbol("."), let n = peek(1), n.kind == .word {
                    index += 2
                    return .qualified(module: t.text, name: n.text)
                }
                return .identifier(t.text)
            }
        default:
            throw error("expected a value")
        }
    }
}
