/// Random valid values for every generated type, for round-trip tests against
/// an independent codec. Open types pick one object of their set, and the
/// components the table ties to it (the selector, the criticality) follow it.
extension SwiftEmitter {
    func emitRandom(_ t: GenType, into code: inout CodeWriter) {
        if options.handWritten.contains(t.asn1Name) { return }
        let codec = ValueCodec()
        let signature = "public static func random<G: RandomNumberGenerator>(using g: inout G, depth: Int) -> \(t.swiftName)"
        switch t.kind {
        case .alias:
            break
        case .wrapper(let v):
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// A random valid value.")
                x.block(signature + " {") { b in b.line(wrapperInit(t, codec.random(v))) }
            }
        case .enumerated(let e):
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// A random valid value.")
                x.block(signature + " {") { b in
                    let all = e.root + e.additions
                    b.line("switch ASN1Random.pick(\(all.count), &g) {")
                    for (i, item) in all.enumerated() {
                        b.line("\(i == all.count - 1 ? "default" : "case \(i)"): return .\(item.swift)")
                    }
                    b.line("}")
                }
            }
        case .choice(let c):
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// A random valid value.")
                x.block(signature + " {") { b in
                    let all = c.root + c.additions
                    b.line("switch ASN1Random.pick(\(all.count), &g) {")
                    for (i, a) in all.enumerated() {
                        b.line("\(i == all.count - 1 ? "default" : "case \(i)"): return .\(a.swiftName)(\(codec.random(a.type)))")
                    }
                    b.line("}")
                }
            }
        case .openType(let o):
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// A random value of one of the set's objects.")
                x.block(signature + " {") { b in
                    b.line("switch ASN1Random.pick(\(o.cases.count), &g) {")
                    for (i, c) in o.cases.enumerated() {
                        b.line("\(i == o.cases.count - 1 ? "default" : "case \(i)"): return .\(c.swiftName)(\(codec.random(c.type)))")
                    }
                    b.line("}")
                }
            }
        case .sequence(let s):
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// A random valid value.")
                x.block(signature + " {") { b in randomSequenceBody(s, into: &b) }
            }
        }
        for n in t.nested {
            code.line()
            emitRandom(n, into: &code)
        }
    }

    func randomSequenceBody(_ s: GenSequence, into b: inout CodeWriter) {
        let codec = ValueCodec()
        let fields = s.allFields
        var done: Set<String> = []
        // Open types first: their selector and table-related components follow them.
        for f in fields {
            guard case .openType = f.type, !f.optional else { continue }
            b.line("let \(f.swiftName): \(fieldType(f)) = \(codec.random(f.type))")
            done.insert(f.swiftName)
        }
        for f in fields where !done.contains(f.swiftName) {
            if let (openField, enumName) = openTypeSelecting(f, in: s) {
                b.line("let \(f.swiftName): \(fieldType(f)) = \(selectorValue(f.type, from: openField))")
                _ = enumName
            } else if let relation = f.tableRelation, let (openField, enumName) = openTypeFor(selector: relation.selector, in: s),
                let e = byName[enumName], case .openType(let o) = e.kind
            {
                b.line("let \(f.swiftName): \(fieldType(f))")
                b.line("switch \(openField) {")
                for c in o.cases {
                    b.line("case .\(c.swiftName): \(f.swiftName) = \(settingExpression(c.settings[relation.field], type: f.type) ?? codec.random(f.type))")
                }
                b.line("case .unknown: \(f.swiftName) = \(codec.random(f.type))")
                b.line("}")
            } else if f.optional {
                b.line("let \(f.swiftName): \(fieldType(f)) = ASN1Random.include(&g, depth: depth) ? \(codec.random(f.type)) : nil")
            } else {
                b.line("let \(f.swiftName): \(fieldType(f)) = \(codec.random(f.type))")
            }
        }
        let args = fields.map { "\($0.swiftName): \($0.swiftName)" }
        b.line("return Self(\(args.joined(separator: ", ")))")
    }

    /// When `f` is the selector of a mandatory open type in `s`: that component and its enum.
    func openTypeSelecting(_ f: GenField, in s: GenSequence) -> (String, String)? {
        for o in s.allFields where !o.optional {
            if case .openType(let enumName, let selector) = o.type, selector == f.swiftName { return (o.swiftName, enumName) }
        }
        return nil
    }

    /// The mandatory open type selected by the component whose ASN.1 name is `selector`.
    func openTypeFor(selector: String, in s: GenSequence) -> (String, String)? {
        guard let sel = s.allFields.first(where: { $0.asn1Name == selector }) else { return nil }
        return openTypeSelecting(sel, in: s)
    }

    func selectorValue(_ type: ValueType, from openField: String) -> String {
        switch type {
        case .named(let name, _): return byName[name].map { wrapperInit($0, "\(openField).selector ?? 0") } ?? "\(name)(\(openField).selector ?? 0)"
        default: return "\(openField).selector ?? 0"
        }
    }

    /// A Swift expression for an object's value setting, as a value of `type`.
    func settingExpression(_ value: ASTValue?, type: ValueType) -> String? {
        guard let value else { return nil }
        var t = type
        if case .named(let name, _) = type, let g = byName[name] {
            var current = g
            while case .alias(let target) = current.kind, let next = byName[target] { current = next }
            switch current.kind {
            case .enumerated:
                if case .identifier(let id) = value { return "." + Naming.memberName(id) }
                return nil
            case .wrapper(let v):
                t = v
                if case .integer = v, let n = try? lowering.compilation.integer(value, env: Environment()) {
                    return wrapperLiteral(current, n)
                }
                return nil
            default:
                return nil
            }
        }
        if case .integer = t, let n = try? lowering.compilation.integer(value, env: Environment()) { return selectorLiteral(n) }
        return nil
    }
}
