import Foundation

/// Types plain YAML scalars as the YAML 1.2 core schema does in ruamel.yaml (the loader of `check-jsonschema`):
/// `true`/`True`/`TRUE` are booleans, `yes`/`on` stay strings; `0x1F`, `0o17`, `0b101` and decimal digits
/// (leading zeros and `_` allowed, `0755` is decimal) are integers; `1.5`, `1e3`, `.inf` are floats;
/// `~`, `null` and the empty scalar are null; everything else is a string.
enum ScalarResolver {
    static func resolve(plain text: String) -> PlanNode.Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", "+.inf", ".Inf", "+.Inf", ".INF", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if isFloat(text) {
            let cleaned = text.replacingOccurrences(of: "_", with: "")
            if let d = Double(cleaned) { return .float(d) }
            if let d = Double(cleaned + "0") { return .float(d) }   // "1." and "-.5e3" forms
            return .string(text)
        }
        if let i = integer(text) { return i }
        return .string(text)
    }

    /// The float forms of the 1.2 resolver: `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+`, `[-+]?\.[0-9_]+([eE][-+][0-9]+)?` (scanned by hand: this runs for
    /// every plain scalar).
    static func isFloat(_ text: String) -> Bool {
        let c = Array(text.utf8)
        var i = 0
        func digit(_ k: Int) -> Bool { k < c.count && c[k] >= 48 && c[k] <= 57 }
        func digitOrUnderscore(_ k: Int) -> Bool { digit(k) || (k < c.count && c[k] == 95) }
        if i < c.count, c[i] == 43 || c[i] == 45 { i += 1 }
        var integerDigits = false
        if digit(i) {
            integerDigits = true
            i += 1
            while digitOrUnderscore(i) { i += 1 }
        }
        var dot = false
        if i < c.count, c[i] == 46 {
            dot = true
            i += 1
            let start = i
            while digitOrUnderscore(i) { i += 1 }
            if !integerDigits && i == start { return false }   // "." or "-." alone
        }
        guard integerDigits || dot else { return false }
        if i == c.count { return dot }
        guard c[i] == 101 || c[i] == 69 else { return false }   // e, E
        i += 1
        let signed = i < c.count && (c[i] == 43 || c[i] == 45)
        if signed { i += 1 }
        if !integerDigits && !signed { return false }            // ".5e3" needs a sign in the exponent
        guard digit(i) else { return false }
        while digit(i) { i += 1 }
        return i == c.count
    }

    /// The integer forms: binary `0b`, octal `0o`, hexadecimal `0x`, decimal; `_` separators anywhere after
    /// the first digit. A value beyond 64 bits stays an integer in YAML; it is kept as a string of digits here
    /// and reported by whoever reads it as out of range.
    static func integer(_ text: String) -> PlanNode.Value? {
        var body = Substring(text)
        var negative = false
        if let f = body.first, f == "+" || f == "-" {
            negative = f == "-"
            body = body.dropFirst()
        }
        let radix: Int
        var digits: Substring
        if body.hasPrefix("0b") {
            radix = 2; digits = body.dropFirst(2)
            guard digits.allSatisfy({ $0 == "0" || $0 == "1" || $0 == "_" }), !digits.isEmpty else { return nil }
        } else if body.hasPrefix("0x") {
            radix = 16; digits = body.dropFirst(2)
            guard digits.allSatisfy({ $0.isHexDigit || $0 == "_" }), !digits.isEmpty else { return nil }
        } else if body.hasPrefix("0o") {
            radix = 8; digits = body.dropFirst(2)
            guard digits.allSatisfy({ ("0"..."7").contains($0) || $0 == "_" }), !digits.isEmpty else { return nil }
        } else {
            radix = 10; digits = body
            guard body.first?.isNumber == true else { return nil }
            guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }), !digits.isEmpty else { return nil }
        }
        digits = Substring(digits.filter { $0 != "_" })
        if digits.isEmpty { return .int(0) }   // "0b_" and the like: digits that are all separators
        guard let magnitude = Int(digits, radix: radix) else { return .string(text) }
        return .int(negative ? -magnitude : magnitude)
    }
}
