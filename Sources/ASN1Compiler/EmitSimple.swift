/// ENUMERATED (X.691 clause 14) and wrapper structs for named simple types.
extension SwiftEmitter {
    func declareEnumerated(_ t: GenType, _ e: GenEnumerated, into code: inout CodeWriter) {
        docComment(t, "an ENUMERATED\(e.extensible ? " (extensible)" : "")", into: &code)
        if e.extensible {
            code.block("public enum \(t.localName): Hashable, Sendable {") { b in
                for item in e.root + e.additions { b.line("case \(item.swift)") }
                b.line("/// An extension item this version does not know, by its index among the additions.")
                b.line("case unknownExtension(Int)")
            }
        } else {
            code.block("public enum \(t.localName): Int, Hashable, Sendable, CaseIterable {") { b in
                for (i, item) in e.root.enumerated() { b.line("case \(item.swift) = \(i)") }
            }
        }
    }

    func enumeratedCodecs(_ t: GenType, _ e: GenEnumerated, into code: inout CodeWriter) {
        let rootCount = e.root.count
        let all = e.root + e.additions
        code.line()
        code.block("extension \(t.swiftName): APERCodable {") { x in
            x.block("public init(aperDecoding r: inout APERReader) throws(APERDecodingError) {") { b in
                b.line("let index = try r.readEnumerated(rootCount: \(rootCount), extensible: \(e.extensible))")
                if e.extensible {
                    b.line("switch index {")
                    for (i, item) in all.enumerated() { b.line("case \(i): self = .\(item.swift)") }
                    b.line("default: self = .unknownExtension(index - \(rootCount))")
                    b.line("}")
                } else {
                    b.block("guard let value = \(t.swiftName)(rawValue: index) else {") { g in
                        g.line("throw r.undefinedEnumerationIndex(index)")
                    }
                    b.line("self = value")
                }
            }
            x.line()
            x.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                if e.extensible {
                    b.line("let index: Int")
                    b.line("switch self {")
                    for (i, item) in all.enumerated() { b.line("case .\(item.swift): index = \(i)") }
                    b.line("case .unknownExtension(let n): index = \(rootCount) + n")
                    b.line("}")
                    b.line("w.writeEnumerated(index, rootCount: \(rootCount), extensible: true)")
                } else {
                    b.line("w.writeEnumerated(rawValue, rootCount: \(rootCount), extensible: false)")
                }
            }
        }
        code.line()
        code.block("extension \(t.swiftName): JERCodable {") { x in
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                b.line("switch self {")
                for item in all { b.line("case .\(item.swift): j.quotedString(\(Naming.quotedStringLiteral(item.asn1)))") }
                if e.extensible { b.line("case .unknownExtension(let n): j.string(\"_ext_\\(n)\")") }
                b.line("}")
            }
            x.line()
            x.line("@_optimize(none)")
            x.block("public init(jerDecoding json: JSONValue) throws(JERDecodingError) {") { b in
                b.line("let name = try JER.enumerated(json)")
                b.line("switch name {")
                for item in all { b.line("case \(Naming.literal(item.asn1)): self = .\(item.swift)") }
                b.line("default:")
                b.indent()
                if e.extensible {
                    b.block("if let n = JER.unknownExtensionIndex(name) {") { d in
                        d.line("self = .unknownExtension(n)")
                        d.line("return")
                    }
                }
                b.line("throw JER.unknownEnumerationItem(name)")
                b.dedent()
                b.line("}")
            }
        }
    }

    func declareWrapper(_ t: GenType, _ v: ValueType, into code: inout CodeWriter) {
        docComment(t, describe(v), into: &code)
        code.block("public struct \(t.localName): Equatable, Sendable {") { b in
            b.line("public var value: \(v.swiftType)")
            b.line()
            b.block("public init(_ value: \(v.swiftType)) {") { i in i.line("self.value = value") }
        }
    }

    func describe(_ v: ValueType) -> String {
        switch v {
        case .integer(let c):
            let range = "\(c.lowerBound.map { String($0) } ?? "MIN")..\(c.upperBound.map { String($0) } ?? "MAX")"
            return "INTEGER (\(range)\(c.extensible ? ", ..." : ""))"
        case .list(let e, let s): return "SEQUENCE (SIZE(\(describe(s)))) OF \(e.asn1Name)"
        case .bitString(let s): return "BIT STRING (SIZE(\(describe(s))))"
        case .octetString(let s): return "OCTET STRING (SIZE(\(describe(s))))"
        case .containing(_, _, _, let name): return "OCTET STRING (CONTAINING \(name))"
        case .characterString(let kind, let s, _, _): return "\(kind) (SIZE(\(describe(s))))"
        default: return v.asn1Name
        }
    }

    func describe(_ s: SizeConstraint) -> String {
        "\(s.lowerBound)..\(s.upperBound.map(String.init) ?? "MAX")\(s.extensible ? ", ..." : "")"
    }

    func wrapperCodecs(_ t: GenType, _ v: ValueType, into code: inout CodeWriter) {
        let codec = valueCodec
        code.line()
        code.block("extension \(t.swiftName): APERCodable {") { x in
            x.block("public init(aperDecoding r: inout APERReader) throws(APERDecodingError) {") { b in
                b.line("self.value = \(codec.decode(v))")
            }
            x.line()
            x.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                b.line(codec.encode(v, "value"))
            }
        }
        code.line()
        code.block("extension \(t.swiftName): JERCodable {") { x in
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                codec.jerEncode(v, "value", into: &b)
            }
            x.line()
            x.line("@_optimize(none)")
            x.block("public init(jerDecoding json: JSONValue) throws(JERDecodingError) {") { b in
                b.line("self.value = \(codec.jerDecode(v, "json"))")
            }
        }
    }
}
