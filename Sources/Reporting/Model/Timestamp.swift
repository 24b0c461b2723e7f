/// A wall-clock instant in microseconds since the Unix epoch (UTC): exact to store, compare and merge.
///
/// Written in reports as RFC 3339 text with six fractional digits (`2026-12-07T15:59:24.123456Z`), which
/// `init(rfc3339:)` reads back exactly.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    @inlinable public init(seconds: Double) { microseconds = Int64((seconds * 1_000_000).rounded()) }

    /// Whole seconds since the epoch (rounded down).
    @inlinable public var second: Int64 { microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000 }

    /// Seconds since the epoch.
    @inlinable public var seconds: Double { Double(microseconds) / 1_000_000 }

    @inlinable public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// Seconds from `self` to `later`.
    @inlinable public func seconds(to later: Timestamp) -> Double { Double(later.microseconds - microseconds) / 1_000_000 }

    /// Adds microseconds.
    @inlinable public func adding(microseconds delta: Int64) -> Timestamp { Timestamp(microseconds: microseconds + delta) }

    public var description: String { rfc3339 }

    /// `2026-12-07T15:59:24.123456Z`.
    public var rfc3339: String {
        let (date, micro) = split
        return date + "." + Self.padded(Int(micro), 6) + "Z"
    }

    /// `2026-12-07T15:59:24` (UTC, no zone): the form Surefire writes in JUnit `timestamp` attributes.
    public var surefire: String { split.date }

    /// `2026-12-07 15:59:24 UTC`, for people.
    public var display: String {
        var text = split.date
        if let t = text.firstIndex(of: "T") { text.replaceSubrange(t...t, with: " ") }
        return text + " UTC"
    }

    private var split: (date: String, micro: Int64) {
        let second = self.second
        let micro = microseconds - second * 1_000_000
        var days = second / 86_400
        var rest = second - days * 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = Self.civil(fromDays: days)
        let text = Self.padded(Int(y), 4) + "-" + Self.padded(m, 2) + "-" + Self.padded(d, 2) + "T"
            + Self.padded(Int(rest / 3600), 2) + ":" + Self.padded(Int(rest / 60 % 60), 2) + ":" + Self.padded(Int(rest % 60), 2)
        return (text, micro)
    }

    /// Reads `YYYY-MM-DDThh:mm:ss[.f{1,9}]Z` (UTC only, as reports write it); nil for anything else.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b.last == UInt8(ascii: "Z"),
              let y = Self.number(b[0..<4]), let mo = Self.number(b[5..<7]), let d = Self.number(b[8..<10]),
              let h = Self.number(b[11..<13]), let mi = Self.number(b[14..<16]), let s = Self.number(b[17..<19]),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var micro: Int64 = 0
        if b.count > 20 {
            let fraction = b[20..<(b.count - 1)]
            guard b[19] == UInt8(ascii: "."), (1...9).contains(fraction.count), let f = Self.number(fraction) else { return nil }
            var scaled = f, digits = fraction.count
            while digits < 6 { scaled *= 10; digits += 1 }
            while digits > 6 { scaled /= 10; digits -= 1 }
            micro = scaled
        } else {
            guard b[19] == UInt8(ascii: "Z") else { return nil }
        }
        let days = Self.days(fromCivil: y, Int(mo), Int(d))
        microseconds = ((days * 86_400) + h * 3600 + mi * 60 + s) * 1_000_000 + micro
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        for c in digits {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int64(c - 0x30)
        }
        return v
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int64, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
