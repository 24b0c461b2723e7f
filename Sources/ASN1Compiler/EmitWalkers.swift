/// Table walkers (overlay `walker MODULE TYPE`): every type that can contain a table-constrained SEQUENCE
/// (NGAP's `ProtocolIE-Field`, `ProtocolExtensionField`, `InitiatingMessage`...) gets, in module MODULE,
/// `walkTables(_ w: inout TYPE)`, which hands each such SEQUENCE met in the value to the walker with
/// its place, in order of appearance. The walker (hand-written, in MODULE) checks what the object sets ask
/// for: NGAP's abstract-syntax validation (TS 38.413 §10).
///
/// What the generated code calls on the walker `w` (`Table` is a type nested in the walker):
/// - `TYPE.Table(Field.objectSet)` once per table-constrained SEQUENCE type (`static let walkerTable`), and
///   `TYPE.Table.empty` for one whose object set has no object (every value is of unknown type);
/// - `w.beginContainer(table, count:)`, then per element `w.element(i, <selector>: ..., <fixed>: ...,
///   row:)`, the walk of its value, `w.endElement()`, and `w.endContainer()`, for a SEQUENCE OF them
///   (a `ProtocolIE-Container`);
/// - `w.single(table, <selector>: ..., <fixed>: ..., row:)`, the walk of its value and `w.endSingle()` for
///   one on its own (a `ProtocolIE-SingleContainer`, the message in `NGAP-PDU`);
/// - `w.enter(field:)`, `w.enter(index:)`, `w.enter(type:)` and `w.leave()` around the walk of a
///   component, a list element or a value entered through an open type or CONTAINING, for the path.
/// The selector and fixed components are passed under their Swift names (`id:`, `criticality:`); `row` is
/// the index in the object set's rows of the object the value's case comes from, -1 for a value of
/// unknown type.
extension SwiftEmitter {
    /// A table-constrained SEQUENCE as the walker sees it.
    struct WalkerField {
        var selector: GenField
        var fixed: [GenField]
        var value: GenField
        /// nil when the object set has no object (the value is undecoded bytes).
        var openType: GenOpenType?
    }

    /// The walker's view of `t` when it is a table-constrained SEQUENCE with an integer selector whose object
    /// set is named (or empty); nil otherwise.
    func walkerField(_ t: GenType) -> WalkerField? {
        guard case .sequence(let s) = t.kind else { return nil }
        var field: WalkerField
        if let shape = tableFieldShape(s) {
            guard objectSetMembers[shape.openType.objectSet] != nil else { return nil }
            field = WalkerField(selector: shape.selector, fixed: shape.fixed.map(\.field), value: shape.value, openType: shape.openType)
        } else {
            // An empty object set: the value is bytes; the other components are the selector and components
            // the set would fix for it.
            let bytes = s.allFields.filter { $0.type == .openTypeBytes }
            guard bytes.count == 1, let value = bytes.first, !value.optional else { return nil }
            let others = s.allFields.filter { $0.swiftName != value.swiftName }
            let related = others.filter { $0.tableRelation != nil }
            guard let selectorName = related.first?.tableRelation?.selector,
                related.allSatisfy({ $0.tableRelation?.selector == selectorName && !$0.optional }),
                let selector = others.first(where: { $0.asn1Name == selectorName }), !selector.optional,
                others.count == related.count + 1
            else { return nil }
            field = WalkerField(selector: selector, fixed: related, value: value, openType: nil)
        }
        // Only integer selectors (IE ids, procedure codes); not PrivateIE-ID, a CHOICE.
        guard case .named(let n, _) = field.selector.type, let st = resolved(n), case .wrapper(.integer) = st.kind else { return nil }
        return field
    }

    /// Swift names of the types a walk goes into: table-constrained SEQUENCEs and the types that can
    /// (transitively) contain one.
    func walkableTypes() -> (fields: [String: WalkerField], containing: Set<String>) {
        var fields: [String: WalkerField] = [:]
        for t in byName.values { if let f = walkerField(t) { fields[t.swiftName] = f } }
        var result = Set(fields.keys)
        func valueContains(_ v: ValueType) -> Bool {
            switch v {
            case .named(let n, _), .openType(let n, _):
                guard let t = resolved(n) else { return false }
                return result.contains(t.swiftName)
            case .list(let e, _): return valueContains(e)
            case .containing(_, _, let inner, _): return valueContains(inner)
            default: return false
            }
        }
        let all = Array(byName.values).filter { !options.handWritten.contains($0.asn1Name) }.sorted { $0.swiftName < $1.swiftName }
        var changed = true
        while changed {
            changed = false
            for t in all where !result.contains(t.swiftName) {
                let contains: Bool
                switch t.kind {
                case .sequence(let s): contains = s.allFields.contains { valueContains($0.type) }
                case .choice(let c): contains = (c.root + c.additions).contains { valueContains($0.type) }
                case .openType(let o): contains = o.cases.contains { valueContains($0.type) }
                case .wrapper(let v): contains = valueContains(v)
                case .enumerated, .alias: contains = false
                }
                if contains {
                    result.insert(t.swiftName)
                    changed = true
                }
            }
        }
        return (fields, result)
    }

    /// The walker files (module `Options.walkerModule`), or none when the overlay names no walker.
    public func walkerFiles() -> [(name: String, text: String)] {
        guard let module = options.walkerModule, let walker = options.walkerType else { return [] }
        let (fields, containing) = walkableTypes()
        let (listed, single) = fieldUses(fields)
        var fieldValues = Set<String>()
        for f in fields.values {
            if case .openType(let n, _) = f.value.type, let t = resolved(n) { fieldValues.insert(t.swiftName) }
        }
        let context = WalkerContext(
            walker: walker, fields: fields, containing: containing, listed: listed, single: single, fieldValues: fieldValues)
        return split(emittedTypes) { t, code in emitWalker(t, context, into: &code) }
            .filter { !$0.text.allSatisfy(\.isWhitespace) }
            .map { chunk in
                (chunk.name.replacingOccurrences(of: ".swift", with: "+Walk.swift"),
                 header(imports: ["ASN1PER", options.moduleName]) + "\n// Walks of module \(module)'s `\(walker)`.\n" + chunk.text)
            }
    }

    struct WalkerContext {
        var walker: String
        var fields: [String: WalkerField]
        var containing: Set<String>
        /// Table-constrained SEQUENCEs met as list elements (they get `walkContainer`) and on their own (`walkSingle`).
        var listed: Set<String>
        var single: Set<String>
        /// The open-type enums of the fields' values: walked by the field's `walkValue`, so they get no walk of their own.
        var fieldValues: Set<String>
    }

    /// Which table-constrained SEQUENCEs occur as list elements and which on their own, so that only the walks
    /// that are called are generated.
    func fieldUses(_ fields: [String: WalkerField]) -> (listed: Set<String>, single: Set<String>) {
        var listed = Set<String>(), single = Set<String>()
        func scan(_ v: ValueType, inList: Bool) {
            switch v {
            case .named(let n, _), .openType(let n, _):
                if let t = resolved(n), fields[t.swiftName] != nil {
                    if inList { listed.insert(t.swiftName) } else { single.insert(t.swiftName) }
                }
            case .list(let e, _): scan(e, inList: true)
            case .containing(_, _, let inner, _): scan(inner, inList: false)
            default: break
            }
        }
        for t in byName.values {
            switch t.kind {
            case .sequence(let s): s.allFields.forEach { scan($0.type, inList: false) }
            case .choice(let c): (c.root + c.additions).forEach { scan($0.type, inList: false) }
            case .openType(let o): o.cases.forEach { scan($0.type, inList: false) }
            case .wrapper(let v): scan(v, inList: false)
            case .enumerated, .alias: break
            }
        }
        return (listed, single)
    }

    /// Emits the walk of `t` and of its nested types.
    func emitWalker(_ t: GenType, _ x: WalkerContext, into code: inout CodeWriter) {
        if x.containing.contains(t.swiftName), !x.fieldValues.contains(t.swiftName) {
            if let f = x.fields[t.swiftName] {
                emitFieldWalk(t, f, x, into: &code)
            } else {
                emitTypeWalk(t, x, into: &code)
            }
        }
        for n in t.nested { emitWalker(n, x, into: &code) }
    }

    /// A table-constrained SEQUENCE: its table, the row of its value, and the walks of a list of them, of one
    /// on its own and of its value.
    func emitFieldWalk(_ t: GenType, _ f: WalkerField, _ x: WalkerContext, into code: inout CodeWriter) {
        let w = x.walker
        var arguments = ["\(f.selector.swiftName): \(f.selector.swiftName)"]
        for fixed in f.fixed { arguments.append("\(fixed.swiftName): \(fixed.swiftName)") }
        arguments.append("row: walkerRow")
        code.line()
        code.block("extension \(t.swiftName) {") { c in
            if let o = f.openType {
                c.line("/// The object set `\(o.objectSet)`, prepared for the walker.")
                c.line("static let walkerTable = \(w).Table(\(t.swiftName).objectSet)")
                c.line()
                c.line("/// The row of `objectSet` the value's case comes from; -1 for a value of unknown type.")
                c.block("var walkerRow: Int {") { b in
                    b.line("switch \(f.value.swiftName) {")
                    let rows = objectRows(o)
                    for (i, cs) in o.cases.enumerated() { b.line("case .\(cs.swiftName): return \(rows[i])") }
                    b.line("case .unknown: return -1")
                    b.line("}")
                }
            } else {
                c.line("/// An empty object set: every value is of unknown type.")
                c.line("static var walkerTable: \(w).Table { .empty }")
                c.line()
                c.line("var walkerRow: Int { -1 }")
            }
            if x.listed.contains(t.swiftName) {
                c.line()
                c.line("/// Walks a list of these (a container).")
                c.block("static func walkContainer(_ list: [\(t.swiftName)], _ w: inout \(w)) {") { b in
                    b.line("w.beginContainer(walkerTable, count: list.count)")
                    b.block("for i in list.indices {") { l in
                        l.line("list[i].walkElement(i, &w)")
                    }
                    b.line("w.endContainer()")
                }
                c.line()
                c.line("/// Walks the element at `index` of a container.")
                c.block("func walkElement(_ index: Int, _ w: inout \(w)) {") { b in
                    b.line("w.element(index, \(arguments.joined(separator: ", ")))")
                    if f.openType != nil { b.line("walkValue(&w)") }
                    b.line("w.endElement()")
                }
            }
            if x.single.contains(t.swiftName) {
                c.line()
                c.line("/// Walks one on its own (a single container).")
                c.block("func walkSingle(_ w: inout \(w)) {") { b in
                    b.line("w.single(Self.walkerTable, \(arguments.joined(separator: ", ")))")
                    if f.openType != nil { b.line("walkValue(&w)") }
                    b.line("w.endSingle()")
                }
            }
            if let o = f.openType {
                c.line()
                c.block("func walkValue(_ w: inout \(w)) {") { b in
                    let lines = openTypeWalk(o, f.value.swiftName, x)
                    if lines.isEmpty { return }
                    b.line("w.enter(field: \(Naming.literal(f.value.asn1Name)))")
                    lines.forEach { b.line($0) }
                    b.line("w.leave()")
                }
            }
        }
    }

    /// For each case of `o`, the index of its object among the object set's objects (rows).
    func objectRows(_ o: GenOpenType) -> [Int] {
        guard let set = try? lowering.compilation.objectSet(named: o.objectSet, env: Environment(), at: nil),
            let cls = try? lowering.compilation.resolveClass(set.className), let unique = cls.uniqueField
        else { return o.cases.indices.map { $0 } }
        var selectors: [Int128?] = []
        for object in set.objects {
            if case .value(let v)? = object.settings[unique.name] {
                selectors.append(try? lowering.compilation.integer(v, env: object.env, at: object.location))
            } else {
                selectors.append(nil)
            }
        }
        return o.cases.enumerated().map { i, c in selectors.firstIndex(of: c.selector) ?? i }
    }

    /// The lines walking the open-type value `expr` of enum `o`: a switch over the cases that hold tables.
    func openTypeWalk(_ o: GenOpenType, _ expr: String, _ x: WalkerContext) -> [String] {
        var cases: [String] = []
        for c in o.cases {
            let inner = walk(c.type, "v", x, depth: 0)
            guard !inner.isEmpty else { continue }
            cases.append("case .\(c.swiftName)(let v):")
            cases.append("    w.enter(type: \(Naming.literal(c.type.asn1Name)))")
            cases += inner.map { "    " + $0 }
            cases.append("    w.leave()")
        }
        guard !cases.isEmpty else { return [] }
        return ["switch \(expr) {"] + cases + ["default: break", "}"]
    }

    /// Any other type that can contain tables: `walkTables(_:)` over its components.
    func emitTypeWalk(_ t: GenType, _ x: WalkerContext, into code: inout CodeWriter) {
        var body: [String] = []
        switch t.kind {
        case .sequence(let s):
            for f in s.allFields {
                let inner = walk(f.type, f.optional ? "v" : f.swiftName, x, depth: 0)
                guard !inner.isEmpty else { continue }
                let enter = "w.enter(field: \(Naming.literal(f.asn1Name)))"
                if f.optional {
                    // An absent OPTIONAL container has nothing to check: NGAP's optional containers (extension
                    // containers) have no mandatory rows (NGAPValidation's tests check this).
                    body.append("if let v = \(f.swiftName) {")
                    body += ["    " + enter] + inner.map { "    " + $0 } + ["    w.leave()"]
                    body.append("}")
                } else {
                    body += [enter] + inner + ["w.leave()"]
                }
            }
        case .choice(let c):
            var cases: [String] = []
            for a in c.root + c.additions {
                let inner = walk(a.type, "v", x, depth: 0)
                guard !inner.isEmpty else { continue }
                cases.append("case .\(a.swiftName)(let v):")
                cases += ["    w.enter(field: \(Naming.literal(a.asn1Name)))"] + inner.map { "    " + $0 } + ["    w.leave()"]
            }
            // `default` only when some case holds no table (an extensible CHOICE has a case for unknown extensions).
            let handled = cases.filter { $0.hasPrefix("case ") }.count
            let all = c.root.count + c.additions.count + (c.extensible ? 1 : 0)
            if !cases.isEmpty { body = ["switch self {"] + cases + (handled < all ? ["default: break"] : []) + ["}"] }
        case .openType(let o):
            body = openTypeWalk(o, "self", x)
        case .wrapper(let v):
            body = walk(v, "value", x, depth: 0)
        case .enumerated, .alias:
            break
        }
        guard !body.isEmpty else { return }
        code.line()
        code.block("extension \(t.swiftName) {") { c in
            c.block("func walkTables(_ w: inout \(x.walker)) {") { b in body.forEach { b.line($0) } }
        }
    }

    /// The lines walking value `expr` of type `v`; none when it holds no table.
    func walk(_ v: ValueType, _ expr: String, _ x: WalkerContext, depth: Int) -> [String] {
        switch v {
        case .named(let n, _), .openType(let n, _):
            guard let t = resolved(n), x.containing.contains(t.swiftName) else { return [] }
            return x.fields[t.swiftName] != nil ? ["\(expr).walkSingle(&w)"] : ["\(expr).walkTables(&w)"]
        case .list(let e, _):
            if case .named(let n, _) = e, let t = resolved(n), x.fields[t.swiftName] != nil {
                return ["\(t.swiftName).walkContainer(\(expr), &w)"]
            }
            let inner = walk(e, "\(expr)[i\(depth)]", x, depth: depth + 1)
            guard !inner.isEmpty else { return [] }
            return ["for i\(depth) in \(expr).indices {", "    w.enter(index: i\(depth))"] + inner.map { "    " + $0 }
                + ["    w.leave()", "}"]
        case .containing(_, _, let inner, let innerASN1):
            let lines = walk(inner, "x\(depth)", x, depth: depth + 1)
            guard !lines.isEmpty else { return [] }
            return ["if case .value(let x\(depth)) = \(expr) {", "    w.enter(type: \(Naming.literal(innerASN1)))"]
                + lines.map { "    " + $0 } + ["    w.leave()", "}"]
        default:
            return []
        }
    }
}
