import Bytes

extension JSONWriter {
    /// Writes a finite number rounded to `decimals` places in its shortest form, or null when not finite.
    mutating func number(_ value: Double, decimals: Int = 3) {
        guard value.isFinite else { return null() }
        raw(Array(ReportNumber.json(value, decimals: decimals).utf8))
    }

    /// Writes a finite number exactly (the shortest text that reads back as the same Double), or null.
    mutating func exactNumber(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 9.0e15 { return raw(Array(String(Int64(value)).utf8)) }
        raw(Array(String(describing: value).utf8))
    }

    /// Writes an optional string, or null.
    mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }
}

/// Number formatting shared by the outputs.
enum ReportNumber {
    /// `value` rounded to `decimals` places, shortest text (`12.5`, `3`, `0.001`).
    static func json(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 9.0e15 { return String(Int64(rounded)) }
        return String(describing: rounded)
    }

    /// Fixed decimals for people: `12.345`, `0.500`.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let negative = value < 0
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return String(describing: value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        var text = (negative && units > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(units % UInt64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// A count with thousands separators: `1,234,567`.
    static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Milliseconds for people, with precision that fits the size: `0.412`, `12.3`, `1,204`.
    static func milliseconds(_ ms: Double) -> String {
        if ms < 10 { return fixed(ms, 3) }
        if ms < 100 { return fixed(ms, 2) }
        if ms < 1000 { return fixed(ms, 1) }
        return grouped(Int64(ms.rounded()))
    }

    /// A percentage for people: `99.95 %`.
    static func percent(_ ratio: Double, _ decimals: Int = 2) -> String { fixed(ratio * 100, decimals) + " %" }
}
