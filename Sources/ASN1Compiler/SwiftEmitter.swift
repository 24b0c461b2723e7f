/// Writes the Swift source for a lowered specification: the types with their
/// APER and JER codecs, split into files of about `typesPerFile` types, plus
/// the value constants and the object sets as data. A second output holds
/// random-value generators for tests.
public struct SwiftEmitter {
    public struct Options {
        /// Namespace prefix for generated tables, e.g. `NGAP` → `NGAPConstants`, `NGAPObjectSets`.
        public var namespace: String
        /// Input file names for the header.
        public var inputs: [String]
        /// The command that regenerates the files, for the header.
        public var command: String
        /// Module the random generators extend (imported by them).
        public var moduleName: String
        public var typesPerFile = 100
        /// ASN.1 names of types to generate collectors for (`collect<Name>(into:)`).
        public var collectTypes: [String] = []
        /// INTEGER types generated as open registries, by ASN.1 name: the prefix their value names lose.
        public var registries: [String: String] = [:]
        /// ASN.1 types written by hand (no code generated for them), by ASN.1 name.
        public var handWritten: Set<String> = []
        /// Swift names of information object classes' row types, by class name.
        public var classNames: [String: String] = [:]
        /// The module that holds the JER decoders (`init(jerDecoding:)`), apart from the codec so that programs
        /// which only write JER do not compile them; nil to keep them beside the encoders.
        public var jerDecodingModule: String? = nil
        /// The module and type of the table walker (`walkerFiles()`); nil for none.
        public var walkerModule: String? = nil
        public var walkerType: String? = nil

        public init(namespace: String, inputs: [String], command: String, moduleName: String) {
            self.namespace = namespace
            self.inputs = inputs
            self.command = command
            self.moduleName = moduleName
        }

        /// The options an overlay sets.
        public init(overlay: Overlay, inputs: [String], command: String) {
            self.init(namespace: overlay.namespace, inputs: inputs, command: command, moduleName: overlay.module)
            typesPerFile = overlay.typesPerFile
            collectTypes = overlay.collect.map(\.asn1Name)
            registries = Dictionary(overlay.registries.map { ($0.asn1Name, $0.value) }, uniquingKeysWith: { a, _ in a })
            handWritten = Set(overlay.handWritten.map(\.asn1Name))
            classNames = Dictionary(overlay.classNames.map { ($0.asn1Name, $0.value) }, uniquingKeysWith: { a, _ in a })
            jerDecodingModule = overlay.jerDecodingModule
            walkerModule = overlay.walker?.module
            walkerType = overlay.walker?.type
        }
    }

    let lowering: Lowering
    let options: Options
    /// Every generated type by Swift name, nested ones included.
    let byName: [String: GenType]
    /// The collected types: ASN.1 and Swift names.
    var collect: [(asn1Name: String, swiftName: String)] = []
    /// For each collected type's Swift name, the types that can contain it.
    var collectorSets: [String: Set<String>] = [:]
    /// Named object sets: their member in `<namespace>ObjectSets` and the Swift name of their row type.
    var objectSetMembers: [String: String] = [:]
    var objectSetRowTypes: [String: String] = [:]
    /// Where JER decoders go while `jerDecodingFiles()` collects them for their own module.
    final class JERDecodingSink { var code: CodeWriter? }
    let jerDecodingSink = JERDecodingSink()
    /// The fewest APER bits of each type, by Swift name (for list guards).
    let minimumSizes: [String: Int]
    /// Types that can contain themselves directly; their decoders spend nesting budget.
    let recursiveTypes: Set<String>

    public init(lowering: Lowering, options: Options) {
        self.lowering = lowering
        self.options = options
        var all: [String: GenType] = [:]
        func visit(_ t: GenType) {
            all[t.swiftName] = t
            t.nested.forEach(visit)
        }
        lowering.types.forEach(visit)
        byName = all
        minimumSizes = MinimumSize.table(all)
        recursiveTypes = RecursiveTypes.find(all)
        for name in options.collectTypes {
            guard let t = lowering.byASN1Name[name] else { continue }
            collect.append((name, t.swiftName))
        }
        for target in collect { collectorSets[target.swiftName] = typesContaining(target.swiftName) }
        for set in SwiftEmitter.namedObjectSets(lowering.compilation) {
            objectSetMembers[set.name] = set.member
            objectSetRowTypes[set.name] = rowTypeName(set.className)
        }
    }

    /// The codec expressions' writer, with the minimum sizes of the types.
    var valueCodec: ValueCodec { ValueCodec(sizes: minimumSizes) }

    /// The first lines of the decoder of a recursive type: one level of the reader's nesting budget.
    func enterNesting(into b: inout CodeWriter) {
        b.line("try r.enterNesting()")
        b.line("defer { r.leaveNesting() }")
    }

    /// Generated files: name → contents.
    public func codecFiles() -> [(name: String, text: String)] {
        var files = split(emittedTypes) { t, code in emitType(t, into: &code) }.map { chunk in
            (chunk.name, header(imports: ["ASN1PER", "ASN1JER", "Bytes"]) + chunk.text)
        }
        files.append(("\(options.namespace)Constants.swift", header(imports: ["ASN1PER"]) + constants()))
        files.append(("\(options.namespace)ObjectSets.swift", header(imports: ["ASN1PER"]) + objectSets()))
        return files
    }

    /// The JER decoders, when they go to a module of their own (`Options.jerDecodingModule`); else none.
    public func jerDecodingFiles() -> [(name: String, text: String)] {
        guard options.jerDecodingModule != nil else { return [] }
        return split(emittedTypes) { t, code in
            jerDecodingSink.code = CodeWriter()
            var codec = CodeWriter()
            emitType(t, into: &codec)
            code.append(jerDecodingSink.code ?? CodeWriter())
            jerDecodingSink.code = nil
        }.map { chunk in
            (chunk.name.replacingOccurrences(of: ".swift", with: "+JER.swift"),
             header(imports: ["ASN1PER", "ASN1JER", "Bytes", options.moduleName]) + chunk.text)
        }
    }

    /// Emits a JER decoder (`body`) as `extension T: JERCodable` (or a plain extension): beside the
    /// encoder, or, with a JER decoding module, only while `jerDecodingFiles()` collects them.
    func jerDecoding(_ t: GenType, conformance: Bool = true, into code: inout CodeWriter, _ body: (inout CodeWriter) -> Void) {
        let open = conformance ? "extension \(t.swiftName): JERCodable {" : "extension \(t.swiftName) {"
        if options.jerDecodingModule == nil {
            code.line()
            code.block(open, body)
        } else if var sink = jerDecodingSink.code {
            if !sink.lines.isEmpty { sink.line() }
            sink.block(open, body)
            jerDecodingSink.code = sink
        }
    }

    /// Random-value generators (a separate module for tests).
    public func randomFiles() -> [(name: String, text: String)] {
        split(emittedTypes) { t, code in emitRandom(t, into: &code) }.map { chunk in
            (chunk.name.replacingOccurrences(of: ".swift", with: "+Random.swift"),
             header(imports: ["ASN1PER", options.moduleName]) + chunk.text)
        }
    }

    /// The top-level types to generate: all but those written by hand.
    var emittedTypes: [GenType] { lowering.types.filter { !options.handWritten.contains($0.asn1Name) } }

    func header(imports: [String]) -> String {
        var lines = [
            "// Generated by asn1gen (CoreGate's ASN.1 compiler). Do not edit: change the compiler or",
            "// its inputs and regenerate.",
            "// Inputs: " + options.inputs.joined(separator: ", "),
            "// Regenerate: " + options.command,
            "",
        ]
        for i in imports { lines.append("import \(i)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Groups consecutive types of one ASN.1 module into files of about `typesPerFile` types.
    func split(_ types: [GenType], _ emit: (GenType, inout CodeWriter) -> Void) -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        var code = CodeWriter()
        var count = 0
        var module = ""
        var fileIndex: [String: Int] = [:]
        func flush() {
            guard count > 0 else { return }
            let n = fileIndex[module, default: 0] + 1
            fileIndex[module] = n
            let name = module.replacingOccurrences(of: " ", with: "") + "." + String(format3(n)) + ".swift"
            out.append((name, code.text))
            code = CodeWriter()
            count = 0
        }
        for t in types {
            let m = t.asn1Name.contains("{") ? "Instances" : t.module
            if m != module || count >= options.typesPerFile {
                flush()
                module = m
            }
            code.line()
            emit(t, &code)
            count += 1 + countNested(t)
        }
        flush()
        return out
    }

    func format3(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }

    func countNested(_ t: GenType) -> Int { t.nested.reduce(0) { $0 + 1 + countNested($1) } }

    // MARK: Types

    func docComment(_ t: GenType, _ what: String, into code: inout CodeWriter) {
        code.line("/// ASN.1 `\(t.asn1Name)` (\(t.module)): \(what).")
    }

    /// Emits a type and, after it, its nested types as extensions of it.
    func emitType(_ t: GenType, into code: inout CodeWriter) {
        // A friendly type written by hand (an overlay's `map`) stands for this one.
        if options.handWritten.contains(t.asn1Name) { return }
        let parts = t.swiftName.split(separator: ".")
        if parts.count > 1 {
            let parent = parts.dropLast().joined(separator: ".")
            code.block("extension \(parent) {") { c in emitDeclaration(t, into: &c) }
        } else {
            emitDeclaration(t, into: &code)
        }
        emitConformances(t, into: &code)
        emitTableField(t, into: &code)
        emitCollectors(t, into: &code)
        for n in t.nested {
            code.line()
            emitType(n, into: &code)
        }
    }

    func emitDeclaration(_ t: GenType, into code: inout CodeWriter) {
        switch t.kind {
        case .sequence(let s): declareSequence(t, s, into: &code)
        case .choice(let c): declareChoice(t, c, into: &code)
        case .enumerated(let e): declareEnumerated(t, e, into: &code)
        case .wrapper(let v): declareWrapper(t, v, into: &code)
        case .alias(let target):
            docComment(t, "the same type as `\(target)`", into: &code)
            code.line("public typealias \(t.localName) = \(target)")
        case .openType(let o): declareOpenType(t, o, into: &code)
        }
    }

    func emitConformances(_ t: GenType, into code: inout CodeWriter) {
        switch t.kind {
        case .sequence(let s): sequenceCodecs(t, s, into: &code)
        case .choice(let c): choiceCodecs(t, c, into: &code)
        case .enumerated(let e): enumeratedCodecs(t, e, into: &code)
        case .wrapper(let v): wrapperCodecs(t, v, into: &code)
        case .alias: break
        case .openType(let o): openTypeCodecs(t, o, into: &code)
        }
    }

    /// The Swift expression giving the integer value of selector component `field` of type `type`.
    func selectorExpression(_ field: String, type: ValueType) -> (expression: String, unsigned: Bool) {
        switch type {
        case .integer(let c): return (field, c.unsigned)
        case .named(let name, _):
            var t = byName[name]
            while let current = t, case .alias(let target) = current.kind { t = byName[target] }
            if let t, case .wrapper(.integer(let c)) = t.kind {
                guard let raw = registryRawType(t) else { return (field + ".value", c.unsigned) }
                return (raw == "Int64" || raw == "UInt64" ? field + ".rawValue" : "Int64(\(field).rawValue)", c.unsigned)
            }
            return (field + ".value", false)
        default:
            return (field, false)
        }
    }

    /// JSON object keys in the order pycrate writes them (Python's sort by code point).
    static func jsonOrder<T>(_ items: [T], key: (T) -> String) -> [T] {
        items.sorted { a, b in
            key(a).unicodeScalars.map(\.value).lexicographicallyPrecedes(key(b).unicodeScalars.map(\.value))
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
