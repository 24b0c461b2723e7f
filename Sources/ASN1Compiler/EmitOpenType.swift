/// Open types selected from an object set (X.681 14.2, X.682 10): an enum with a
/// case per object and `unknown` for values whose selector the set does not know.
/// The APER form is an open type (X.691 11.2); JER writes the value itself.
extension SwiftEmitter {
    func selectorLiteral(_ v: Int128) -> String { v == Int128(Int64.min) ? "Int64.min" : String(v) }

    func declareOpenType(_ t: GenType, _ o: GenOpenType, into code: inout CodeWriter) {
        code.line("/// ASN.1 `\(t.asn1Name)` (\(t.module)): the values of `\(o.field)` in object set")
        code.line("/// `\(o.objectSet)`, selected by the object's UNIQUE field.")
        code.block("public enum \(t.localName): Hashable, Sendable {") { b in
            for c in o.cases {
                b.line("/// Selector \(c.selector): `\(c.type.asn1Name)`")
                b.line("\(indirectKeyword(c.type))case \(c.swiftName)(\(c.type.swiftType))")
            }
            b.line("/// A value whose selector the object set does not define: its undecoded encoding.")
            b.line("case unknown(ASN1Bytes)")
        }
    }

    func openTypeCodecs(_ t: GenType, _ o: GenOpenType, into code: inout CodeWriter) {
        let codec = valueCodec
        let selectorType = "Int64"
        code.line()
        code.block("extension \(t.swiftName) {") { x in
            x.line("/// The selector value this case belongs to; nil for `unknown`.")
            x.block("public var selector: \(selectorType)? {") { b in
                b.line("switch self {")
                for c in o.cases { b.line("case .\(c.swiftName): return \(selectorLiteral(c.selector))") }
                b.line("case .unknown: return nil")
                b.line("}")
            }
            x.line()
            x.line("/// Whether `selector` selects this case; for `unknown`, whether the set defines no object for it.")
            x.block("public func isSelected(by selector: \(selectorType)) -> Bool {") { b in
                b.block("guard case .unknown = self else {") { g in g.line("return self.selector == selector") }
                b.line("switch selector {")
                let all = o.cases.map { selectorLiteral($0.selector) }
                var lines: [String] = []
                var i = 0
                while i < all.count {
                    lines.append(all[i..<min(i + 16, all.count)].joined(separator: ", "))
                    i += 16
                }
                if !lines.isEmpty { b.line("case " + lines.joined(separator: ",\n     ") + ": return false") }
                b.line("default: return true")
                b.line("}")
            }
            x.line()
            x.line("/// The ASN.1 name of the value's type (`unknown` when the selector is not in the set).")
            x.block("public var typeName: String {") { b in
                b.line("switch self {")
                for c in o.cases { b.line("case .\(c.swiftName): return \(Naming.literal(c.type.asn1Name))") }
                b.line("case .unknown: return \"unknown\"")
                b.line("}")
            }
            x.line()
            x.line("/// Decodes the open type whose value the object with `selector` defines.")
            x.block("public init(aperDecoding r: inout APERReader, selector: \(selectorType)) throws(APERDecodingError) {") { b in
                let needsTypeName = o.cases.contains { if case .named = $0.type { return false } else { return true } }
                if !needsTypeName {
                    b.line("switch selector {")
                    for c in o.cases {
                        if case .named(let name, let asn1) = c.type {
                            b.line("case \(selectorLiteral(c.selector)): self = .\(c.swiftName)(try r.readOpenTypeValue(\(name).self, \(Naming.literal(asn1))))")
                        }
                    }
                    b.line("default: self = .unknown(try r.readOpenTypeBytes())")
                    b.line("}")
                    return
                }
                b.line("var typeName: StaticString = \"\"")
                b.block("do throws(APERDecodingError) {") { d in
                    d.line("switch selector {")
                    for c in o.cases {
                        if case .named(let name, let asn1) = c.type {
                            d.line("case \(selectorLiteral(c.selector)): self = .\(c.swiftName)(try r.readOpenTypeValue(\(name).self, \(Naming.literal(asn1))))")
                            continue
                        }
                        d.line("case \(selectorLiteral(c.selector)):")
                        d.indent()
                        d.line("typeName = \(Naming.literal(c.type.asn1Name))")
                        d.line("self = .\(c.swiftName)(try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> \(c.type.swiftType) in \(codec.decode(c.type)) })")
                        d.dedent()
                    }
                    d.line("default:")
                    d.indent()
                    d.line("self = .unknown(try r.readOpenTypeBytes())")
                    d.dedent()
                    d.line("}")
                }
                b.block("catch {") { d in d.line("throw error.inside(type: typeName)") }
            }
            x.line()
            x.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                b.line("switch self {")
                for c in o.cases {
                    if case .named(_, let asn1) = c.type {
                        b.line("case .\(c.swiftName)(let v): try w.writeOpenTypeValue(v, \(Naming.literal(asn1)))")
                        continue
                    }
                    b.line("case .\(c.swiftName)(let v):")
                    b.indent()
                    b.block("do throws(APEREncodingError) {") { d in
                        d.line("try w.writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in \(codec.encode(c.type, "v")) }")
                    }
                    b.line("catch { throw error.inside(type: \(Naming.literal(c.type.asn1Name))) }")
                    b.dedent()
                }
                b.line("case .unknown(let bytes):")
                b.indent()
                b.line("w.writeOpenTypeBytes(bytes)")
                b.dedent()
                b.line("}")
            }
            x.line()
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                b.line("switch self {")
                for c in o.cases {
                    if case .named = c.type {
                        b.line("case .\(c.swiftName)(let v): v.jerEncode(into: &j)")
                        continue
                    }
                    b.line("case .\(c.swiftName)(let v):")
                    b.indent()
                    codec.jerEncode(c.type, "v", into: &b)
                    b.dedent()
                }
                b.line("case .unknown(let bytes):")
                b.indent()
                b.line("j.hex(bytes.slice)")
                b.dedent()
                b.line("}")
            }
        }
        jerDecoding(t, conformance: false, into: &code) { x in
            x.line("/// Reads the JER of the value the object with `selector` defines.")
            x.line("@_optimize(none)")
            x.block("public init(jerDecoding json: JSONValue, selector: \(selectorType)) throws(JERDecodingError) {") { b in
                b.line("switch selector {")
                for c in o.cases {
                    if case .named(let name, let asn1) = c.type {
                        b.line("case \(selectorLiteral(c.selector)): self = .\(c.swiftName)(try JER.openTypeValue(json, \(name).self, \(Naming.literal(asn1))))")
                        continue
                    }
                    b.line("case \(selectorLiteral(c.selector)):")
                    b.indent()
                    b.block("do throws(JERDecodingError) {") { d in
                        d.line("self = .\(c.swiftName)(\(codec.jerDecode(c.type, "json")))")
                    }
                    b.line("catch { throw error.inside(type: \(Naming.literal(c.type.asn1Name))) }")
                    b.dedent()
                }
                b.line("default:")
                b.indent()
                b.line("self = .unknown(try JER.openTypeBytes(json))")
                b.dedent()
                b.line("}")
            }
        }
    }
}
