/// Turns the resolved ASN.1 into the emitter's model: a Swift type for every type
/// assignment, for every anonymous SEQUENCE/CHOICE/ENUMERATED (nested in its
/// parent), for every instance of a parameterised type that needs one, and for
/// every open type selected from an object set.
public final class Lowering {
    let compilation: Compilation
    /// Top-level types in output order.
    public private(set) var types: [GenType] = []
    var byASN1Name: [String: GenType] = [:]
    var instances: [String: GenType] = [:]
    /// The last number `instanceSerial()` gave.
    var serial = 0
    /// Parameterised types being expanded in place (not as a named instance), by instance key, outermost first.
    var expandingInPlace: [(key: String, name: String)] = []
    var topLevelSwiftNames: Set<String> = []
    /// Object sets that open types were built from, in first-use order.
    public private(set) var usedObjectSets: [ResolvedObjectSet] = []
    var usedObjectSetNames: Set<String> = []
    /// Value assignments in input order: (name, governor type, value).
    public private(set) var values: [(name: String, governor: ValueType?, value: Int128, module: String)] = []

    /// Swift names chosen for ASN.1 type assignments (an overlay's `rename` and `map`), by ASN.1 name.
    public var renames: [String: String] = [:]

    public init(_ compilation: Compilation) {
        self.compilation = compilation
    }

    /// A lowering with the names an overlay chooses.
    public convenience init(_ compilation: Compilation, overlay: Overlay) {
        self.init(compilation)
        for e in overlay.renames + overlay.handWritten { renames[e.asn1Name] = e.value }
    }

    /// Where a type is being lowered: the type that will hold nested types, and
    /// the name a nested type made here would take.
    struct Context {
        var parent: GenType?
        var nestedName: String
        var asn1Path: String
        var module: String
        var location: SourceLocation?
        /// The components lowered so far in the enclosing SEQUENCE (for table constraints).
        var siblings: [GenField] = []
    }

    /// Lowers every non-parameterised type assignment, then every value assignment.
    public func run() throws {
        for name in compilation.order {
            guard let a = compilation.assignments[name], a.parameters.isEmpty, case .type = a.body,
                !Parser.isAllCaps(name) || !compilation.isClass(name)
            else { continue }
            let swift = uniqueTopLevel(renames[name] ?? Naming.typeName(name))
            let shell = GenType(swiftName: swift, asn1Name: name, kind: .alias(""), module: a.module, location: a.location)
            byASN1Name[name] = shell
            types.append(shell)
        }
        for shell in types {
            let a = compilation.assignments[shell.asn1Name]!
            guard case .type(let ast) = a.body else { continue }
            let ctx = Context(parent: shell, nestedName: "", asn1Path: shell.asn1Name, module: a.module, location: a.location)
            shell.kind = try kindForDefinition(ast, env: Environment(), ctx: ctx, owner: shell)
        }
        for name in compilation.order {
            guard let a = compilation.assignments[name], a.parameters.isEmpty, case .value(let governor, let v) = a.body
            else { continue }
            guard let number = try? compilation.integer(v, env: Environment(), at: a.location) else { continue }
            var type: ValueType? = nil
            if case .reference(_, let g, nil) = governor, byASN1Name[g] != nil { type = .named(byASN1Name[g]!.swiftName, asn1: g) }
            values.append((name, type, number, a.module))
        }
        // Object sets are emitted as data even when no open type uses them, so each must resolve.
        for name in compilation.order {
            guard let a = compilation.assignments[name], a.parameters.isEmpty,
                case .governed(.reference(_, let className, _), _) = a.body, Parser.startsUpper(name),
                compilation.isClass(className)
            else { continue }
            _ = try compilation.objectSet(named: name, env: Environment(), at: a.location)
        }
    }

    func uniqueTopLevel(_ base: String) -> String {
        var name = base
        while topLevelSwiftNames.contains(name) { name += "_" }
        topLevelSwiftNames.insert(name)
        return name
    }

    // MARK: Definitions of named types

    /// The kind of a named type defined as `ast`.
    func kindForDefinition(_ ast: ASTType, env: Environment, ctx: Context, owner: GenType) throws -> GenType.Kind {
        let (base, constraints, baseEnv) = try strip(ast, env: env)
        switch base {
        case .sequence(let list), .set(let list):
            return .sequence(try sequence(list, env: baseEnv, owner: owner, ctx: ctx))
        case .choice(let list):
            return .choice(try choice(list, env: baseEnv, owner: owner, ctx: ctx))
        case .enumerated(let e):
            return .enumerated(try enumerated(e, env: baseEnv, ctx: ctx))
        default:
            let value = try lowerValue(ast, env: env, ctx: ctx)
            if case .named(let target, _) = value, constraints.allSatisfy({ !perVisible($0) }) {
                return .alias(target)
            }
            return .wrapper(value)
        }
    }

    /// Peels constraints and resolves type parameters to find the built-in type or reference underneath.
    func strip(_ ast: ASTType, env: Environment) throws -> (ASTType, [ASTConstraint], Environment) {
        var constraints: [ASTConstraint] = []
        var t = ast
        var e = env
        while true {
            switch t {
            case .constrained(let inner, let c):
                constraints.insert(c, at: 0)
                t = inner
            case .reference(nil, let name, nil) where e.bindings[name] != nil:
                switch e.bindings[name]! {
                case .type(let bound, let boundEnv):
                    t = bound
                    e = boundEnv
                case .argument(.type(let bound), let boundEnv):
                    t = bound
                    e = boundEnv
                case .argument(.word(let w), let boundEnv):
                    t = .reference(module: nil, name: w, arguments: nil)
                    e = boundEnv
                default:
                    return (t, constraints, e)
                }
            default:
                return (t, constraints, e)
            }
        }
    }

    func perVisible(_ c: ASTConstraint) -> Bool {
        switch c {
        case .elements, .containing: return true
        case .table, .other: return false
        }
    }

    // MARK: Values

    /// How a value of type `ast` is represented where it is used.
    func lowerValue(_ ast: ASTType, env: Environment, ctx: Context, extra: [ASTConstraint] = []) throws -> ValueType {
        switch ast {
        case .constrained(let inner, let c):
            return try lowerValue(inner, env: env, ctx: ctx, extra: [c] + extra)
        case .boolean:
            return .boolean
        case .null:
            return .null
        case .real:
            throw ASN1CompilerError("REAL is not supported", at: ctx.location)
        case .integer:
            return .integer(try integerConstraint(extra, env: env, ctx: ctx))
        case .enumerated, .sequence, .set, .choice:
            return try nestedType(ast, env: env, ctx: ctx)
        case .bitString, .octetString:
            let isBits: Bool
            if case .bitString = ast { isBits = true } else { isBits = false }
            let size = try sizeConstraint(extra, env: env, ctx: ctx)
            for c in extra {
                if case .containing(let innerAST) = c {
                    var innerCtx = ctx
                    innerCtx.nestedName = ctx.nestedName + "Contained"
                    let inner = try lowerValue(innerAST, env: env, ctx: innerCtx)
                    return .containing(outerIsBitString: isBits, size: size, inner: inner, innerASN1: containedName(innerAST, inner))
                }
            }
            return isBits ? .bitString(size) : .octetString(size)
        case .characterString(let kind):
            return try characterString(kind, extra, env: env, ctx: ctx)
        case .objectIdentifier:
            return .objectIdentifier
        case .sequenceOf(let element, _), .setOf(let element, _):
            return try list(element, size: try sizeConstraint(extra, env: env, ctx: ctx), env: env, ctx: ctx)
        case .sizedCollection(let collection, let sizeConstraint):
            return try lowerValue(collection, env: env, ctx: ctx, extra: [sizeConstraint] + extra)
        case .reference(let module, let name, let arguments):
            if module == nil, arguments == nil, let bound = env.bindings[name] {
                switch bound {
                case .type(let t, let e), .argument(.type(let t), let e):
                    return try lowerValue(t, env: e, ctx: ctx, extra: extra)
                case .argument(.word(let w), let e):
                    return try lowerValue(.reference(module: nil, name: w, arguments: nil), env: e, ctx: ctx, extra: extra)
                default:
                    throw ASN1CompilerError("parameter \(name) is not a type", at: ctx.location)
                }
            }
            if let arguments {
                return try instantiate(name, arguments: arguments, env: env, ctx: ctx, extra: extra)
            }
            let a = try compilation.assignment(name, at: ctx.location)
            guard case .type(let definition) = a.body, a.parameters.isEmpty else {
                throw ASN1CompilerError("\(name) is not a type", at: ctx.location)
            }
            if extra.contains(where: perVisible), try underlyingIsSimple(definition) {
                // Extra PER-visible constraints at the point of use: code it inline.
                var inlineCtx = ctx
                inlineCtx.location = a.location
                return try lowerValue(definition, env: Environment(), ctx: inlineCtx, extra: extra)
            }
            guard let named = byASN1Name[name] else { throw ASN1CompilerError("\(name) is not a type", at: ctx.location) }
            return .named(named.swiftName, asn1: name)
        case .classField(let className, let field):
            return try classField(className, field: field, extra: extra, env: env, ctx: ctx)
        case .unsupported(let what):
            throw ASN1CompilerError("\(what) is not supported", at: ctx.location)
        }
    }

    func underlyingIsSimple(_ ast: ASTType) throws -> Bool {
        let (base, _, _) = try strip(ast, env: Environment())
        switch base {
        case .sequence, .set, .choice, .enumerated: return false
        case .reference(_, let name, nil):
            guard let a = compilation.assignments[name], case .type(let t) = a.body else { return false }
            return try underlyingIsSimple(t)
        default: return true
        }
    }

    func containedName(_ ast: ASTType, _ value: ValueType) -> String {
        if case .reference(_, let name, _) = ast { return name }
        return value.asn1Name
    }

    func list(_ element: ASTType, size: SizeConstraint, env: Environment, ctx: Context) throws -> ValueType {
        var elementCtx = ctx
        elementCtx.nestedName = ctx.nestedName + "Item"
        elementCtx.asn1Path = ctx.asn1Path + "[]"
        return .list(element: try lowerValue(element, env: env, ctx: elementCtx), size: size)
    }

    /// An anonymous SEQUENCE, CHOICE or ENUMERATED becomes a type nested in the context's parent.
    func nestedType(_ ast: ASTType, env: Environment, ctx: Context) throws -> ValueType {
        guard let parent = ctx.parent else {
            throw ASN1CompilerError("anonymous structured type outside any named type", at: ctx.location)
        }
        var local = Naming.nestedTypeName(ctx.nestedName.isEmpty ? "Value" : ctx.nestedName)
        if Naming.reservedTypeNames.contains(local) || topLevelSwiftNames.contains(local) { local += "_" }
        while parent.nested.contains(where: { $0.localName == local }) || local == parent.localName { local += "_" }
        let type = GenType(
            swiftName: parent.swiftName + "." + local, asn1Name: ctx.asn1Path, kind: .alias(""), module: ctx.module,
            location: ctx.location)
        parent.nested.append(type)
        var inner = ctx
        inner.parent = type
        inner.siblings = []
        type.kind = try kindForDefinition(ast, env: env, ctx: inner, owner: type)
        return .named(type.swiftName, asn1: ctx.asn1Path)
    }

    // MARK: Structured types

    func sequence(_ list: ASTComponentList, env: Environment, owner: GenType, ctx: Context) throws -> GenSequence {
        var result = GenSequence(root: [], extensible: list.extensible, additions: [], additionIsGroup: [])
        var used: Set<String> = []
        func field(_ c: ASTComponent, optional: Bool, addition: Int?) throws -> GenField {
            var swift = Naming.memberName(c.name)
            while used.contains(swift) { swift += "_" }
            used.insert(swift)
            var fieldCtx = ctx
            fieldCtx.parent = owner
            fieldCtx.nestedName = c.name
            fieldCtx.asn1Path = ctx.asn1Path + "." + c.name
            fieldCtx.siblings = result.root + result.additions.flatMap { $0 }
            let type = try lowerValue(c.type, env: env, ctx: fieldCtx)
            var f = GenField(asn1Name: c.name, swiftName: swift, type: type, optional: optional, additionIndex: addition)
            f.tableRelation = tableRelation(c.type)
            return f
        }
        for c in try expandComponentsOf(list.root + list.rootTail, env: env, ctx: ctx, including: [owner.asn1Name]) {
            var isOptional = false
            if case .optional = c.presence { isOptional = true }
            if case .defaultValue = c.presence { isOptional = true }
            result.root.append(try field(c, optional: isOptional, addition: nil))
        }
        for (i, addition) in list.additions.enumerated() {
            switch addition {
            case .component(let c):
                result.additions.append([try field(c, optional: true, addition: i)])
                result.additionIsGroup.append(false)
            case .group(_, let components):
                var group: [GenField] = []
                for c in components {
                    var f = try field(c, optional: true, addition: i)
                    if case .required = c.presence { f.mandatoryInGroup = true }
                    group.append(f)
                }
                result.additions.append(group)
                result.additionIsGroup.append(true)
            }
        }
        return result
    }

    /// `CLASS.&field ({Set}{@selector})` of a fixed-type value field: the field and selector.
    func tableRelation(_ ast: ASTType) -> (field: String, selector: String)? {
        var t = ast
        var selector: String? = nil
        while case .constrained(let inner, let c) = t {
            if case .table(_, let at) = c, at.count == 1 { selector = at[0] }
            t = inner
        }
        guard case .classField(let className, let field) = t, let selector,
            let cls = try? compilation.resolveClass(className), let f = cls.field(field),
            case .fixedTypeValue = f.kind
        else { return nil }
        return (field, selector)
    }

    /// The components with each `COMPONENTS OF T` replaced by T's root components (X.680 25.5), nested ones
    /// included; `including` names the sequences being expanded, outermost first.
    func expandComponentsOf(_ components: [ASTComponent], env: Environment, ctx: Context, including: [String]) throws
        -> [ASTComponent]
    {
        var out: [ASTComponent] = []
        for c in components {
            if c.componentsOf {
                let (base, _, _) = try strip(c.type, env: env)
                var t = base
                var source = ""
                while case .reference(_, let name, nil) = t, let a = compilation.assignments[name], case .type(let d) = a.body {
                    source = name
                    t = try strip(d, env: Environment()).0
                }
                guard case .sequence(let inner) = t else {
                    throw ASN1CompilerError("COMPONENTS OF needs a SEQUENCE type", at: ctx.location)
                }
                if let i = including.firstIndex(of: source) {
                    throw Compilation.cyclicError(Array(including[i...]), at: ctx.location)
                }
                out.append(
                    contentsOf: try expandComponentsOf(
                        inner.root + inner.rootTail, env: env, ctx: ctx, including: including + [source]))
            } else {
                out.append(c)
            }
        }
        return out
    }

    func choice(_ list: ASTComponentList, env: Environment, owner: GenType, ctx: Context) throws -> GenChoice {
        var result = GenChoice(root: [], extensible: list.extensible, additions: [])
        var used: Set<String> = []
        func alternative(_ c: ASTComponent) throws -> GenChoice.Alternative {
            var swift = Naming.memberName(c.name)
            while used.contains(swift) { swift += "_" }
            used.insert(swift)
            var altCtx = ctx
            altCtx.parent = owner
            altCtx.nestedName = c.name
            altCtx.asn1Path = ctx.asn1Path + "." + c.name
            return GenChoice.Alternative(asn1Name: c.name, swiftName: swift, type: try lowerValue(c.type, env: env, ctx: altCtx))
        }
        for c in list.root + list.rootTail { result.root.append(try alternative(c)) }
        for addition in list.additions {
            switch addition {
            case .component(let c): result.additions.append(try alternative(c))
            case .group(_, let cs): for c in cs { result.additions.append(try alternative(c)) }
            }
        }
        return result
    }

    func enumerated(_ e: ASTEnumeration, env: Environment, ctx: Context) throws -> GenEnumerated {
        // X.680 20.3: items without a number take the smallest unused non-negative number, in order.
        var usedNumbers: Set<Int128> = []
        for item in e.root + e.additions {
            if let n = item.number { usedNumbers.insert(try compilation.integer(n, env: env, at: ctx.location)) }
        }
        var next: Int128 = 0
        var numbered: [(Int128, String)] = []
        for item in e.root {
            if let n = item.number {
                numbered.append((try compilation.integer(n, env: env, at: ctx.location), item.name))
            } else {
                while usedNumbers.contains(next) { next += 1 }
                usedNumbers.insert(next)
                numbered.append((next, item.name))
            }
        }
        numbered.sort { $0.0 < $1.0 }
        var used: Set<String> = []
        func swiftName(_ asn1: String) -> String {
            var s = Naming.memberName(asn1)
            while used.contains(s) { s += "_" }
            used.insert(s)
            return s
        }
        return GenEnumerated(
            root: numbered.map { ($0.1, swiftName($0.1)) }, extensible: e.extensible,
            additions: e.additions.map { ($0.name, swiftName($0.name)) })
    }

    // MARK: Parameterised types (X.683)

    func instantiate(_ name: String, arguments: [ASTArgument], env: Environment, ctx: Context, extra: [ASTConstraint])
        throws -> ValueType
    {
        let a = try compilation.assignment(name, at: ctx.location)
        guard case .type(let body) = a.body else { throw ASN1CompilerError("\(name) is not a parameterised type", at: ctx.location) }
        guard a.parameters.count == arguments.count else {
            throw ASN1CompilerError("\(name) takes \(a.parameters.count) parameters, \(arguments.count) given", at: ctx.location)
        }
        var inner = Environment()
        // `nameParts` make the Swift and ASN.1 names; `keyParts` tell instances apart exactly.
        var nameParts: [String] = []
        var keyParts: [String] = []
        for (parameter, argument) in zip(a.parameters, arguments) {
            if let governor = parameter.governor, case .reference(_, let g, nil) = governor, compilation.isClass(g) {
                let set: ResolvedObjectSet
                switch argument {
                case .braced(let tokens): set = try compilation.objectSet(tokens: tokens, className: g, env: env, location: ctx.location)
                case .word(let w): set = try compilation.objectSet(named: w, env: env, at: ctx.location)
                default: throw ASN1CompilerError("parameter \(parameter.name) of \(name) needs an object set", at: ctx.location)
                }
                inner.bindings[parameter.name] = .objectSet(set)
                // Every empty set gives the same instance; an anonymous set is told apart by its objects.
                let setName = set.objects.isEmpty ? "Empty" : (set.name ?? "Set\(set.objects.count)")
                nameParts.append(setName)
                keyParts.append(set.objects.isEmpty || set.name != nil ? setName : objectSetKey(set))
            } else if parameter.governor != nil {
                let value: ASTValue
                switch argument {
                case .value(let v): value = v
                case .word(let w): value = .identifier(w)
                default: throw ASN1CompilerError("parameter \(parameter.name) of \(name) needs a value", at: ctx.location)
                }
                inner.bindings[parameter.name] = .value(value, env)
                let number = String(try compilation.integer(value, env: env, at: ctx.location))
                nameParts.append(number)
                keyParts.append(number)
            } else {
                let actual: ASTType
                switch argument {
                case .type(let t): actual = t
                case .word(let w): actual = .reference(module: nil, name: w, arguments: nil)
                default: throw ASN1CompilerError("parameter \(parameter.name) of \(name) needs a type", at: ctx.location)
                }
                inner.bindings[parameter.name] = .type(actual, env)
                // A parameter passed on stands for the caller's argument.
                switch boundType(actual, env: env) {
                case .reference(_, let n, nil):
                    nameParts.append(n)
                    keyParts.append(n)
                case .reference(_, let n, _?):
                    nameParts.append(n)
                    keyParts.append("#\(instanceSerial())")
                case let t:
                    nameParts.append("T")
                    keyParts.append(t.mentionsNoName ? String(reflecting: t) : "#\(instanceSerial())")
                }
            }
        }
        let key = ([name] + keyParts).joined(separator: "|")
        let (base, _, _) = try strip(body, env: inner)
        switch base {
        case .sequence, .set, .choice, .enumerated:
            if let existing = instances[key] { return .named(existing.swiftName, asn1: existing.asn1Name) }
            let swift = uniqueTopLevel(([Naming.typeName(name)] + nameParts.map(Naming.typeName)).joined(separator: "_"))
            let asn1 = "\(name){\(nameParts.joined(separator: ","))}"
            let type = GenType(swiftName: swift, asn1Name: asn1, kind: .alias(""), module: a.module, location: a.location)
            instances[key] = type
            types.append(type)
            let instanceCtx = Context(parent: type, nestedName: "", asn1Path: asn1, module: a.module, location: a.location)
            type.kind = try kindForDefinition(body, env: inner, ctx: instanceCtx, owner: type)
            return .named(swift, asn1: asn1)
        default:
            // Expanded in place: the same instance inside itself would never end.
            if let i = expandingInPlace.firstIndex(where: { $0.key == key }) {
                throw Compilation.cyclicError(expandingInPlace[i...].map(\.name), at: a.location)
            }
            guard expandingInPlace.count < 64 else {
                throw ASN1CompilerError("parameterised types nested more than 64 deep at \(name)", at: ctx.location)
            }
            expandingInPlace.append((key, name))
            defer { expandingInPlace.removeLast() }
            return try lowerValue(body, env: inner, ctx: ctx, extra: extra)
        }
    }

    /// A serial number for instance keys that must match nothing else.
    func instanceSerial() -> Int {
        serial += 1
        return serial
    }

    /// The type a type argument stands for, following parameters bound in `env`.
    func boundType(_ t: ASTType, env: Environment) -> ASTType {
        var t = t
        var e = env
        for _ in 0..<64 {
            guard case .reference(nil, let n, nil) = t, let binding = e.bindings[n] else { return t }
            switch binding {
            case .type(let bound, let boundEnv), .argument(.type(let bound), let boundEnv):
                t = bound
                e = boundEnv
            case .argument(.word(let w), let boundEnv):
                t = .reference(module: nil, name: w, arguments: nil)
                e = boundEnv
            default:
                return t
            }
        }
        return t
    }

    /// The identity of an anonymous object set: its objects (by name, or where written) and extensibility.
    func objectSetKey(_ set: ResolvedObjectSet) -> String {
        let objects = set.objects.map { $0.name ?? $0.location.map(String.init(describing:)) ?? "?" }
        return "{" + objects.joined(separator: "|") + (set.extensible ? "|...}" : "}")
    }

    // MARK: Information object class fields (X.681 14, X.682 10)

    func classField(_ className: String, field: String, extra: [ASTConstraint], env: Environment, ctx: Context) throws
        -> ValueType
    {
        let cls = try compilation.resolveClass(className, at: ctx.location)
        guard let f = cls.field(field) else {
            throw ASN1CompilerError("class \(className) has no field \(field)", at: ctx.location)
        }
        var table: (set: String, at: [String])? = nil
        var rest: [ASTConstraint] = []
        for c in extra {
            if case .table(let set, let at) = c { table = (set, at) } else { rest.append(c) }
        }
        switch f.kind {
        case .fixedTypeValue(let t):
            return try lowerValue(t, env: Environment(), ctx: ctx, extra: rest)
        case .other:
            throw ASN1CompilerError("class field \(className).\(field) cannot be a component type", at: ctx.location)
        case .type:
            guard let table, let selector = table.at.first else { return .openTypeBytes }
            guard table.at.count == 1, !selector.hasPrefix(".") else {
                throw ASN1CompilerError("component relation \(table.at) is not supported", at: ctx.location)
            }
            guard let selectorField = ctx.siblings.first(where: { $0.asn1Name == selector }) else {
                throw ASN1CompilerError("@\(selector) names no earlier component", at: ctx.location)
            }
            let set = try compilation.objectSet(named: table.set, env: env, at: ctx.location)
            return try openType(set: set, cls: cls, field: field, selector: selectorField, ctx: ctx)
        }
    }

    func openType(set: ResolvedObjectSet, cls: ResolvedClass, field: String, selector: GenField, ctx: Context) throws
        -> ValueType
    {
        guard let parent = ctx.parent else { throw ASN1CompilerError("open type outside a type", at: ctx.location) }
        if !set.objects.contains(where: { if case .type? = $0.settings[field] { return true } else { return false } }) {
            // No object defines the field (an empty set): every value is unknown.
            return .openTypeBytes
        }
        guard let unique = cls.uniqueField else {
            throw ASN1CompilerError("class \(cls.name) has no UNIQUE field to select open types by", at: ctx.location)
        }
        let local = Naming.nestedTypeName(ctx.nestedName.isEmpty ? "Value" : ctx.nestedName)
        let enumType = GenType(
            swiftName: parent.swiftName + "." + local, asn1Name: ctx.asn1Path, kind: .alias(""), module: ctx.module,
            location: ctx.location)
        parent.nested.append(enumType)
        var cases: [GenOpenType.Case] = []
        var usedNames: Set<String> = []
        var usedSelectors: Set<Int128> = []
        for object in set.objects {
            guard case .type(let t)? = object.settings[field] else { continue }
            guard case .value(let v)? = object.settings[unique.name] else {
                throw ASN1CompilerError("object has no \(unique.name)", at: object.location)
            }
            let selectorValue = try compilation.integer(v, env: object.env, at: object.location)
            if usedSelectors.contains(selectorValue) { continue }
            usedSelectors.insert(selectorValue)
            var base: String
            if let objectName = object.name {
                base = objectName
            } else if case .identifier(let id) = v {
                base = id.hasPrefix("id-") ? String(id.dropFirst(3)) : id
            } else {
                base = "object\(selectorValue)"
            }
            var name = Naming.memberName(base)
            while usedNames.contains(name) { name += "_" }
            usedNames.insert(name)
            var caseCtx = ctx
            caseCtx.parent = enumType
            caseCtx.nestedName = base
            caseCtx.asn1Path = ctx.asn1Path
            caseCtx.location = object.location
            let type = try lowerValue(t, env: object.env, ctx: caseCtx)
            var settings: [String: ASTValue] = [:]
            for (key, setting) in object.settings {
                if case .value(let sv) = setting { settings[key] = sv }
            }
            cases.append(GenOpenType.Case(swiftName: name, selector: selectorValue, type: type, settings: settings))
        }
        enumType.kind = .openType(
            GenOpenType(
                cases: cases, selectorIsUnsigned: false, objectSet: set.name ?? "(anonymous set)", field: field))
        if let name = set.name, !usedObjectSetNames.contains(name) {
            usedObjectSetNames.insert(name)
            usedObjectSets.append(set)
        }
        return .openType(enumName: enumType.swiftName, selector: selector.swiftName)
    }

    // MARK: Constraints

    /// Bounds of a set of integers: nil bound means unbounded on that side.
    struct Bounds {
        var lower: Int128?
        var upper: Int128?
        var empty = false
    }

    func bounds(_ set: ASTElementSet, env: Environment, ctx: Context) throws -> Bounds? {
        switch set {
        case .singleValue(let v):
            let n = try compilation.integer(v, env: env, at: ctx.location)
            return Bounds(lower: n, upper: n)
        case .range(let lower, let upper):
            return Bounds(lower: try bound(lower, env: env, ctx: ctx, isLower: true),
                          upper: try bound(upper, env: env, ctx: ctx, isLower: false))
        case .union(let parts):
            var result: Bounds? = nil
            for p in parts {
                guard let b = try bounds(p, env: env, ctx: ctx) else { return nil }
                if let r = result {
                    result = Bounds(
                        lower: r.lower.flatMap { l in b.lower.map { min(l, $0) } },
                        upper: r.upper.flatMap { u in b.upper.map { max(u, $0) } })
                } else {
                    result = b
                }
            }
            return result
        case .intersection(let parts):
            var result: Bounds? = nil
            for p in parts {
                guard let b = try bounds(p, env: env, ctx: ctx) else { continue }
                if let r = result {
                    result = Bounds(
                        lower: [r.lower, b.lower].compactMap { $0 }.max(), upper: [r.upper, b.upper].compactMap { $0 }.min())
                } else {
                    result = b
                }
            }
            return result
        default:
            return nil
        }
    }

    func bound(_ b: ASTBound, env: Environment, ctx: Context, isLower: Bool) throws -> Int128? {
        switch b {
        case .min, .max: return nil
        case .value(let v): return try compilation.integer(v, env: env, at: ctx.location)
        case .exclusive(let inner):
            guard let v = try bound(inner, env: env, ctx: ctx, isLower: isLower) else { return nil }
            return isLower ? v + 1 : v - 1
        }
    }

    /// The effective INTEGER constraint (X.691 clause 10.3-10.9: serial constraints intersect;
    /// the type is extensible when its last constraint is).
    func integerConstraint(_ constraints: [ASTConstraint], env: Environment, ctx: Context) throws -> IntegerConstraint {
        var result = IntegerConstraint()
        for c in constraints {
            guard case .elements(let root, let extensible, _) = c, let b = try bounds(root, env: env, ctx: ctx) else { continue }
            if let l = b.lower { result.lowerBound = max(result.lowerBound ?? l, l) }
            if let u = b.upper { result.upperBound = min(result.upperBound ?? u, u) }
            result.extensible = extensible
        }
        if let lb = result.lowerBound, let ub = result.upperBound {
            guard lb <= ub else { throw ASN1CompilerError("empty integer range \(lb)..\(ub)", at: ctx.location) }
            guard lb >= Int128(Int64.min), ub <= Int128(UInt64.max), lb >= 0 || ub <= Int128(Int64.max) else {
                throw ASN1CompilerError("integer range \(lb)..\(ub) does not fit 64 bits", at: ctx.location)
            }
        }
        return result
    }

    /// The effective size constraint: SIZE elements of every constraint, intersected;
    /// extensible when the SIZE constraint or the constraint holding it is.
    func sizeConstraint(_ constraints: [ASTConstraint], env: Environment, ctx: Context) throws -> SizeConstraint {
        var result = SizeConstraint()
        var lower: Int128? = nil
        var upper: Int128? = nil
        for c in constraints {
            guard case .elements(let root, let extensible, _) = c else { continue }
            var found: [(ASTConstraint, Bool)] = []
            collectSize(root, outerExtensible: extensible, into: &found)
            for (sizeConstraint, outerExtensible) in found {
                guard case .elements(let sizeRoot, let sizeExtensible, _) = sizeConstraint,
                    let b = try bounds(sizeRoot, env: env, ctx: ctx)
                else { continue }
                if let l = b.lower { lower = max(lower ?? l, l) }
                if let u = b.upper { upper = min(upper ?? u, u) }
                result.extensible = sizeExtensible || outerExtensible
            }
        }
        result.lowerBound = Int(max(lower ?? 0, 0))
        if let u = upper {
            guard u <= Int128(Int.max) else { throw ASN1CompilerError("size bound too large", at: ctx.location) }
            result.upperBound = Int(u)
        }
        return result
    }

    func collectSize(_ set: ASTElementSet, outerExtensible: Bool, into found: inout [(ASTConstraint, Bool)]) {
        switch set {
        case .size(let c): found.append((c, outerExtensible))
        case .intersection(let parts), .union(let parts):
            for p in parts { collectSize(p, outerExtensible: outerExtensible, into: &found) }
        default: break
        }
    }

    /// Characters of a permitted-alphabet constraint, or nil when there is none.
    func alphabet(_ constraints: [ASTConstraint], env: Environment) -> [UInt32]? {
        var result: Set<UInt32>? = nil
        for c in constraints {
            guard case .elements(let root, _, _) = c else { continue }
            var found: [ASTConstraint] = []
            collectFrom(root, into: &found)
            for f in found {
                guard case .elements(let set, _, _) = f, let chars = characters(set) else { continue }
                result = result.map { $0.intersection(chars) } ?? chars
            }
        }
        return result.map { $0.sorted() }
    }

    func collectFrom(_ set: ASTElementSet, into found: inout [ASTConstraint]) {
        switch set {
        case .from(let c): found.append(c)
        case .intersection(let parts), .union(let parts): for p in parts { collectFrom(p, into: &found) }
        default: break
        }
    }

    func characters(_ set: ASTElementSet) -> Set<UInt32>? {
        switch set {
        case .singleValue(.cstring(let s)): return Set(s.unicodeScalars.map(\.value))
        case .range(.value(.cstring(let a)), .value(.cstring(let b))):
            guard let x = a.unicodeScalars.first?.value, let y = b.unicodeScalars.first?.value, x <= y else { return nil }
            return Set(x...y)
        case .union(let parts):
            var out: Set<UInt32> = []
            for p in parts {
                guard let c = characters(p) else { return nil }
                out.formUnion(c)
            }
            return out
        default: return nil
        }
    }

    /// X.691 30.5.2-30.5.4 and 30.6: known-multiplier strings code each character in a fixed
    /// number of bits (rounded up to a power of two in the ALIGNED variant).
    func characterString(_ kind: String, _ constraints: [ASTConstraint], env: Environment, ctx: Context) throws -> ValueType {
        let size = try sizeConstraint(constraints, env: env, ctx: ctx)
        let natural: [UInt32]
        switch kind {
        case "UTF8String": return .utf8String
        case "NumericString": natural = [0x20] + Array(0x30...0x39)
        case "PrintableString":
            natural = ([0x20, 0x27, 0x28, 0x29, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3D, 0x3F] as [UInt32])
                + Array(0x30...0x39) + Array(0x41...0x5A) + Array(0x61...0x7A)
        case "VisibleString", "ISO646String", "GeneralizedTime", "UTCTime": natural = Array(0x20...0x7E)
        case "IA5String": natural = Array(0...0x7F)
        case "BMPString": natural = Array(0...0xFFFF)
        case "UniversalString": natural = Array(0...0xFFFF)  // range only matters for the bit width
        default: return .opaqueString(kind: kind)
        }
        let permitted = alphabet(constraints, env: env).map { chars in chars.filter { Set(natural).contains($0) || kind == "UniversalString" } }
        let chars = (permitted ?? natural).sorted()
        let count = kind == "UniversalString" && permitted == nil ? 1 << 32 : chars.count
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        // ALIGNED variant: round up to 1, 2, 4, 8, 16 or 32.
        var aligned = 1
        while aligned < bits { aligned *= 2 }
        if bits == 0 { aligned = 0 }
        let largest = chars.last ?? 0
        let needsIndex = UInt64(largest) >= (UInt64(1) << UInt64(aligned))
        return .characterString(kind: kind, size: size, bitsPerCharacter: aligned, alphabet: needsIndex ? chars : nil)
    }
}
