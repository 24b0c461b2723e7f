/// The modules of one compilation with their symbols resolved: assignments by
/// name, integer values, information object classes, objects and object sets
/// (X.681), and parameter bindings of parameterised assignments (X.683).
public final class Compilation {
    public let modules: [ASTModule]
    /// Every assignment by name. Names must be unique across the modules of a compilation.
    public private(set) var assignments: [String: ASTAssignment] = [:]
    /// Assignment names in input order.
    public private(set) var order: [String] = []
    /// Modules whose tagging default is not AUTOMATIC (CHOICE index order then follows tags).
    var classCache: [String: ResolvedClass] = [:]
    var objectSetCache: [String: ResolvedObjectSet] = [:]
    var valueCache: [String: Int128] = [:]
    /// Named object sets being resolved, outermost first (to report a set that contains itself).
    var resolvingObjectSets: [String] = []

    public init(modules: [ASTModule]) throws {
        self.modules = modules
        for module in modules {
            for a in module.assignments {
                if let existing = assignments[a.name] {
                    throw ASN1CompilerError(
                        "\(a.name) is defined twice (also at \(existing.location)); names must be unique across modules",
                        at: a.location)
                }
                assignments[a.name] = a
                order.append(a.name)
            }
        }
        for module in modules {
            for (symbols, from) in module.imports {
                guard let source = modules.first(where: { $0.name == from }) else {
                    throw ASN1CompilerError("module \(module.name) imports from \(from), which is not among the inputs")
                }
                for s in symbols where !provides(source, s, visited: []) {
                    throw ASN1CompilerError("module \(module.name) imports \(s) from \(from), which does not define it")
                }
            }
        }
        try rejectReferenceCycles()
    }

    /// Whether `module` defines `symbol` or imports it from a module that provides it (X.680 13.13 allows re-exporting).
    func provides(_ module: ASTModule, _ symbol: String, visited: Set<String>) -> Bool {
        if module.assignments.contains(where: { $0.name == symbol }) { return true }
        for (symbols, from) in module.imports where symbols.contains(symbol) && !visited.contains(from) {
            if let source = modules.first(where: { $0.name == from }),
                provides(source, symbol, visited: visited.union([module.name]))
            {
                return true
            }
        }
        return false
    }

    // MARK: Cycles

    /// The error for names defined in terms of themselves, first name first.
    static func cyclicError(_ cycle: [String], kind: String = "", at location: SourceLocation?) -> ASN1CompilerError {
        let through = cycle.count > 1 ? " through " + cycle.dropFirst().joined(separator: ", ") : ""
        return ASN1CompilerError("cyclic definition: \(kind)\(cycle[0]) refers to itself\(through)", at: location)
    }

    /// Rejects a type, class or value defined, through plain references, as itself (`A ::= B`, `B ::= A`),
    /// which has no meaning and would send resolution round for ever.
    func rejectReferenceCycles() throws {
        var done: Set<String> = []
        for name in order where !done.contains(name) {
            var path: [String] = []
            var current: String? = name
            while let n = current, !done.contains(n) {
                if let i = path.firstIndex(of: n) {
                    let cycle = Array(path[i...])
                    throw Compilation.cyclicError(cycle, at: assignments[cycle[0]]?.location)
                }
                path.append(n)
                current = referencedName(n)
            }
            done.formUnion(path)
        }
    }

    /// The assignment that `name` is a plain reference to (`A ::= B (constraint)`, `a INTEGER ::= b`), if any.
    func referencedName(_ name: String) -> String? {
        guard let a = assignments[name], a.parameters.isEmpty else { return nil }
        switch a.body {
        case .type(var t):
            while case .constrained(let inner, _) = t { t = inner }
            guard case .reference(_, let target, nil) = t, let b = assignments[target], b.parameters.isEmpty,
                case .type = b.body
            else { return nil }
            return target
        case .value(_, .identifier(let target)), .value(_, .qualified(_, let target)):
            guard let b = assignments[target], case .value = b.body else { return nil }
            return target
        default:
            return nil
        }
    }

    func assignment(_ name: String, at location: SourceLocation? = nil) throws -> ASTAssignment {
        guard let a = assignments[name] else { throw ASN1CompilerError("undefined name \(name)", at: location) }
        return a
    }

    // MARK: Values

    /// The integer a value denotes: a number, a negative number, or a reference to an
    /// integer value assignment or to a value parameter.
    func integer(_ value: ASTValue, env: Environment, at location: SourceLocation? = nil) throws -> Int128 {
        switch value {
        case .number(let text):
            guard let v = Int128(text) else { throw ASN1CompilerError("number \(text) out of range", at: location) }
            return v
        case .negative(let text):
            guard let v = Int128(text) else { throw ASN1CompilerError("number -\(text) out of range", at: location) }
            return -v
        case .identifier(let name), .qualified(_, let name):
            if let bound = env.bindings[name] {
                switch bound {
                case .value(let v, let e): return try integer(v, env: e, at: location)
                case .argument(.value(let v), let e): return try integer(v, env: e, at: location)
                case .argument(.word(let w), let e): return try integer(.identifier(w), env: e, at: location)
                default: throw ASN1CompilerError("parameter \(name) is not a value", at: location)
                }
            }
            if let cached = valueCache[name] { return cached }
            let a = try assignment(name, at: location)
            guard case .value(_, let v) = a.body else {
                throw ASN1CompilerError("\(name) is not an integer value", at: location)
            }
            let result = try integer(v, env: Environment(), at: a.location)
            valueCache[name] = result
            return result
        default:
            throw ASN1CompilerError("expected an integer value", at: location)
        }
    }

    /// The identifier of a value that names something (an ENUMERATED item), or nil.
    func identifier(_ value: ASTValue) -> String? {
        if case .identifier(let name) = value { return name }
        return nil
    }

    // MARK: Classes

    func resolveClass(_ name: String, at location: SourceLocation? = nil) throws -> ResolvedClass {
        if let c = classCache[name] { return c }
        let a = try assignment(name, at: location)
        let resolved: ResolvedClass
        switch a.body {
        case .objectClass(let c):
            resolved = ResolvedClass(name: name, definition: c)
        case .type(.reference(_, let other, nil)):
            // CLASS-B ::= CLASS-A
            resolved = try resolveClass(other, at: a.location)
        default:
            throw ASN1CompilerError("\(name) is not an information object class", at: location)
        }
        classCache[name] = resolved
        return resolved
    }

    func isClass(_ name: String) -> Bool {
        guard let a = assignments[name] else { return false }
        if case .objectClass = a.body { return true }
        if case .type(.reference(_, let other, nil)) = a.body, Parser.isAllCaps(name) { return isClass(other) }
        return false
    }

    // MARK: Object sets

    /// The object set named `name` (an assignment or a bound parameter).
    func objectSet(named name: String, env: Environment, at location: SourceLocation?) throws -> ResolvedObjectSet {
        if let bound = env.bindings[name] {
            switch bound {
            case .objectSet(let set): return set
            default: throw ASN1CompilerError("parameter \(name) is not an object set", at: location)
            }
        }
        if let cached = objectSetCache[name] { return cached }
        let a = try assignment(name, at: location)
        guard case .governed(.reference(_, let className, _), let tokens) = a.body, isClass(className) else {
            throw ASN1CompilerError("\(name) is not an object set", at: location)
        }
        if let i = resolvingObjectSets.firstIndex(of: name) {
            throw Compilation.cyclicError(Array(resolvingObjectSets[i...]), kind: "object set ", at: a.location)
        }
        resolvingObjectSets.append(name)
        defer { resolvingObjectSets.removeLast() }
        var set = try objectSet(tokens: tokens, className: className, env: Environment(), location: a.location)
        set.name = name
        objectSetCache[name] = set
        return set
    }

    /// An object set written as the tokens inside its braces: elements separated by
    /// `|` (or UNION), with an optional `...` and additions.
    func objectSet(tokens: [Token], className: String, env: Environment, location: SourceLocation?) throws
        -> ResolvedObjectSet
    {
        let cls = try resolveClass(className, at: location)
        var set = ResolvedObjectSet(name: nil, className: className, objects: [], extensible: false)
        var i = 0
        var onlyReference: String? = nil
        var elementCount = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.isSymbol("|") || t.isSymbol(",") || t.isWord("UNION") {
                i += 1
                continue
            }
            if t.isSymbol("...") {
                set.extensible = true
                i += 1
                continue
            }
            elementCount += 1
            if t.isSymbol("{") {
                var depth = 0
                var j = i
                repeat {
                    if tokens[j].isSymbol("{") { depth += 1 }
                    if tokens[j].isSymbol("}") { depth -= 1 }
                    j += 1
                } while depth > 0 && j < tokens.count
                let inner = Array(tokens[(i + 1)..<(j - 1)])
                set.objects.append(try object(tokens: inner, cls: cls, name: nil, env: env, location: t.location))
                i = j
                continue
            }
            guard t.kind == .word else { throw ASN1CompilerError("unexpected '\(t.text)' in an object set", at: t.location) }
            i += 1
            if Parser.startsUpper(t.text) {
                let other = try objectSet(named: t.text, env: env, at: t.location)
                set.objects.append(contentsOf: other.objects)
                // An anonymous set passed as a parameter stays anonymous (the parameter's name is no set's name).
                onlyReference = other.name
            } else {
                set.objects.append(try object(named: t.text, cls: cls, env: env, at: t.location))
            }
        }
        if elementCount == 1, let onlyReference { set.name = onlyReference }
        try checkUnique(set, cls: cls)
        return set
    }

    /// X.681 10.13: objects of one set that share the value of the class's UNIQUE field must be the same
    /// object; the same object listed twice is fine.
    func checkUnique(_ set: ResolvedObjectSet, cls: ResolvedClass) throws {
        guard let unique = cls.uniqueField else { return }
        var seen: [String: String] = [:]
        for object in set.objects {
            guard case .value(let v)? = object.settings[unique.name] else { continue }
            let key = (try? integer(v, env: object.env)).map { String($0) } ?? String(reflecting: v)
            let settings = settingsDescription(object)
            if let previous = seen[key] {
                guard previous == settings else {
                    throw ASN1CompilerError(
                        "two different objects have \(unique.name) \(key), but \(unique.name) is UNIQUE in class \(cls.name)",
                        at: object.location)
                }
            } else {
                seen[key] = settings
            }
        }
    }

    /// The settings of an object as text, to tell whether two objects are the same.
    func settingsDescription(_ object: ResolvedObject) -> String {
        object.settings.keys.sorted().map { field in
            switch object.settings[field]! {
            case .type(let t): return field + " " + String(reflecting: t)
            case .value(let v):
                if let n = try? integer(v, env: object.env) { return field + " " + String(n) }
                return field + " " + String(reflecting: v)
            case .other(let tokens): return field + " " + tokens.map(\.text).joined(separator: " ")
            }
        }.joined(separator: "; ")
    }

    func object(named name: String, cls: ResolvedClass, env: Environment, at location: SourceLocation?) throws
        -> ResolvedObject
    {
        let a = try assignment(name, at: location)
        guard case .governed(_, let tokens) = a.body else {
            throw ASN1CompilerError("\(name) is not an information object", at: location)
        }
        return try object(tokens: tokens, cls: cls, name: name, env: Environment(), location: a.location)
    }

    /// Parses an object definition in its class's syntax (WITH SYNTAX, or the default `&field setting, ...`).
    func object(tokens: [Token], cls: ResolvedClass, name: String?, env: Environment, location: SourceLocation?)
        throws -> ResolvedObject
    {
        var parser = Parser(tokens: tokens, file: location?.file ?? "")
        var obj = ResolvedObject(name: name, settings: [:], env: env, location: location)
        if let syntax = cls.definition.syntax {
            try parseSyntax(syntax, parser: &parser, cls: cls, into: &obj, optional: false)
        } else {
            while !parser.atEnd {
                guard let t = parser.current, t.kind == .fieldReference else { throw parser.error("expected a field") }
                parser.index += 1
                try parseSetting(field: t.text, parser: &parser, cls: cls, into: &obj)
                _ = parser.accept(symbol: ",")
            }
        }
        guard parser.atEnd else { throw parser.error("unexpected text in object definition") }
        // Defaults of the class.
        for f in cls.definition.fields where obj.settings[f.name] == nil {
            if let v = f.defaultValue { obj.settings[f.name] = .value(v) }
            if let t = f.defaultType { obj.settings[f.name] = .type(t) }
        }
        return obj
    }

    /// Returns false (consuming nothing) when an optional group does not match.
    @discardableResult
    func parseSyntax(
        _ elements: [ASTClass.SyntaxElement], parser: inout Parser, cls: ResolvedClass, into obj: inout ResolvedObject,
        optional: Bool
    ) throws -> Bool {
        for (n, element) in elements.enumerated() {
            switch element {
            case .literal(let word):
                let matches = word == "," ? parser.isSymbol(",") : parser.isWord(word)
                if !matches {
                    if optional && n == 0 { return false }
                    throw parser.error("expected \(word)")
                }
                parser.index += 1
            case .field(let field):
                try parseSetting(field: field, parser: &parser, cls: cls, into: &obj)
            case .optionalGroup(let group):
                if !parser.atEnd {
                    try parseSyntax(group, parser: &parser, cls: cls, into: &obj, optional: true)
                }
            }
        }
        return true
    }

    func parseSetting(field: String, parser: inout Parser, cls: ResolvedClass, into obj: inout ResolvedObject) throws {
        guard let f = cls.field(field) else { throw parser.error("class \(cls.name) has no field \(field)") }
        switch f.kind {
        case .type:
            obj.settings[field] = .type(try parser.parseType())
        case .fixedTypeValue:
            obj.settings[field] = .value(try parser.parseValue())
        case .other:
            if parser.isSymbol("{") {
                obj.settings[field] = .other(try parser.bracedTokens())
            } else {
                obj.settings[field] = .other([try parser.take()])
            }
        }
    }
}

/// Parameter bindings in force while a parameterised assignment is expanded.
public struct Environment: Sendable {
    public enum Binding: Sendable {
        case type(ASTType, Environment)
        case value(ASTValue, Environment)
        case objectSet(ResolvedObjectSet)
        /// An actual parameter whose meaning is decided where it is used.
        case argument(ASTArgument, Environment)
    }
    public var bindings: [String: Binding] = [:]
    public init() {}
}

/// An information object class with its fields by name.
public struct ResolvedClass: Sendable {
    public var name: String
    public var definition: ASTClass

    func field(_ name: String) -> ASTClass.Field? { definition.fields.first { $0.name == name } }

    /// The field marked UNIQUE (the one open types are selected by).
    var uniqueField: ASTClass.Field? { definition.fields.first { $0.unique } }
}

/// An information object: the settings of its class's fields.
public struct ResolvedObject: Sendable {
    public enum Setting: Sendable {
        case type(ASTType)
        case value(ASTValue)
        case other([Token])
    }
    public var name: String?
    public var settings: [String: Setting]
    /// Bindings in force where the object was written.
    public var env: Environment
    public var location: SourceLocation?
}

/// An object set, flattened.
public struct ResolvedObjectSet: Sendable {
    /// The assignment name when the set is one named set.
    public var name: String?
    public var className: String
    public var objects: [ResolvedObject]
    public var extensible: Bool
}
