import Bytes

/// How a received message differs from the expected one.
///
/// When both are JSON (JER), the difference is structural, one line per member or element that differs,
/// named by its path: `~ a.b[2].c: expected 5, received 7`, `- a.d: missing (expected "x")`,
/// `+ a.e: unexpected "y"`. Otherwise the texts are compared line by line. At most `maxLines` lines.
public enum MessageDifference {
    public static let maxLines = 40
    /// Values longer than this are cut in difference lines.
    static let maxValueLength = 120

    public static func lines(expected: MessageText, received: MessageText) -> [String] {
        if let e = json(expected), let r = json(received) {
            var out = Collector()
            compare(e, r, path: "", into: &out)
            return out.finish()
        }
        return textLines(expected: expected.text, received: received.text)
    }

    /// The parsed text, or nil when it is not JSON (then the texts are compared line by line).
    static func json(_ text: MessageText) -> JSONValue? {
        do {
            return try JSONValue(parsing: text.bytes)
        } catch {
            return nil
        }
    }

    struct Collector {
        var lines: [String] = []
        var dropped = 0

        mutating func add(_ line: String) {
            if lines.count < MessageDifference.maxLines { lines.append(line) } else { dropped += 1 }
        }

        func finish() -> [String] {
            dropped > 0 ? lines + ["… \(dropped) more differences"] : lines
        }
    }

    static func compare(_ e: JSONValue, _ r: JSONValue, path: String, into out: inout Collector) {
        switch (e, r) {
        case (.object(let em), .object(let rm)):
            var receivedKeys: [String: JSONValue] = [:]
            for m in rm where receivedKeys[m.key] == nil { receivedKeys[m.key] = m.value }
            var expectedKeys = Set<String>()
            for m in em {
                expectedKeys.insert(m.key)
                let p = path.isEmpty ? m.key : path + "." + m.key
                if let rv = receivedKeys[m.key] {
                    compare(m.value, rv, path: p, into: &out)
                } else {
                    out.add("- \(p): missing (expected \(short(m.value)))")
                }
            }
            for m in rm where !expectedKeys.contains(m.key) {
                out.add("+ \(path.isEmpty ? m.key : path + "." + m.key): unexpected \(short(m.value))")
            }
        case (.array(let ea), .array(let ra)):
            for i in 0..<max(ea.count, ra.count) {
                let p = path + "[\(i)]"
                if i >= ra.count {
                    out.add("- \(p): missing (expected \(short(ea[i])))")
                } else if i >= ea.count {
                    out.add("+ \(p): unexpected \(short(ra[i]))")
                } else {
                    compare(ea[i], ra[i], path: p, into: &out)
                }
            }
        default:
            if !sameValue(e, r) {
                out.add("~ \(path.isEmpty ? "(message)" : path): expected \(short(e)), received \(short(r))")
            }
        }
    }

    /// Equal values, numbers compared by value (`1.0` and `1`).
    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if case .number(let x) = a, case .number(let y) = b, let dx = Double(x), let dy = Double(y) { return dx == dy }
        return a == b
    }

    static func short(_ v: JSONValue) -> String {
        let text = v.jsonText
        return text.count <= maxValueLength ? text : String(text.prefix(maxValueLength)) + "…"
    }

    /// Line by line: the lines after the common head and tail, as `-` (expected) and `+` (received).
    static func textLines(expected: String, received: String) -> [String] {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let r = received.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0
        while head < e.count && head < r.count && e[head] == r[head] { head += 1 }
        var tail = 0
        while tail < e.count - head && tail < r.count - head && e[e.count - 1 - tail] == r[r.count - 1 - tail] { tail += 1 }
        var out = Collector()
        if head < e.count - tail || head < r.count - tail { out.add("@ line \(head + 1)") }
        for line in e[head..<(e.count - tail)] { out.add("- " + cut(String(line))) }
        for line in r[head..<(r.count - tail)] { out.add("+ " + cut(String(line))) }
        return out.finish()
    }

    static func cut(_ s: String) -> String { s.count <= maxValueLength ? s : String(s.prefix(maxValueLength)) + "…" }
}
