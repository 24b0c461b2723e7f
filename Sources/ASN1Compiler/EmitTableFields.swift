/// SEQUENCEs tied to an object set by a table constraint (X.682 10), such as `ProtocolIE-Field`: a UNIQUE
/// selector, components the set fixes for each object (a criticality) and an open-type value. Each gets
/// `ASN1TableField`: a static function per object that builds the SEQUENCE from the value alone, a
/// property per object that reads the value when it is of that case, and the object set as a typed table.
extension SwiftEmitter {
    /// The parts of a table-constrained SEQUENCE.
    struct TableFieldShape {
        var selector: GenField
        /// Components whose value the object fixes (`criticality`), with the class field that holds it.
        var fixed: [(field: GenField, classField: String)]
        var value: GenField
        var openType: GenOpenType
    }

    /// The shape of `s` when every component is the selector, the open type it selects, or fixed by the object.
    func tableFieldShape(_ s: GenSequence) -> TableFieldShape? {
        let opens = s.allFields.filter { if case .openType = $0.type { return true } else { return false } }
        guard opens.count == 1, let value = opens.first, !value.optional, case .openType(let enumName, let selectorName) = value.type,
            let selector = s.allFields.first(where: { $0.swiftName == selectorName }), !selector.optional,
            let e = resolved(enumName), case .openType(let o) = e.kind
        else { return nil }
        var fixed: [(GenField, String)] = []
        for f in s.allFields where f.swiftName != selector.swiftName && f.swiftName != value.swiftName {
            guard let relation = f.tableRelation, relation.selector == selector.asn1Name, !f.optional else { return nil }
            fixed.append((f, relation.field))
        }
        return TableFieldShape(selector: selector, fixed: fixed, value: value, openType: o)
    }

    /// The Swift name of a per-case member of a table field: the case name, unless a component has it.
    func tableMemberName(_ caseName: String, in s: GenSequence) -> String {
        var name = caseName
        while s.allFields.contains(where: { $0.swiftName == name }) || ["objectSet", "unknownExtensions"].contains(name) {
            name += "_"
        }
        return name
    }

    func emitTableField(_ t: GenType, into code: inout CodeWriter) {
        guard case .sequence(let s) = t.kind, let shape = tableFieldShape(s) else { return }
        // Every object must give every fixed component a value this emitter can write.
        var builders: [(name: String, caseName: String, type: ValueType, arguments: [String], doc: String)] = []
        for c in shape.openType.cases {
            var arguments: [String] = []
            var described: [String] = []
            var complete = true
            for f in s.allFields {
                if f.swiftName == shape.selector.swiftName {
                    guard let e = settingExpression(.number(String(c.selector)), type: f.type) else { complete = false; break }
                    arguments.append("\(f.swiftName): \(e)")
                    described.append("\(f.asn1Name) \(c.selector)")
                } else if f.swiftName == shape.value.swiftName {
                    arguments.append("\(f.swiftName): .\(c.swiftName)(value)")
                } else if let fixed = shape.fixed.first(where: { $0.field.swiftName == f.swiftName }) {
                    guard let setting = c.settings[fixed.classField], let e = settingExpression(setting, type: f.type) else {
                        complete = false
                        break
                    }
                    arguments.append("\(f.swiftName): \(e)")
                    if case .identifier(let id) = setting { described.append("\(f.asn1Name) \(id)") }
                }
            }
            guard complete else { continue }
            builders.append((tableMemberName(c.swiftName, in: s), c.swiftName, c.type, arguments, described.joined(separator: ", ")))
        }
        let setName = shape.openType.objectSet
        code.line()
        code.block("extension \(t.swiftName): ASN1TableField {") { x in
            if let member = objectSetMembers[setName], let rowType = objectSetRowTypes[setName] {
                x.line("/// The object set `\(setName)` that selects the value.")
                x.line("public static var objectSet: ASN1ObjectSetTable<\(rowType)> { \(options.namespace)ObjectSets.\(member) }")
                x.line()
            }
            for b in builders {
                x.line("/// A `\(b.type.asn1Name)` with \(b.doc), as `\(setName)` defines it.")
                x.block("public static func \(b.name)(_ value: \(b.type.swiftType)) -> \(t.swiftName) {") { f in
                    f.line("\(t.swiftName)(\(b.arguments.joined(separator: ", ")))")
                }
            }
            for b in builders {
                x.line()
                x.line("/// The value when it is a `\(b.type.asn1Name)` (`.\(b.caseName)`), else nil.")
                x.block("public var \(b.name): \(b.type.swiftType)? {") { f in
                    f.line("if case .\(b.caseName)(let v) = \(shape.value.swiftName) { return v } else { return nil }")
                }
            }
        }
    }
}
