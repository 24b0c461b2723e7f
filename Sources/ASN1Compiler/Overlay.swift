/// The customisation of one generation, read from an overlay file (in the manner of Wireshark's `ngap.cnf`):
/// what the generated code is called and what extra it offers, kept out of the ASN.1 and out of the
/// command line. The format is described in `Overlay.formatDescription` and at the top of every overlay.
public struct Overlay: Sendable, Equatable {
    /// Where a directive was written, for errors.
    public struct Place: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var description: String { "\(file):\(line)" }
    }

    /// A directive naming an ASN.1 name, with where it was written.
    public struct Entry: Sendable, Equatable {
        public var asn1Name: String
        /// The directive's second word (a Swift name or a prefix); empty for `collect`.
        public var value: String
        public var place: Place
    }

    /// Prefix of the generated tables (`NGAP` → `NGAPConstants`, `NGAPObjectSets`).
    public var namespace = "ASN1"
    /// Swift module holding the codec files (imported by the random-value files).
    public var module = "Generated"
    public var typesPerFile = 100
    /// Types that get `collect<Type>(into:)` on every type that can contain them.
    public var collect: [Entry] = []
    /// Swift names chosen instead of the mechanical ones, by ASN.1 type name.
    public var renames: [Entry] = []
    /// INTEGER types that become open registries, with the prefix their value names lose (`id-`).
    public var registries: [Entry] = []
    /// Types written by hand (a friendly value type): ASN.1 name → the Swift type that stands for it.
    public var handWritten: [Entry] = []
    /// Swift names of the row types of information object classes' tables, by class name.
    public var classNames: [Entry] = []
    /// The Swift module of the JER decoders, when they are generated apart from the codec.
    public var jerDecodingModule: String? = nil
    /// The Swift module and type of the table walker (`walkTables(_:)`), when one is generated.
    public var walker: Walker? = nil

    /// A `walker` directive: where the hand-written walker type lives.
    public struct Walker: Sendable, Equatable {
        public var module: String
        public var type: String
    }

    public init() {}

    public static let formatDescription = """
        One directive per line; `#` starts a comment; words are separated by blanks.
          namespace NAME            prefix of the generated tables: NAMEConstants, NAMEObjectSets
          module NAME               Swift module of the codec (the random-value files import it)
          types-per-file N          generated types per file (about 100)
          collect TYPE              collect<Type>(into:) on every type that can contain ASN.1 type TYPE
          rename TYPE SWIFTNAME     Swift name of ASN.1 type TYPE instead of the mechanical one
          registry TYPE PREFIX      INTEGER type TYPE becomes an open registry (a RawRepresentable struct) whose
                                    static members are the values assigned to TYPE, named without PREFIX
                                    (`id-NGSetup` → `.ngSetup`); `-` for no prefix
          map TYPE SWIFTTYPE        friendly value type: no code is generated for TYPE; the hand-written
                                    SWIFTTYPE stands for it (APERCodable, JERCodable, Hashable, Sendable, and
                                    `random(using:depth:)` in the random-value module)
          class CLASS SWIFTNAME     Swift name of the row type of information object class CLASS's tables
          jer-decoding-module NAME  the JER decoders (init(jerDecoding:)) go to Swift module NAME (asn1gen
                                    --jer-decoding-output), so code that only writes JER does not compile them
          walker MODULE TYPE        every type that can contain a table-constrained SEQUENCE (an IE field) gets
                                    walkTables(_:) taking an inout TYPE (hand-written in MODULE), in Swift module
                                    MODULE (asn1gen --walker-output): abstract-syntax checks over the object sets
        """

    /// Reads an overlay. Errors name `file:line`.
    public static func parse(_ text: String, file: String) throws -> Overlay {
        var overlay = Overlay()
        var lineNumber = 0
        var seen: [String: Place] = [:]
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let place = Place(file: file, line: lineNumber)
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let directive = words.first else { continue }
            func expect(_ count: Int, _ usage: String) throws {
                guard words.count == count + 1 else {
                    throw ASN1CompilerError("\(place): \(directive) takes \(usage)")
                }
            }
            func once(_ key: String) throws {
                if let earlier = seen[key] { throw ASN1CompilerError("\(place): \(key) given twice (also at \(earlier))") }
                seen[key] = place
            }
            switch directive {
            case "namespace":
                try expect(1, "a name")
                try once("namespace")
                overlay.namespace = try swiftIdentifier(words[1], place)
            case "module":
                try expect(1, "a Swift module name")
                try once("module")
                overlay.module = try swiftIdentifier(words[1], place)
            case "types-per-file":
                try expect(1, "a number")
                try once("types-per-file")
                guard let n = Int(words[1]), n > 0 else { throw ASN1CompilerError("\(place): types-per-file needs a positive number, not \(words[1])") }
                overlay.typesPerFile = n
            case "collect":
                try expect(1, "an ASN.1 type name")
                try once("collect " + words[1])
                overlay.collect.append(Entry(asn1Name: words[1], value: "", place: place))
            case "rename":
                try expect(2, "an ASN.1 type name and a Swift name")
                try once("rename " + words[1])
                overlay.renames.append(Entry(asn1Name: words[1], value: try swiftIdentifier(words[2], place), place: place))
            case "registry":
                try expect(2, "an ASN.1 INTEGER type name and a prefix (- for none)")
                try once("registry " + words[1])
                overlay.registries.append(Entry(asn1Name: words[1], value: words[2] == "-" ? "" : words[2], place: place))
            case "map":
                try expect(2, "an ASN.1 type name and a Swift type name")
                try once("map " + words[1])
                overlay.handWritten.append(Entry(asn1Name: words[1], value: try swiftIdentifier(words[2], place), place: place))
            case "jer-decoding-module":
                try expect(1, "a Swift module name")
                try once("jer-decoding-module")
                overlay.jerDecodingModule = try swiftIdentifier(words[1], place)
            case "walker":
                try expect(2, "a Swift module name and a Swift type name")
                try once("walker")
                overlay.walker = Walker(module: try swiftIdentifier(words[1], place), type: try swiftIdentifier(words[2], place))
            case "class":
                try expect(2, "an information object class name and a Swift name")
                try once("class " + words[1])
                overlay.classNames.append(Entry(asn1Name: words[1], value: try swiftIdentifier(words[2], place), place: place))
            default:
                throw ASN1CompilerError("\(place): unknown directive \(directive) (known: namespace, module, types-per-file, collect, rename, registry, map, class, jer-decoding-module, walker)")
            }
        }
        return overlay
    }

    static func swiftIdentifier(_ word: String, _ place: Place) throws -> String {
        let ok = word.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && word.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard ok else { throw ASN1CompilerError("\(place): \(word) is not a Swift identifier") }
        return word
    }

    /// Checks every name against the compiled specification. Errors name `file:line`.
    public func validate(_ compilation: Compilation) throws {
        func type(_ e: Place, _ name: String, _ directive: String) throws -> ASTAssignment {
            guard let a = compilation.assignments[name], case .type = a.body, a.parameters.isEmpty,
                !compilation.isClass(name)
            else { throw ASN1CompilerError("\(e): \(directive) \(name): no such type") }
            return a
        }
        for e in collect { _ = try type(e.place, e.asn1Name, "collect") }
        for e in renames { _ = try type(e.place, e.asn1Name, "rename") }
        for e in handWritten { _ = try type(e.place, e.asn1Name, "map") }
        for e in registries {
            let a = try type(e.place, e.asn1Name, "registry")
            guard case .type(var t) = a.body else { continue }
            while case .constrained(let inner, _) = t { t = inner }
            guard case .integer = t else {
                throw ASN1CompilerError("\(e.place): registry \(e.asn1Name): not an INTEGER type")
            }
        }
        for e in classNames where !compilation.isClass(e.asn1Name) {
            throw ASN1CompilerError("\(e.place): class \(e.asn1Name): no such information object class")
        }
    }
}
