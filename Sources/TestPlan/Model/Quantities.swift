/// Why a text is not a valid quantity, and the character (0-based) where it goes wrong.
public struct QuantityParseFailure: Error, Hashable, Sendable {
    public var offset: Int
    public var reason: String
}

/// Durations as plans write them: a sequence of number-unit pairs, as Go and k6 write them
/// (`500ms`, `10s`, `1m30s`, `1.5h`, `250us`); units `us`, `ms`, `s`, `m`, `h`.
public enum DurationText {
    public static func parse(_ text: String) -> Result<Duration, QuantityParseFailure> {
        let chars = Array(text)
        guard !chars.isEmpty else { return .failure(.init(offset: 0, reason: "empty; write a number and a unit (ms, s, m, h)")) }
        var i = 0
        var total = Duration.zero
        while i < chars.count {
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." { i += 1 }
            let numberText = String(chars[start..<i])
            guard i > start, numberText.wholeMatch(of: #/[0-9]+(\.[0-9]+)?/#) != nil, let number = Double(numberText) else {
                return .failure(.init(offset: start, reason: "expected a number at \"\(String(chars[start...]))\""))
            }
            let unitStart = i
            while i < chars.count, chars[i].isLetter || chars[i] == "µ" { i += 1 }
            let unit = String(chars[unitStart..<i])
            let seconds: Double
            switch unit {
            case "us", "µs": seconds = 1e-6
            case "ms": seconds = 1e-3
            case "s": seconds = 1
            case "m": seconds = 60
            case "h": seconds = 3600
            case "": return .failure(.init(offset: unitStart, reason: "\(String(chars[start..<i])) has no unit; add ms, s, m or h"))
            default: return .failure(.init(offset: unitStart, reason: "unknown unit \"\(unit)\"; use us, ms, s, m or h"))
            }
            let nanoseconds = number * seconds * 1e9
            guard nanoseconds < 1e18 else { return .failure(.init(offset: start, reason: "too long")) }
            total += .nanoseconds(Int64(nanoseconds.rounded()))
        }
        return .success(total)
    }

    /// The shortest text that parses back to `d` (`1m30s`, `200ms`).
    public static func format(_ d: Duration) -> String {
        let (s, atto) = d.components
        let ns = s * 1_000_000_000 + atto / 1_000_000_000
        if ns == 0 { return "0s" }
        if ns % 1_000_000_000 != 0 {
            if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
            return ns % 1_000 == 0 ? "\(ns / 1_000)us" : "\(Double(ns) / 1_000)us"
        }
        var seconds = ns / 1_000_000_000
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h"; seconds %= 3600 }
        if seconds >= 60 { text += "\(seconds / 60)m"; seconds %= 60 }
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}

/// Events per second, written `100/s`, `6000/m`, `0.5/s` or `36000/h`.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var perSecond: Double

    public init(perSecond: Double) { self.perSecond = perSecond }

    public static func parse(_ text: String) -> Result<Rate, QuantityParseFailure> {
        guard let slash = text.firstIndex(of: "/") else {
            return .failure(.init(offset: 0, reason: "write a count per unit: N/s, N/m or N/h"))
        }
        let numberText = text[..<slash]
        guard numberText.wholeMatch(of: #/[0-9]+(\.[0-9]+)?/#) != nil, let n = Double(numberText), n.isFinite else {
            return .failure(.init(offset: 0, reason: "\"\(numberText)\" is not a non-negative number"))
        }
        let unit = text[text.index(after: slash)...]
        let offset = text.distance(from: text.startIndex, to: slash) + 1
        switch unit {
        case "s": return .success(Rate(perSecond: n))
        case "m": return .success(Rate(perSecond: n / 60))
        case "h": return .success(Rate(perSecond: n / 3600))
        default: return .failure(.init(offset: offset, reason: "unknown time unit \"\(unit)\"; use s, m or h"))
        }
    }

    public static func < (a: Rate, b: Rate) -> Bool { a.perSecond < b.perSecond }
    public var description: String { "\(perSecond)/s" }
}

/// A percentage from 0 to 100, written `99.9%`.
public struct Percentage: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 0...100.
    public var percent: Double
    /// 0...1, the double nearest the decimal written (`99.9%` is exactly the double of 0.999, as 999/1000 is,
    /// not 99.9/100).
    public var fraction: Double

    public init(percent: Double) {
        self.percent = percent
        fraction = Double("\(percent)e-2") ?? percent / 100
    }

    public static func parse(_ text: String) -> Result<Percentage, QuantityParseFailure> {
        guard text.hasSuffix("%") else {
            return .failure(.init(offset: text.count, reason: "a percentage ends with %"))
        }
        let body = text.dropLast()
        guard body.wholeMatch(of: #/[0-9]+(\.[0-9]+)?/#) != nil, let p = Double(body) else {
            return .failure(.init(offset: 0, reason: "\"\(body)\" is not a number"))
        }
        guard p <= 100 else { return .failure(.init(offset: 0, reason: "more than 100%")) }
        return .success(Percentage(percent: p))
    }

    public static func < (a: Percentage, b: Percentage) -> Bool { a.percent < b.percent }
    public var description: String { "\(percent)%" }
}
