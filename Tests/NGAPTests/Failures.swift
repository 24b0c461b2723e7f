/// Collects disagreements and prints the first few compactly (around the first differing character).
struct Failures {
    private(set) var items: [String] = []
    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ place: String, _ what: String) { items.append("\(place): \(what)") }

    mutating func compare(_ place: String, _ what: String, _ ours: String, _ theirs: String) {
        guard ours != theirs else { return }
        let a = Array(ours), b = Array(theirs)
        var i = 0
        while i < min(a.count, b.count), a[i] == b[i] { i += 1 }
        let from = max(0, i - 60)
        add(place, "\(what) differs at character \(i)\n  ours:   …\(String(a[from..<min(a.count, i + 60)]))\n  theirs: …\(String(b[from..<min(b.count, i + 60)]))")
    }

    var summary: String { items.prefix(4).joined(separator: "\n") }
}
