/// Value constants and the information object sets, as Swift data.
extension SwiftEmitter {
    func constants() -> String {
        var code = CodeWriter()
        var plain: [(String, Int128)] = []
        var byGovernor: [(String, [(String, Int128)])] = []
        for v in lowering.values {
            if case .named(let name, _)? = v.governor, let wrapper = integerWrapper(name) {
                if let i = byGovernor.firstIndex(where: { $0.0 == wrapper }) {
                    byGovernor[i].1.append((v.name, v.value))
                } else {
                    byGovernor.append((wrapper, [(v.name, v.value)]))
                }
            } else {
                plain.append((v.name, v.value))
            }
        }
        code.line()
        code.line("/// Integer values assigned in the specification (bounds such as `maxnoof...`).")
        // Names unique within each enum or extension: `max-X` and `maxX` both give `maxX`.
        func memberNames(_ items: [(String, Int128)]) -> [String] {
            var used: Set<String> = []
            return items.map { item in
                var name = Naming.memberName(item.0)
                while used.contains(name) { name += "_" }
                used.insert(name)
                return name
            }
        }
        code.block("public enum \(options.namespace)Constants {") { c in
            for ((name, value), member) in zip(plain, memberNames(plain)) {
                c.line("/// `\(name)`")
                c.line("public static let \(member): Int64 = \(selectorLiteral(value))")
            }
        }
        var registriesDone: Set<String> = []
        for (wrapper, items) in byGovernor {
            code.line()
            if let t = resolved(wrapper), let prefix = options.registries[t.asn1Name] {
                registriesDone.insert(t.swiftName)
                emitRegistryMembers(t, prefix: prefix, items, into: &code)
                continue
            }
            code.block("extension \(wrapper) {") { c in
                for ((name, value), member) in zip(items, memberNames(items)) {
                    c.line("/// `\(name)`")
                    c.line("public static let \(member): \(wrapper) = \(wrapper)(\(selectorLiteral(value)))")
                }
            }
        }
        // Registries no value is assigned to still name none.
        for t in lowering.types where registryRawType(t) != nil && !registriesDone.contains(t.swiftName) {
            code.line()
            emitRegistryMembers(t, prefix: "", [], into: &code)
        }
        return code.text
    }

    /// A registry's static members (value names without `prefix`) and the ASN.1 name of each value.
    func emitRegistryMembers(_ t: GenType, prefix: String, _ items: [(String, Int128)], into code: inout CodeWriter) {
        var used: Set<String> = ["rawValue", "description", "asn1Name", "hashValue"]
        code.block("extension \(t.swiftName) {") { c in
            var named: [(Int128, String)] = []
            for (name, value) in items {
                let stripped = !prefix.isEmpty && name.hasPrefix(prefix) && name.count > prefix.count ? String(name.dropFirst(prefix.count)) : name
                var member = Naming.memberName(stripped)
                while used.contains(member) { member += "_" }
                used.insert(member)
                c.line("/// `\(name)`")
                c.line("public static let \(member): \(t.swiftName) = \(wrapperLiteral(t, value))")
                if !named.contains(where: { $0.0 == value }) { named.append((value, name)) }
            }
            if !items.isEmpty { c.line() }
            c.line("/// The name the specification gives the value (`\(items.first?.0 ?? "id-X")`), nil for a value it does not name.")
            c.block("public var asn1Name: String? {") { b in
                guard !named.isEmpty else {
                    b.line("nil")
                    return
                }
                b.line("switch rawValue {")
                for (value, name) in named { b.line("case \(selectorLiteral(value)): return \(Naming.literal(name))") }
                b.line("default: return nil")
                b.line("}")
            }
        }
    }

    /// The Swift wrapper struct of an INTEGER type named `name`, following aliases.
    func integerWrapper(_ name: String) -> String? {
        var t = byName[name]
        while let current = t, case .alias(let target) = current.kind { t = byName[target] }
        if let t, case .wrapper(.integer) = t.kind { return t.swiftName }
        return nil
    }

    /// Named object sets in input order, with their Swift member names in `<namespace>ObjectSets`.
    static func namedObjectSets(_ compilation: Compilation) -> [(name: String, member: String, className: String)] {
        var out: [(String, String, String)] = []
        var used: Set<String> = []
        for name in compilation.order {
            guard let a = compilation.assignments[name], a.parameters.isEmpty,
                case .governed(.reference(_, let className, _), _) = a.body, compilation.isClass(className),
                Parser.startsUpper(name)
            else { continue }
            var member = Naming.memberName(name)
            while used.contains(member) { member += "_" }
            used.insert(member)
            out.append((name, member, className))
        }
        return out
    }

    /// The Swift name of the row type of class `className`'s tables.
    func rowTypeName(_ className: String) -> String {
        options.classNames[className] ?? options.namespace + Naming.typeName(className)
    }

    /// One stored property of a row type: a class field with the Swift type its settings take.
    struct RowField {
        var asn1Name: String
        var swiftName: String
        /// The Swift type of a value field (nil for a type field, which holds the type's ASN.1 name).
        var valueType: ValueType?
        var optional: Bool
    }

    func rowFields(_ cls: ResolvedClass) -> [RowField] {
        var out: [RowField] = []
        var used: Set<String> = []
        for f in cls.definition.fields {
            // A field with a DEFAULT always has a setting (objects that give none take the default).
            let optional = f.optional && f.defaultValue == nil && f.defaultType == nil
            var name = Naming.memberName(String(f.name.drop(while: { $0 == "&" })))
            while used.contains(name) { name += "_" }
            switch f.kind {
            case .type:
                out.append(RowField(asn1Name: f.name, swiftName: name, valueType: nil, optional: optional))
            case .fixedTypeValue(let ast):
                guard case .reference(_, let typeName, nil) = ast, let g = lowering.byASN1Name[typeName] else { continue }
                out.append(RowField(asn1Name: f.name, swiftName: name, valueType: .named(g.swiftName, asn1: typeName), optional: optional))
            case .other:
                continue
            }
            used.insert(name)
        }
        return out
    }

    /// The information object sets as typed tables: a row type per class, a static table per named set.
    func objectSets() -> String {
        var code = CodeWriter()
        let compilation = lowering.compilation
        let sets = SwiftEmitter.namedObjectSets(compilation)
        var classes: [String] = []
        for s in sets where !classes.contains(s.className) { classes.append(s.className) }
        var fieldsByClass: [String: [RowField]] = [:]
        for className in classes {
            guard let cls = try? compilation.resolveClass(className) else { continue }
            let fields = rowFields(cls)
            fieldsByClass[className] = fields
            code.line()
            code.line("/// An object of information object class `\(className)`: one row of its object sets' tables.")
            code.block("public struct \(rowTypeName(className)): Hashable, Sendable {") { b in
                for f in fields {
                    b.line("/// `\(f.asn1Name)`\(f.valueType == nil ? ": the ASN.1 name of the type" : "")\(f.optional ? ", nil when the object has none" : "")")
                    b.line("public var \(f.swiftName): \(f.valueType?.swiftType ?? "String")\(f.optional ? "?" : "")")
                }
                b.line()
                let parameters = fields.map { "\($0.swiftName): \($0.valueType?.swiftType ?? "String")\($0.optional ? "? = nil" : "")" }
                b.block("public init(\(parameters.joined(separator: ", "))) {") { i in
                    for f in fields { i.line("self.\(f.swiftName) = \(f.swiftName)") }
                }
            }
        }
        code.line()
        code.line("/// The information object sets of the specification as typed tables, one static member per named set.")
        code.block("public enum \(options.namespace)ObjectSets {") { c in
            // Every set of each class, to go through them all (a set by name is a static member below).
            for className in classes where fieldsByClass[className] != nil {
                let row = rowTypeName(className)
                let members = sets.filter { $0.className == className }.map(\.member)
                c.line("/// Every named object set of class `\(className)`, in the order of the specification.")
                c.line("public static let all\(row)Sets: [ASN1ObjectSetTable<\(row)>] = [")
                c.indent()
                var i = 0
                while i < members.count {
                    c.line(members[i..<min(i + 6, members.count)].joined(separator: ", ") + ",")
                    i += 6
                }
                c.dedent()
                c.line("]")
                c.line()
            }
            for (i, s) in sets.enumerated() {
                guard let set = try? compilation.objectSet(named: s.name, env: Environment(), at: nil),
                    let fields = fieldsByClass[s.className]
                else { continue }
                let row = rowTypeName(s.className)
                if i > 0 { c.line() }
                c.line("/// `\(s.name)`")
                if set.objects.isEmpty {
                    c.line("public static let \(s.member) = ASN1ObjectSetTable<\(row)>(name: \(Naming.literal(s.name)), extensible: \(set.extensible), rows: [])")
                    continue
                }
                c.line("public static let \(s.member) = ASN1ObjectSetTable<\(row)>(")
                c.indent()
                c.line("name: \(Naming.literal(s.name)), extensible: \(set.extensible),")
                c.line("rows: [")
                c.indent()
                for object in set.objects {
                    var arguments: [String] = []
                    for f in fields {
                        let expression: String?
                        switch object.settings[f.asn1Name] {
                        case .type(let t)?:
                            expression = Naming.literal(typeDescription(t))
                        case .value(let v)?:
                            expression = f.valueType.flatMap { settingExpression(v, type: $0) }
                        default:
                            expression = nil
                        }
                        if let expression {
                            arguments.append("\(f.swiftName): \(expression)")
                        } else if !f.optional {
                            arguments.append("\(f.swiftName): \(f.valueType == nil ? "\"\"" : "/* unsupported setting */ nil")")
                        }
                    }
                    c.line("\(row)(\(arguments.joined(separator: ", "))),")
                }
                c.dedent()
                c.line("])")
                c.dedent()
            }
        }
        return code.text
    }

    /// A short ASN.1 description of a type: its reference name or built-in keyword.
    func typeDescription(_ t: ASTType) -> String {
        switch t {
        case .reference(_, let name, _): return name
        case .constrained(let inner, .containing(let c)): return typeDescription(inner) + " (CONTAINING " + typeDescription(c) + ")"
        case .constrained(let inner, _): return typeDescription(inner)
        case .boolean: return "BOOLEAN"
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .enumerated: return "ENUMERATED"
        case .bitString: return "BIT STRING"
        case .octetString: return "OCTET STRING"
        case .characterString(let k): return k
        case .objectIdentifier: return "OBJECT IDENTIFIER"
        case .sequence: return "SEQUENCE"
        case .set: return "SET"
        case .choice: return "CHOICE"
        case .sequenceOf, .sizedCollection: return "SEQUENCE OF"
        case .setOf: return "SET OF"
        case .classField(let c, let f): return c + "." + f
        case .real: return "REAL"
        case .unsupported(let s): return s
        }
    }
}
