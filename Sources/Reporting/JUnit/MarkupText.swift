/// Escaping for XML and HTML text and attributes.
///
/// XML 1.0 cannot carry most control characters even as character references, so they are shown as
/// `\u{1}` (visible, and nothing is silently dropped); invalid UTF-8 has already become U+FFFD in `String`.
enum MarkupText {
    /// Text content: `&`, `<`, `>` escaped, disallowed characters shown as `\u{…}`.
    static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// An attribute value (in double quotes): also `"`, and tab, line feed and carriage return as
    /// character references so that they survive attribute normalisation.
    static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    static func escape(_ s: String, attribute: Bool) -> String {
        var plain = true
        for u in s.utf8 where u < 0x20 || u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0xEF {
            plain = false
            break
        }
        if plain { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22 where attribute: out += "&quot;"
            case 0x09 where attribute: out += "&#9;"
            case 0x0A where attribute: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0x09, 0x0A: out.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0xFFFE, 0xFFFF: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
