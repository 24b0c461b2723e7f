@testable import ASN1Compiler
import Testing

/// One hand-written ASN.1 source file: its name (as error locations show it) and text.
struct Source {
    var file: String
    var text: String

    init(_ file: String, _ text: String) {
        self.file = file
        self.text = text
    }
}

/// Wraps assignments in a module with automatic tags.
func module(_ name: String, imports: String = "", _ body: String) -> String {
    """
    \(name) DEFINITIONS AUTOMATIC TAGS ::=
    BEGIN
    \(imports.isEmpty ? "" : "IMPORTS\n" + imports + ";\n")\(body)
    END

    """
}

/// Parses, resolves and lowers the sources, in order, as `asn1gen` does.
func lower(_ sources: [Source]) throws -> Lowering {
    var modules: [ASTModule] = []
    for s in sources { modules += try Parser.parse(s.text, file: s.file) }
    let lowering = Lowering(try Compilation(modules: modules))
    try lowering.run()
    return lowering
}

/// Lowers one module given as its assignments.
func lower(_ body: String, file: String = "Test.asn") throws -> Lowering {
    try lower([Source(file, module("Test", body))])
}

/// The error the compiler reports for the sources, or nil when they compile.
func compileError(_ sources: [Source]) -> ASN1CompilerError? {
    do {
        _ = try lower(sources)
        return nil
    } catch let error as ASN1CompilerError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// The error for one module given as its assignments (in file `Err.asn`; the body starts on line 3).
func compileError(_ body: String) -> ASN1CompilerError? {
    compileError([Source("Err.asn", module("Err", body))])
}

/// Every generated file, codec files then random-value files, as `asn1gen` would write them.
func generate(_ lowering: Lowering, typesPerFile: Int = 100, collect: [String] = []) -> [(name: String, text: String)] {
    var options = SwiftEmitter.Options(namespace: "T", inputs: ["Test.asn"], command: "asn1gen-test", moduleName: "T")
    options.typesPerFile = typesPerFile
    options.collectTypes = collect
    let emitter = SwiftEmitter(lowering: lowering, options: options)
    return emitter.codecFiles() + emitter.randomFiles()
}

/// All generated codec text in one string.
func generatedCodec(_ lowering: Lowering) -> String {
    generate(lowering).filter { !$0.name.hasSuffix("+Random.swift") }.map(\.text).joined(separator: "\n")
}

extension Lowering {
    /// The generated top-level type (assignment or instance) by ASN.1 name, or by Swift name.
    func type(_ name: String) throws -> GenType {
        let found = byASN1Name[name] ?? types.first { $0.asn1Name == name || $0.swiftName == name }
        return try #require(found, "no generated type for \(name)")
    }

    /// Swift names of the top-level generated types in output order.
    var swiftNames: [String] { types.map(\.swiftName) }
}

extension GenType {
    /// A nested type by its last Swift name component.
    func nested(_ localName: String) throws -> GenType {
        try #require(nested.first { $0.localName == localName }, "\(swiftName) has no nested \(localName)")
    }

    var sequence: GenSequence? { if case .sequence(let s) = kind { s } else { nil } }
    var choice: GenChoice? { if case .choice(let c) = kind { c } else { nil } }
    var enumerated: GenEnumerated? { if case .enumerated(let e) = kind { e } else { nil } }
    var wrapped: ValueType? { if case .wrapper(let v) = kind { v } else { nil } }
    var aliasTarget: String? { if case .alias(let t) = kind { t } else { nil } }
    var openType: GenOpenType? { if case .openType(let o) = kind { o } else { nil } }
}

extension GenSequence {
    func field(_ asn1Name: String) throws -> GenField {
        try #require(allFields.first { $0.asn1Name == asn1Name }, "no component \(asn1Name)")
    }
}

/// A size constraint literal for comparisons.
func size(_ lower: Int, _ upper: Int?, extensible: Bool = false) -> SizeConstraint {
    SizeConstraint(lowerBound: lower, upperBound: upper, extensible: extensible)
}

/// An integer constraint literal for comparisons.
func range(_ lower: Int128?, _ upper: Int128?, extensible: Bool = false) -> IntegerConstraint {
    IntegerConstraint(lowerBound: lower, upperBound: upper, extensible: extensible)
}

/// The tokens' kinds and texts, for compact comparisons.
func lexed(_ text: String) throws -> [String] {
    try Lexer.tokenize(text, file: "Lex.asn").map { token in
        switch token.kind {
        case .word: "w:" + token.text
        case .fieldReference: "f:" + token.text
        case .number: "n:" + token.text
        case .cstring: "c:" + token.text
        case .bstring: "b:" + token.text
        case .hstring: "h:" + token.text
        case .symbol: token.text
        }
    }
}
