/// Accumulates indented lines of Swift source.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    /// Adds a line at the current indentation (an empty string adds a blank line).
    mutating func line(_ text: String = "") {
        lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text)
    }

    /// Adds `open`, the body indented one level, then `close`.
    mutating func block(_ open: String, close: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(open)
        depth += 1
        body(&self)
        depth -= 1
        line(close)
    }

    mutating func indent() { depth += 1 }
    mutating func dedent() { depth -= 1 }

    mutating func append(_ other: CodeWriter) {
        for l in other.lines { lines.append(l.isEmpty ? "" : String(repeating: "    ", count: depth) + l) }
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
