/// Swift expressions and statements that decode, encode, write as JER, read from
/// JER, and make random values of one `ValueType`. Closures get explicit
/// signatures so the generated code type-checks quickly.
struct ValueCodec {
    /// Nesting level, used to name closure parameters uniquely.
    var level = 0
    /// The fewest APER bits of each named type, by Swift name (`MinimumSize.table`).
    var sizes: [String: Int] = [:]

    func intLiteral(_ v: Int128?) -> String {
        guard let v else { return "nil" }
        if v == Int128(Int64.min) { return "Int64.min" }
        return String(v)
    }

    func sizeArgs(_ s: SizeConstraint) -> String {
        "\(s.lowerBound), \(s.upperBound.map(String.init) ?? "nil"), extensible: \(s.extensible)"
    }

    func alphabetLiteral(_ alphabet: [UInt32]?) -> String {
        guard let alphabet else { return "nil" }
        return "[" + alphabet.map { "Unicode.Scalar(\($0))!" }.joined(separator: ", ") + "]"
    }

    var next: ValueCodec { ValueCodec(level: level + 1, sizes: sizes) }

    /// The fewest bits a value of `t` takes in APER.
    func minimumBits(_ t: ValueType) -> Int {
        var m = MinimumSize(known: sizes)
        return m.bits(t)
    }
    var e: String { "e\(level)" }

    // MARK: APER

    /// An expression decoding a value from reader `r`.
    func decode(_ t: ValueType) -> String {
        switch t {
        case .named(let name, _):
            return "try \(name)(aperDecoding: &r)"
        case .boolean:
            return "try r.readBit()"
        case .null:
            return "ASN1Null()"
        case .integer(let c):
            if c.unsigned {
                return "try r.readConstrainedUnsigned(\(c.lowerBound!), \(c.upperBound!))"
            }
            if let lb = c.lowerBound, let ub = c.upperBound, !c.extensible {
                // X.691 11.5.7: pick the field form now, so the decoder is straight-line code.
                let span = ub - lb
                let offset: String
                if span == 0 { return intLiteral(lb) }
                if span < 255 {
                    var bits = 0
                    while (Int128(1) << bits) <= span { bits += 1 }
                    offset = "r.readBitField(\(bits), maximum: \(span))"
                } else if span == 255 {
                    offset = "r.readAlignedOctet()"
                } else if span < 65536 {
                    offset = "r.readAlignedUInt16(maximum: \(span))"
                } else {
                    return "try r.readInteger(\(intLiteral(lb)), \(intLiteral(ub)), extensible: false)"
                }
                return lb == 0 ? "try Int64(\(offset))" : "try \(intLiteral(lb)) &+ Int64(\(offset))"
            }
            return "try r.readInteger(\(intLiteral(c.lowerBound)), \(intLiteral(c.upperBound)), extensible: \(c.extensible))"
        case .bitString(let s):
            return "try r.readBitString(\(sizeArgs(s)))"
        case .octetString(let s):
            return "try r.readOctetString(\(sizeArgs(s)))"
        case .containing(let isBits, let s, let inner, _):
            let fn = isBits ? "readBitsContaining" : "readContaining"
            return "try r.\(fn)(\(sizeArgs(s))) { (r: inout APERReader) throws(APERDecodingError) -> \(inner.swiftType) in \(decode(inner)) }"
        case .characterString(_, let s, let bits, let alphabet):
            return "try r.readCharacterString(\(sizeArgs(s)), bitsPerCharacter: \(bits), alphabet: \(alphabetLiteral(alphabet)))"
        case .utf8String:
            return "try r.readUTF8String()"
        case .opaqueString:
            return "try r.readOctetString(0, nil, extensible: false)"
        case .objectIdentifier:
            return "try r.readObjectIdentifier()"
        case .list(let element, let s):
            return "try r.readList(\(sizeArgs(s)), minimumElementBits: \(minimumBits(element))) { (r: inout APERReader) throws(APERDecodingError) -> \(element.swiftType) in \(next.decode(element)) }"
        case .openTypeBytes:
            return "try r.readOpenTypeBytes()"
        case .openType(let name, _):
            return "try \(name)(aperDecoding: &r, selector: 0)"
        }
    }

    /// A statement appending the encoding of `v` to writer `w`.
    func encode(_ t: ValueType, _ v: String) -> String {
        switch t {
        case .named, .openType:
            return "try \(v).aperEncode(into: &w)"
        case .boolean:
            return "w.writeBit(\(v))"
        case .null:
            return "_ = \(v)"
        case .integer(let c):
            if c.unsigned {
                return "try w.writeConstrainedUnsigned(\(v), \(c.lowerBound!), \(c.upperBound!))"
            }
            return "try w.writeInteger(\(v), \(intLiteral(c.lowerBound)), \(intLiteral(c.upperBound)), extensible: \(c.extensible))"
        case .bitString(let s):
            return "try w.writeBitString(\(v), \(sizeArgs(s)))"
        case .octetString(let s):
            return "try w.writeOctetString(\(v), \(sizeArgs(s)))"
        case .containing(let isBits, let s, let inner, _):
            let fn = isBits ? "writeBitsContaining" : "writeContaining"
            return "try w.\(fn)(\(v), \(sizeArgs(s))) { (w: inout APERWriter, \(e): \(inner.swiftType)) throws(APEREncodingError) in \(next.encode(inner, e)) }"
        case .characterString(_, let s, let bits, let alphabet):
            return "try w.writeCharacterString(\(v), \(sizeArgs(s)), bitsPerCharacter: \(bits), alphabet: \(alphabetLiteral(alphabet)))"
        case .utf8String:
            return "w.writeUTF8String(\(v))"
        case .opaqueString:
            return "try w.writeOctetString(\(v), 0, nil, extensible: false)"
        case .objectIdentifier:
            return "w.writeObjectIdentifier(\(v))"
        case .list(let element, let s):
            return "try w.writeList(\(v), \(sizeArgs(s))) { (w: inout APERWriter, \(e): \(element.swiftType)) throws(APEREncodingError) in \(next.encode(element, e)) }"
        case .openTypeBytes:
            return "w.writeOpenTypeBytes(\(v))"
        }
    }

    // MARK: JER

    /// Statements writing the JER of `v` to JSON writer `j`.
    func jerEncode(_ t: ValueType, _ v: String, into code: inout CodeWriter) {
        switch t {
        case .named, .openType:
            code.line("\(v).jerEncode(into: &j)")
        case .boolean:
            code.line("j.bool(\(v))")
        case .null:
            code.line("j.null()")
        case .integer(let c):
            code.line(c.unsigned ? "j.uint(\(v))" : "j.int(\(v))")
        case .bitString(let s):
            if s.extensible && s.upperBound == s.lowerBound {
                code.line("j.bitString(\(v), fixedSize: false, singleRootSize: true)")
            } else {
                code.line("j.bitString(\(v), fixedSize: \(s.isFixed))")
            }
        case .octetString, .openTypeBytes, .opaqueString:
            code.line("j.hex(\(v).slice)")
        case .containing(_, _, let inner, let innerName):
            code.block("switch \(v) {") { c in
                c.line("case .value(let \(e)):")
                c.indent()
                c.line("j.beginObject()")
                c.line("j.quotedKey(\(Naming.quotedKeyLiteral(innerName)))")
                next.jerEncode(inner, e, into: &c)
                c.line("j.endObject()")
                c.dedent()
                c.line("case .undecoded(let \(e)):")
                c.indent()
                c.line("j.hex(\(e).slice)")
                c.dedent()
            }
        case .characterString, .utf8String:
            code.line("j.string(\(v))")
        case .objectIdentifier:
            code.line("j.string(\(v).description)")
        case .list(let element, _):
            code.line("j.beginArray()")
            code.block("for \(e) in \(v) {") { c in next.jerEncode(element, e, into: &c) }
            code.line("j.endArray()")
        }
    }

    /// An expression reading a value from the JSON value `x`.
    func jerDecode(_ t: ValueType, _ x: String) -> String {
        switch t {
        case .named(let name, _):
            return "try \(name)(jerDecoding: \(x))"
        case .boolean:
            return "try JER.boolean(\(x))"
        case .null:
            return "try JER.null(\(x))"
        case .integer(let c):
            if c.unsigned { return "try JER.unsigned(\(x), \(c.lowerBound!), \(c.upperBound!))" }
            return "try JER.integer(\(x), \(intLiteral(c.lowerBound)), \(intLiteral(c.upperBound)), extensible: \(c.extensible))"
        case .bitString(let s):
            return "try JER.bitString(\(x), \(sizeArgs(s)))"
        case .octetString(let s):
            return "try JER.octetString(\(x), \(sizeArgs(s)))"
        case .containing(_, _, let inner, let innerName):
            let p = "x\(level)"
            return "try JER.contained(\(x), typeName: \(Naming.literal(innerName))) { (\(p): JSONValue) throws(JERDecodingError) -> \(inner.swiftType) in \(next.jerDecode(inner, p)) }"
        case .characterString(_, let s, _, _):
            return "try JER.string(\(x), \(sizeArgs(s)))"
        case .utf8String:
            return "try JER.string(\(x))"
        case .opaqueString, .openTypeBytes:
            return "try JER.openTypeBytes(\(x))"
        case .objectIdentifier:
            return "try JER.objectIdentifier(\(x))"
        case .list(let element, let s):
            let p = "x\(level)"
            return "try JER.list(\(x), \(sizeArgs(s))) { (\(p): JSONValue) throws(JERDecodingError) -> \(element.swiftType) in \(next.jerDecode(element, p)) }"
        case .openType(let name, _):
            return "try \(name)(jerDecoding: \(x), selector: 0)"
        }
    }

    // MARK: Random values

    /// An expression making a random valid value with generator `g` at `depth`.
    func random(_ t: ValueType) -> String {
        switch t {
        case .named(let name, _), .openType(let name, _):
            return "\(name).random(using: &g, depth: depth + 1)"
        case .boolean:
            return "ASN1Random.bool(&g)"
        case .null:
            return "ASN1Null()"
        case .integer(let c):
            if c.unsigned { return "ASN1Random.unsigned(\(c.lowerBound!), \(c.upperBound!), &g)" }
            return "ASN1Random.integer(\(intLiteral(c.lowerBound)), \(intLiteral(c.upperBound)), extensible: \(c.extensible), &g)"
        case .bitString(let s):
            return "ASN1Random.bitString(\(sizeArgs(s)), &g)"
        case .octetString(let s):
            return "ASN1Random.octets(\(sizeArgs(s)), &g)"
        case .containing(_, _, let inner, _):
            return "ASN1Contained<\(inner.swiftType)>.value(\(random(inner)))"
        case .characterString(let kind, let s, _, let alphabet):
            return "ASN1Random.string(\(sizeArgs(s)), kind: \(Naming.literal(kind)), alphabet: \(alphabetLiteral(alphabet)), &g)"
        case .utf8String:
            return "ASN1Random.utf8(0, nil, &g)"
        case .opaqueString:
            return "ASN1Random.octets(0, 8, extensible: false, &g)"
        case .objectIdentifier:
            return "ASN1Random.objectIdentifier(&g)"
        case .list(let element, let s):
            return "ASN1Random.list(\(sizeArgs(s)), depth: depth, &g) { (g: inout G) -> \(element.swiftType) in \(random(element)) }"
        case .openTypeBytes:
            return "ASN1Random.octets(1, 6, extensible: false, &g)"
        }
    }
}
