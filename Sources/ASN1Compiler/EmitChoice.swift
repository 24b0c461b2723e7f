/// CHOICE: an enum with a case per alternative, its APER codec (X.691 clause 23:
/// index, then the alternative; extension alternatives as open types) and its
/// JER codec (an object with one member).
extension SwiftEmitter {
    func declareChoice(_ t: GenType, _ c: GenChoice, into code: inout CodeWriter) {
        docComment(t, "a CHOICE", into: &code)
        code.block("public enum \(t.localName): Hashable, Sendable {") { b in
            for a in c.root + c.additions {
                b.line("/// `\(a.asn1Name)`")
                b.line("\(indirectKeyword(a.type))case \(a.swiftName)(\(a.type.swiftType))")
            }
            if c.extensible {
                b.line("/// An extension alternative this version does not know: its index among the additions and encoding.")
                b.line("case unknownExtension(index: Int, bytes: ASN1Bytes)")
            }
        }
    }

    func choiceCodecs(_ t: GenType, _ c: GenChoice, into code: inout CodeWriter) {
        let codec = valueCodec
        let rootCount = c.root.count
        let all = c.root + c.additions
        code.line()
        code.block("extension \(t.swiftName): APERCodable {") { x in
            x.block("public init(aperDecoding r: inout APERReader) throws(APERDecodingError) {") { b in
                if recursiveTypes.contains(t.swiftName) { enterNesting(into: &b) }
                b.line("let index = try r.readChoiceIndex(rootCount: \(rootCount), extensible: \(c.extensible))")
                b.line("var field: StaticString = \(Naming.literal(all.first?.asn1Name ?? ""))")
                b.block("do throws(APERDecodingError) {") { d in
                    d.line("switch index {")
                    for (i, a) in all.enumerated() {
                        let isLastRoot = !c.extensible && i == rootCount - 1
                        d.line(isLastRoot ? "default:" : "case \(i):")
                        d.indent()
                        d.line("field = \(Naming.literal(a.asn1Name))")
                        if i < rootCount {
                            d.line("self = .\(a.swiftName)(\(codec.decode(a.type)))")
                        } else {
                            d.line("self = .\(a.swiftName)(try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> \(a.type.swiftType) in \(codec.decode(a.type)) })")
                        }
                        d.dedent()
                    }
                    if c.extensible {
                        d.line("default:")
                        d.indent()
                        d.line("self = .unknownExtension(index: index - \(rootCount), bytes: try r.readOpenTypeBytes())")
                        d.dedent()
                    }
                    d.line("}")
                }
                b.block("catch {") { d in d.line("throw error.inside(field: field)") }
            }
            x.line()
            x.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                b.line("var field: StaticString = \(Naming.literal(all.first?.asn1Name ?? ""))")
                b.line("do throws(APEREncodingError) {")
                b.line("switch self {")
                for (i, a) in all.enumerated() {
                    let isNull = a.type == .null
                    b.line(isNull ? "case .\(a.swiftName):" : "case .\(a.swiftName)(let v):")
                    b.indent()
                    b.line("w.writeChoiceIndex(\(i), rootCount: \(rootCount), extensible: \(c.extensible))")
                    let body: String
                    if i < rootCount {
                        body = isNull ? "" : codec.encode(a.type, "v")
                    } else {
                        body = "try w.writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in \(isNull ? "" : codec.encode(a.type, "v")) }"
                    }
                    b.line("field = \(Naming.literal(a.asn1Name))")
                    if !body.isEmpty { b.line(body) }
                    b.dedent()
                }
                if c.extensible {
                    b.line("case .unknownExtension(let index, let bytes):")
                    b.indent()
                    b.line("w.writeChoiceIndex(\(rootCount) + index, rootCount: \(rootCount), extensible: true)")
                    b.line("w.writeOpenTypeBytes(bytes)")
                    b.dedent()
                }
                b.line("}")
                b.line("}")
                b.line("catch { throw error.inside(field: field) }")
            }
        }
        code.line()
        code.block("extension \(t.swiftName): JEREncodable {") { x in
            x.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                b.line("j.beginObject()")
                b.line("switch self {")
                for a in all {
                    b.line(a.type == .null ? "case .\(a.swiftName):" : "case .\(a.swiftName)(let v):")
                    b.indent()
                    b.line("j.quotedKey(\(Naming.quotedKeyLiteral(a.asn1Name)))")
                    codec.jerEncode(a.type, "v", into: &b)
                    b.dedent()
                }
                if c.extensible {
                    b.line("case .unknownExtension(let index, let bytes):")
                    b.indent()
                    b.line("j.key(escaping: \"_ext_\\(index)\")")
                    b.line("j.hex(bytes.slice)")
                    b.dedent()
                }
                b.line("}")
                b.line("j.endObject()")
            }
        }
        jerDecoding(t, into: &code) { x in
            x.line("@_optimize(none)")
            x.block("public init(jerDecoding json: JSONValue) throws(JERDecodingError) {") { b in
                b.line("let member = try JER.choice(json)")
                b.line("switch member.key {")
                for a in all {
                    b.line("case \(Naming.literal(a.asn1Name)):")
                    b.indent()
                    b.block("do throws(JERDecodingError) {") { d in
                        d.line("self = .\(a.swiftName)(\(codec.jerDecode(a.type, "member.value")))")
                    }
                    b.line("catch { throw error.inside(field: \(Naming.literal(a.asn1Name))) }")
                    b.dedent()
                }
                b.line("default:")
                b.indent()
                if c.extensible {
                    b.block("if let index = JER.unknownExtensionIndex(member.key) {") { d in
                        d.line("self = .unknownExtension(index: index, bytes: try JER.openTypeBytes(member.value))")
                        d.line("return")
                    }
                }
                b.line("throw JER.unknownAlternative(member.key)")
                b.dedent()
                b.line("}")
            }
        }
    }
}
