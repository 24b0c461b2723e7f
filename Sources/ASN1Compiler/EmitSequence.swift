/// SEQUENCE and SET: a struct, its APER codec (X.691 clause 19: extension bit,
/// presence bitmap, root components, extension additions as open types) and
/// its JER codec (an object with members in pycrate's key order).
extension SwiftEmitter {
    func fieldType(_ f: GenField) -> String {
        f.optional ? f.type.swiftType + "?" : f.type.swiftType
    }

    func declareSequence(_ t: GenType, _ s: GenSequence, into code: inout CodeWriter) {
        docComment(t, "a SEQUENCE", into: &code)
        code.block("public struct \(t.localName): Hashable, Sendable {") { c in
            for f in s.allFields {
                c.line("/// `\(f.asn1Name)`\(f.optional ? ", optional" : "")\(f.additionIndex != nil ? " (extension addition)" : "")")
                c.line("public var \(f.swiftName): \(fieldType(f))")
            }
            if s.extensible {
                c.line("/// Extension additions this version does not know, kept for re-encoding.")
                c.line("public var unknownExtensions: [ASN1UnknownExtension]")
            }
            c.line()
            var params = s.allFields.map { "\($0.swiftName): \(fieldType($0))\($0.optional ? " = nil" : "")" }
            if s.extensible { params.append("unknownExtensions: [ASN1UnknownExtension] = []") }
            c.block("public init(\(params.joined(separator: ", "))) {") { b in
                for f in s.allFields { b.line("self.\(f.swiftName) = \(f.swiftName)") }
                if s.extensible { b.line("self.unknownExtensions = unknownExtensions") }
            }
        }
    }

    /// Index of each optional root component in the presence bitmap (first is most significant).
    func presenceMasks(_ s: GenSequence) -> (count: Int, bit: [String: Int]) {
        var bit: [String: Int] = [:]
        let optionals = s.root.filter(\.optional)
        for (i, f) in optionals.enumerated() { bit[f.swiftName] = optionals.count - 1 - i }
        return (optionals.count, bit)
    }

    /// The expression decoding component `f` (open types use their selector).
    func decodeField(_ f: GenField, in s: GenSequence, codec: ValueCodec) -> String {
        if case .openType(let name, let selector) = f.type {
            let selectorType = s.allFields.first { $0.swiftName == selector }!.type
            let (expression, _) = selectorExpression("self." + selector, type: selectorType)
            return "try \(name)(aperDecoding: &r, selector: \(expression))"
        }
        return codec.decode(f.type)
    }

    func jerDecodeField(_ f: GenField, in s: GenSequence, json: String, codec: ValueCodec) -> String {
        if case .openType(let name, let selector) = f.type {
            let selectorType = s.allFields.first { $0.swiftName == selector }!.type
            let (expression, _) = selectorExpression("f_" + selector, type: selectorType)
            return "try \(name)(jerDecoding: \(json), selector: \(expression))"
        }
        return codec.jerDecode(f.type, json)
    }

    func sequenceCodecs(_ t: GenType, _ s: GenSequence, into code: inout CodeWriter) {
        let codec = valueCodec
        let (optionalCount, bit) = presenceMasks(s)
        let firstName = s.allFields.first.map { Naming.literal($0.asn1Name) } ?? "\"\""
        code.line()
        code.block("extension \(t.swiftName): APERCodable {") { c in
            // Decoder
            c.block("public init(aperDecoding r: inout APERReader) throws(APERDecodingError) {") { b in
                if s.allFields.isEmpty && !s.extensible {
                    return
                }
                if recursiveTypes.contains(t.swiftName) { enterNesting(into: &b) }
                b.line("var field: StaticString = \(firstName)")
                b.block("do throws(APERDecodingError) {") { d in
                    if s.extensible { d.line("let extended = try r.readBit()") }
                    if optionalCount > 64 {
                        d.line("let present = try r.readPresenceList(\(optionalCount))")
                    } else if optionalCount > 0 {
                        d.line("let present = try r.readPresence(\(optionalCount))")
                    }
                    for f in s.root {
                        d.line("field = \(Naming.literal(f.asn1Name))")
                        let expr = decodeField(f, in: s, codec: codec)
                        if f.optional {
                            let test = optionalCount > 64
                                ? "present[\(optionalCount - 1 - bit[f.swiftName]!)]"
                                : "present & 0x\(String(UInt64(1) << UInt64(bit[f.swiftName]!), radix: 16)) != 0"
                            d.line("if \(test) { self.\(f.swiftName) = \(expr) } else { self.\(f.swiftName) = nil }")
                        } else {
                            d.line("self.\(f.swiftName) = \(expr)")
                        }
                    }
                    if s.extensible {
                        decodeAdditions(s, codec: codec, into: &d)
                    }
                }
                b.block("catch {") { d in d.line("throw error.inside(field: field)") }
            }
            // Encoder
            c.line()
            c.block("public func aperEncode(into w: inout APERWriter) throws(APEREncodingError) {") { b in
                if s.allFields.isEmpty && !s.extensible { return }
                b.line("var field: StaticString = \(firstName)")
                b.block("do throws(APEREncodingError) {") { d in
                    if s.extensible {
                        let tests = s.additions.flatMap { $0 }.map { "\($0.swiftName) != nil" } + ["!unknownExtensions.isEmpty"]
                        d.line("let extended = \(tests.joined(separator: " || "))")
                        d.line("w.writeBit(extended)")
                    }
                    if optionalCount > 64 {
                        let list = s.root.filter(\.optional).map { "\($0.swiftName) != nil" }
                        d.line("w.writePresenceList([\(list.joined(separator: ", "))])")
                    } else if optionalCount > 0 {
                        d.line("var present: UInt64 = 0")
                        for f in s.root where f.optional {
                            d.line("if \(f.swiftName) != nil { present |= 0x\(String(UInt64(1) << UInt64(bit[f.swiftName]!), radix: 16)) }")
                        }
                        d.line("w.writeBits(present, count: \(optionalCount))")
                    }
                    for f in s.root {
                        d.line("field = \(Naming.literal(f.asn1Name))")
                        if case .openType(_, let selector) = f.type, !f.optional,
                            let selectorField = s.allFields.first(where: { $0.swiftName == selector })
                        {
                            // X.682 10: the selector must select the value's case (an IE id matches its value).
                            let (expression, _) = selectorExpression(selector, type: selectorField.type)
                            d.block("guard \(f.swiftName).isSelected(by: \(expression)) else {") { g in
                                g.line("throw APEREncodingError.selectorMismatch(selector: \(expression), valueSelector: \(f.swiftName).selector, valueType: \(f.swiftName).typeName)")
                            }
                        }
                        if f.optional {
                            d.line("if let v = \(f.swiftName) { \(codec.encode(f.type, "v")) }")
                        } else {
                            d.line(codec.encode(f.type, f.swiftName))
                        }
                    }
                    if s.extensible { encodeAdditions(s, codec: codec, into: &d) }
                }
                b.block("catch {") { d in d.line("throw error.inside(field: field)") }
            }
        }
        code.line()
        code.block("extension \(t.swiftName): JEREncodable {") { c in
            c.block("public func jerEncode(into j: inout JSONWriter) {") { b in
                b.line("j.beginObject()")
                if s.extensible { b.line("j.unknownExtensions(unknownExtensions)") }
                for f in SwiftEmitter.jsonOrder(s.allFields, key: \.asn1Name) {
                    if f.optional {
                        b.block("if let v = \(f.swiftName) {") { d in
                            d.line("j.quotedKey(\(Naming.quotedKeyLiteral(f.asn1Name)))")
                            codec.jerEncode(f.type, "v", into: &d)
                        }
                    } else {
                        b.line("j.quotedKey(\(Naming.quotedKeyLiteral(f.asn1Name)))")
                        codec.jerEncode(f.type, f.swiftName, into: &b)
                    }
                }
                b.line("j.endObject()")
            }
        }
        jerDecoding(t, into: &code) { c in
            c.line("@_optimize(none)")
            c.block("public init(jerDecoding json: JSONValue) throws(JERDecodingError) {") { b in
                b.line("let o = try JER.object(json)")
                b.line("try o.rejectUnknown([\(s.allFields.map { Naming.literal($0.asn1Name) }.joined(separator: ", "))])")
                // Built through the memberwise initialiser, so the decoder may live in another module.
                if s.allFields.isEmpty {
                    b.line(s.extensible ? "self.init(unknownExtensions: try o.unknownExtensions())" : "self.init()")
                    return
                }
                b.line("var field: StaticString = \(firstName)")
                b.block("do throws(JERDecodingError) {") { d in
                    for f in s.allFields {
                        d.line("field = \(Naming.literal(f.asn1Name))")
                        if f.optional {
                            d.line("let f_\(f.swiftName): \(fieldType(f)) = if let x = o[\(Naming.literal(f.asn1Name))] { \(jerDecodeField(f, in: s, json: "x", codec: codec)) } else { nil }")
                        } else {
                            d.line("let f_\(f.swiftName) = \(jerDecodeField(f, in: s, json: "try o.required(\(Naming.literal(f.asn1Name)))", codec: codec))")
                        }
                    }
                    var arguments = s.allFields.map { "\($0.swiftName): f_\($0.swiftName)" }
                    if s.extensible { arguments.append("unknownExtensions: try o.unknownExtensions()") }
                    d.line("self.init(\(arguments.joined(separator: ", ")))")
                }
                b.block("catch {") { d in d.line("throw error.inside(field: field)") }
            }
        }
    }

    func decodeAdditions(_ s: GenSequence, codec: ValueCodec, into d: inout CodeWriter) {
        if s.additions.isEmpty {
            d.line("if extended { self.unknownExtensions = try r.readUnknownExtensions() } else { self.unknownExtensions = [] }")
            return
        }
        for f in s.additions.flatMap({ $0 }) { d.line("var \(f.swiftName): \(f.type.swiftType)? = nil") }
        d.line("var unknown: [ASN1UnknownExtension] = []")
        d.block("if extended {") { e in
            e.line("let bitmap = try r.readExtensionBitmap()")
            e.block("for i in 0..<bitmap.count where bitmap[i] {") { l in
                l.line("switch i {")
                for (i, group) in s.additions.enumerated() {
                    l.line("case \(i):")
                    l.indent()
                    l.line("field = \(Naming.literal(group[0].asn1Name))")
                    if s.additionIsGroup[i] {
                        decodeGroup(group, codec: codec, into: &l)
                    } else {
                        let f = group[0]
                        l.line("\(f.swiftName) = try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> \(f.type.swiftType) in \(codec.decode(f.type)) }")
                    }
                    l.dedent()
                }
                l.line("default:")
                l.indent()
                l.line("unknown.append(ASN1UnknownExtension(index: i, bytes: try r.readOpenTypeBytes()))")
                l.dedent()
                l.line("}")
            }
        }
        for f in s.additions.flatMap({ $0 }) { d.line("self.\(f.swiftName) = \(f.swiftName)") }
        d.line("self.unknownExtensions = unknown")
    }

    /// An extension group: an open type holding a SEQUENCE of the group's components.
    func decodeGroup(_ group: [GenField], codec: ValueCodec, into l: inout CodeWriter) {
        let optionals = group.filter { !$0.mandatoryInGroup }
        l.block("try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> Void in") { g in
            if !optionals.isEmpty { g.line("let present = try r.readPresence(\(optionals.count))") }
            for f in group {
                g.line("field = \(Naming.literal(f.asn1Name))")
                if f.mandatoryInGroup {
                    g.line("\(f.swiftName) = \(codec.decode(f.type))")
                } else {
                    let bitIndex = optionals.count - 1 - optionals.firstIndex { $0.swiftName == f.swiftName }!
                    g.line("if present & 0x\(String(UInt64(1) << UInt64(bitIndex), radix: 16)) != 0 { \(f.swiftName) = \(codec.decode(f.type)) }")
                }
            }
        }
    }

    func encodeAdditions(_ s: GenSequence, codec: ValueCodec, into d: inout CodeWriter) {
        if s.additions.isEmpty {
            d.line("if extended { w.writeUnknownExtensions(unknownExtensions) }")
            return
        }
        d.block("if extended {") { e in
            e.line("let count = max(\(s.additions.count), (unknownExtensions.last?.index ?? -1) + 1)")
            e.block("let present: (Int) -> Bool = { i in") { p in
                p.line("switch i {")
                for (i, group) in s.additions.enumerated() {
                    p.line("case \(i): return \(group.map { "\($0.swiftName) != nil" }.joined(separator: " || "))")
                }
                p.line("default: return unknownExtensions.contains { $0.index == i }")
                p.line("}")
            }
            e.line("w.writeExtensionBitmap(count: count, present)")
            e.block("for i in 0..<count where present(i) {") { l in
                l.line("switch i {")
                for (i, group) in s.additions.enumerated() {
                    l.line("case \(i):")
                    l.indent()
                    l.line("field = \(Naming.literal(group[0].asn1Name))")
                    if s.additionIsGroup[i] {
                        encodeGroup(group, codec: codec, into: &l)
                    } else {
                        let f = group[0]
                        l.line("if let v = \(f.swiftName) { try w.writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in \(codec.encode(f.type, "v")) } }")
                    }
                    l.dedent()
                }
                l.line("default:")
                l.indent()
                l.line("for u in unknownExtensions where u.index == i { w.writeOpenTypeBytes(u.bytes) }")
                l.dedent()
                l.line("}")
            }
        }
    }

    func encodeGroup(_ group: [GenField], codec: ValueCodec, into l: inout CodeWriter) {
        let optionals = group.filter { !$0.mandatoryInGroup }
        l.block("try w.writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in") { g in
            if !optionals.isEmpty {
                g.line("var present: UInt64 = 0")
                for (i, f) in optionals.enumerated() {
                    g.line("if \(f.swiftName) != nil { present |= 0x\(String(UInt64(1) << UInt64(optionals.count - 1 - i), radix: 16)) }")
                }
                g.line("w.writeBits(present, count: \(optionals.count))")
            }
            for f in group {
                if f.mandatoryInGroup {
                    g.block("guard let v = \(f.swiftName) else {") { x in
                        x.line("throw APEREncodingError.missingGroupComponent(\(Naming.literal(f.asn1Name)))")
                    }
                    g.line(codec.encode(f.type, "v"))
                } else {
                    g.line("if let v = \(f.swiftName) { \(codec.encode(f.type, "v")) }")
                }
            }
        }
    }
}
