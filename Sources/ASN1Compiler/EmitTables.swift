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
        for (wrapper, items) in byGovernor {
            code.line()
            code.block("extension \(wrapper) {") { c in
                for ((name, value), member) in zip(items, memberNames(items)) {
                    c.line("/// `\(name)`")
                    c.line("public static let \(member): \(wrapper) = \(wrapper)(\(selectorLiteral(value)))")
                }
            }
        }
        return code.text
    }

    /// The Swift wrapper struct of an INTEGER type named `name`, following aliases.
    func integerWrapper(_ name: String) -> String? {
        var t = byName[name]
        while let current = t, case .alias(let target) = current.kind { t = byName[target] }
        if let t, case .wrapper(.integer) = t.kind { return t.swiftName }
        return nil
    }

    func objectSets() -> String {
        var code = CodeWriter()
        let compilation = lowering.compilation
        var names: [String] = []
        for name in compilation.order {
            guard let a = compilation.assignments[name], a.parameters.isEmpty,
                case .governed(.reference(_, let className, _), _) = a.body, compilation.isClass(className),
                Parser.startsUpper(name)
            else { continue }
            names.append(name)
        }
        code.line()
        code.line("/// The information object sets of the specification as data, by name.")
        code.block("public enum \(options.namespace)ObjectSets {") { c in
            c.block("public static let all: [String: ASN1InformationObjectSet] = {", close: "}()") { b in
                b.line("var sets: [String: ASN1InformationObjectSet] = [:]")
                for (i, name) in names.enumerated() { b.line("sets[\(Naming.literal(name))] = set\(i)()") }
                b.line("return sets")
            }
            for (i, name) in names.enumerated() {
                guard let set = try? compilation.objectSet(named: name, env: Environment(), at: nil) else { continue }
                c.line()
                c.line("/// `\(name)`")
                c.block("static func set\(i)() -> ASN1InformationObjectSet {") { b in
                    b.line("\(set.objects.isEmpty ? "let" : "var") s = ASN1InformationObjectSet(name: \(Naming.literal(name)), className: \(Naming.literal(set.className)), extensible: \(set.extensible))")
                    for object in set.objects {
                        var settings: [String] = []
                        let cls = try? compilation.resolveClass(set.className)
                        for field in cls?.definition.fields ?? [] {
                            guard let setting = object.settings[field.name] else { continue }
                            switch setting {
                            case .value(let v):
                                if let n = try? compilation.integer(v, env: object.env), n >= Int128(Int64.min), n <= Int128(Int64.max) {
                                    settings.append("ASN1FieldSetting(\(Naming.literal(field.name)), .integer(\(selectorLiteral(n))))")
                                } else if case .identifier(let id) = v {
                                    settings.append("ASN1FieldSetting(\(Naming.literal(field.name)), .identifier(\(Naming.literal(id))))")
                                }
                            case .type(let t):
                                settings.append("ASN1FieldSetting(\(Naming.literal(field.name)), .type(\(Naming.literal(typeDescription(t)))))")
                            case .other:
                                break
                            }
                        }
                        let objectName = object.name.map(Naming.literal) ?? "nil"
                        b.line("s.objects.append(ASN1InformationObject(name: \(objectName), settings: [\(settings.joined(separator: ", "))]))")
                    }
                    b.line("return s")
                }
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
