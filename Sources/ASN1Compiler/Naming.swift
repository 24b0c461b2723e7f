/// Mechanical, predictable Swift names for ASN.1 names (CONVENTIONS.md):
/// hyphens dropped, spec acronyms kept: `GlobalGNB-ID` → `GlobalGNBID`,
/// `aMF-UE-NGAP-ID` → `amfUENGAPID`, `shall-not-trigger-pre-emption` →
/// `shallNotTriggerPreEmption`.
public enum Naming {
    /// Swift keywords and names the generated code relies on, which ASN.1 names must not take.
    static let reservedIdentifiers: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw",
        "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws",
        "true", "try", "Type", "Protocol", "some", "any", "borrowing", "consuming", "copy", "discard", "each",
        "macro", "package", "unknown", "unknownExtension", "unknownExtensions",
    ]

    static let reservedTypeNames: Set<String> = [
        "Any", "Self", "Type", "Protocol", "String", "Int", "Int64", "UInt64", "Bool", "Array", "Optional",
        "Error", "Never", "Void", "Character", "Double", "Float", "Result", "Equatable", "Hashable", "Sendable",
        "ASN1Bytes", "ASN1BitString", "ASN1Null", "ASN1ObjectIdentifier", "ASN1Contained", "ASN1UnknownExtension",
        "APERReader", "APERWriter", "APERDecodingError", "APEREncodingError", "JSONWriter", "JSONValue",
        "JERDecodingError", "JER", "StaticString", "Collection", "Sequence", "Unicode",
    ]

    /// A type name: hyphens dropped, first letter upper-case. `GlobalGNB-ID` → `GlobalGNBID`.
    public static func typeName(_ asn1: String) -> String {
        var name = asn1.replacingAll("-", with: "")
        if let first = name.first, first.isLowercase {
            name = first.uppercased() + name.dropFirst()
        }
        if reservedTypeNames.contains(name) { name += "_" }
        return name
    }

    /// A member (property, case) name. The first hyphen-separated word is lower-cased
    /// up to its last capital before a lower-case letter (`pLMNIdentity` → `plmnIdentity`,
    /// `aMF` → `amf`); later words keep their case, with the first letter capitalised.
    public static func memberName(_ asn1: String) -> String {
        let parts = asn1.split(separator: "-", omittingEmptySubsequences: true).map(String.init)
        guard let head = parts.first else { return "_" }
        var name = lowerLeadingWord(head)
        for part in parts.dropFirst() {
            name += part.prefix(1).uppercased() + part.dropFirst()
        }
        if name.first.map({ $0.isNumber }) == true { name = "_" + name }
        if reservedIdentifiers.contains(name) { name += "_" }
        return name
    }

    /// Lower-cases the leading capitals of a word, keeping the capital that starts
    /// the next lower-case word: `pLMNIdentity` → `plmnIdentity`, `NGAP` → `ngap`,
    /// `gNBID` → `gnbid`.
    static func lowerLeadingWord(_ word: String) -> String {
        let chars = Array(word)
        var i = 0
        // Initial lower-case letters stay.
        while i < chars.count, chars[i].isLowercase { i += 1 }
        // A word of its own (`additionalDL`) keeps its capitals; only a lower-cased
        // first letter of an acronym (`aMF`, `pLMNIdentity`) or a leading acronym is folded.
        if i > 1 { return word }
        var out = String(chars[0..<i]).lowercased()
        // Then a run of capitals (and digits).
        var j = i
        while j < chars.count, chars[j].isUppercase || chars[j].isNumber { j += 1 }
        if j < chars.count, chars[j].isLowercase, j - i > 1 || i == 0 {
            // The last capital begins the next word.
            if i == 0 && j - i == 1 {
                out += String(chars[i]).lowercased()
            } else {
                out += String(chars[i..<(j - 1)]).lowercased()
                out += String(chars[j - 1])
            }
        } else {
            out += String(chars[i..<j]).lowercased()
        }
        out += String(chars[j...])
        return out
    }

    /// A nested type name made from a member: `value` → `Value`, `gNB-ID` → `GNBID`.
    public static func nestedTypeName(_ asn1: String) -> String {
        typeName(asn1.replacingAll("-", with: ""))
    }

    /// A Swift literal of a JSON member name with its quotes and colon: `"\"name\":"`.
    public static func quotedKeyLiteral(_ name: String) -> String { literal("\"" + name + "\":") }

    /// A Swift literal of a JSON string with its quotes: `"\"reject\""`.
    public static func quotedStringLiteral(_ text: String) -> String { literal("\"" + text + "\"") }

    /// A Swift string literal for text (ASN.1 identifiers and names need no escapes, but be safe).
    public static func literal(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if s.value < 0x20 || s.value > 0x7E {
                    out += "\\u{\(String(s.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
