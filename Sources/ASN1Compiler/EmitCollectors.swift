/// Collectors: for each type named with `--collect` (e.g. `NAS-PDU`), every type
/// that can contain it gets `collect<Name>(into:)`, which appends the values it
/// holds in order of appearance in the encoding. Used to find every NAS-PDU in
/// an NGAP message, including those inside lists and contained transfers.
extension SwiftEmitter {
    /// The generated type a Swift name stands for, following typealiases.
    func resolved(_ name: String) -> GenType? {
        var t = byName[name]
        var steps = 0
        while let current = t, case .alias(let target) = current.kind, steps < 64 {
            t = byName[target]
            steps += 1
        }
        return t
    }

    /// Swift names of the types that (transitively) contain a value of `target`.
    func typesContaining(_ target: String) -> Set<String> {
        guard let targetType = resolved(target) else { return [] }
        var result: Set<String> = []
        var changed = true
        func valueContains(_ v: ValueType) -> Bool {
            switch v {
            case .named(let n, _), .openType(let n, _):
                guard let t = resolved(n) else { return false }
                return t.swiftName == targetType.swiftName || result.contains(t.swiftName)
            case .list(let e, _): return valueContains(e)
            case .containing(_, _, let inner, _): return valueContains(inner)
            default: return false
            }
        }
        let all = Array(byName.values).sorted { $0.swiftName < $1.swiftName }
        while changed {
            changed = false
            for t in all where !result.contains(t.swiftName) && t.swiftName != targetType.swiftName {
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
        return result
    }

    /// Emits the collector methods of `t` for every collected type it can contain.
    func emitCollectors(_ t: GenType, into code: inout CodeWriter) {
        for target in collect {
            guard let targetType = resolved(target.swiftName), collectorSets[target.swiftName]?.contains(t.swiftName) == true
            else { continue }
            let method = "collect\(targetType.localName)"
            let containing = collectorSets[target.swiftName] ?? []
            code.line()
            code.block("extension \(t.swiftName) {") { x in
                x.line("/// Appends every `\(target.asn1Name)` in this value, in order of appearance.")
                x.block("public func \(method)(into out: inout [\(targetType.swiftName)]) {") { b in
                    switch t.kind {
                    case .sequence(let s):
                        for f in s.allFields {
                            let lines = collect(f.type, f.optional ? "v" : f.swiftName, target: targetType, containing: containing, method: method, depth: 0)
                            guard !lines.isEmpty else { continue }
                            if f.optional {
                                b.block("if let v = \(f.swiftName) {") { c in lines.forEach { c.line($0) } }
                            } else {
                                lines.forEach { b.line($0) }
                            }
                        }
                    case .choice(let c):
                        b.line("switch self {")
                        for a in c.root + c.additions {
                            let lines = collect(a.type, "v", target: targetType, containing: containing, method: method, depth: 0)
                            guard !lines.isEmpty else { continue }
                            b.line("case .\(a.swiftName)(let v):")
                            b.indent()
                            lines.forEach { b.line($0) }
                            b.dedent()
                        }
                        b.line("default: break")
                        b.line("}")
                    case .openType(let o):
                        b.line("switch self {")
                        for c in o.cases {
                            let lines = collect(c.type, "v", target: targetType, containing: containing, method: method, depth: 0)
                            guard !lines.isEmpty else { continue }
                            b.line("case .\(c.swiftName)(let v):")
                            b.indent()
                            lines.forEach { b.line($0) }
                            b.dedent()
                        }
                        b.line("default: break")
                        b.line("}")
                    case .wrapper(let v):
                        collect(v, "value", target: targetType, containing: containing, method: method, depth: 0).forEach { b.line($0) }
                    case .enumerated, .alias:
                        break
                    }
                }
            }
        }
    }

    func collect(_ v: ValueType, _ expr: String, target: GenType, containing: Set<String>, method: String, depth: Int) -> [String] {
        switch v {
        case .named(let n, _), .openType(let n, _):
            guard let t = resolved(n) else { return [] }
            if t.swiftName == target.swiftName { return ["out.append(\(expr))"] }
            return containing.contains(t.swiftName) ? ["\(expr).\(method)(into: &out)"] : []
        case .list(let e, _):
            let inner = collect(e, "x\(depth)", target: target, containing: containing, method: method, depth: depth + 1)
            guard !inner.isEmpty else { return [] }
            return ["for x\(depth) in \(expr) {"] + inner.map { "    " + $0 } + ["}"]
        case .containing(_, _, let innerType, _):
            let inner = collect(innerType, "x\(depth)", target: target, containing: containing, method: method, depth: depth + 1)
            guard !inner.isEmpty else { return [] }
            return ["if case .value(let x\(depth)) = \(expr) {"] + inner.map { "    " + $0 } + ["}"]
        default:
            return []
        }
    }
}
