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
        code.block("extension \(t.swiftName): JEREncodable {") { x in
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                b.line("switch self {")
                for item in all { b.line("case .\(item.swift): j.quotedString(\(Naming.quotedStringLiteral(item.asn1)))") }
                if e.extensible { b.line("case .unknownExtension(let n): j.string(\"_ext_\\(n)\")") }
                b.line("}")
            }
        }
        jerDecoding(t, into: &code) { x in
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
        if let raw = registryRawType(t) {
            docComment(t, describe(v) + ", an open registry", into: &code)
            code.line("/// Values the specification names are static members; any other value stays representable.")
            code.block("public struct \(t.localName): RawRepresentable, Hashable, Sendable, CustomStringConvertible {") { b in
                b.line("public var rawValue: \(raw)")
                b.line()
                b.block("public init(rawValue: \(raw)) {") { i in i.line("self.rawValue = rawValue") }
                b.line()
                b.line("/// The ASN.1 name of the value, or its number when the specification names none.")
                b.line("public var description: String { asn1Name ?? String(rawValue) }")
            }
            return
        }
        docComment(t, describe(v), into: &code)
        code.block("public struct \(t.localName): Hashable, Sendable {") { b in
            b.line("public var value: \(v.swiftType)")
            b.line()
            b.block("public init(_ value: \(v.swiftType)) {") { i in i.line("self.value = value") }
        }
    }

    /// The Swift type of a registry's raw value (an overlay's `registry`): the smallest unsigned integer
    /// that holds the INTEGER's range, else `Int64`; nil when `t` is not a registry.
    func registryRawType(_ t: GenType) -> String? {
        guard options.registries[t.asn1Name] != nil, case .wrapper(.integer(let c)) = t.kind else { return nil }
        guard let lb = c.lowerBound, let ub = c.upperBound, lb >= 0, !c.extensible else { return c.unsigned ? "UInt64" : "Int64" }
        if ub <= 0xFF { return "UInt8" }
        if ub <= 0xFFFF { return "UInt16" }
        if ub <= 0xFFFF_FFFF { return "UInt32" }
        return c.unsigned ? "UInt64" : "Int64"
    }

    /// A Swift expression making a value of wrapper or registry type `t` from the Int64 (UInt64) expression `e`.
    func wrapperInit(_ t: GenType, _ e: String) -> String {
        guard let raw = registryRawType(t) else { return "\(t.swiftName)(\(e))" }
        if raw == "Int64" || raw == "UInt64" { return "\(t.swiftName)(rawValue: \(e))" }
        return "\(t.swiftName)(rawValue: \(raw)(truncatingIfNeeded: \(e)))"
    }

    /// A Swift expression for the value `n` of wrapper or registry type `t`.
    func wrapperLiteral(_ t: GenType, _ n: Int128) -> String {
        registryRawType(t) != nil ? "\(t.swiftName)(rawValue: \(selectorLiteral(n)))" : "\(t.swiftName)(\(selectorLiteral(n)))"
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
        let raw = registryRawType(t)
        // A registry stores the number in its raw type; the codec works on Int64 (UInt64) values.
        let wide = v.swiftType
        let narrow = { (e: String) in raw == nil || raw == wide ? e : "\(raw!)(truncatingIfNeeded: \(e))" }
        let stored = raw == nil ? "value" : (raw == wide ? "rawValue" : "\(wide)(rawValue)")
        let property = raw == nil ? "value" : "rawValue"
        code.line()
        code.block("extension \(t.swiftName): APERCodable {") { x in
            x.block("public init(aperDecoding r: inout APERReader) throws(APERDecodingError) {") { b in
                b.line("self.\(property) = \(narrow(codec.decode(v)))")
            }
            x.line()
            x.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                b.line(codec.encode(v, stored))
            }
        }
        code.line()
        code.block("extension \(t.swiftName): JEREncodable {") { x in
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                codec.jerEncode(v, stored, into: &b)
            }
        }
        jerDecoding(t, into: &code) { x in
            x.line("@_optimize(none)")
            x.block("public init(jerDecoding json: JSONValue) throws(JERDecodingError) {") { b in
                b.line("self.init(\(raw == nil ? "" : "rawValue: ")\(narrow(codec.jerDecode(v, "json"))))")
            }
        }
    }
}
