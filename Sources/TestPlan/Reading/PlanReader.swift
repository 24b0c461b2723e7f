/// Reads plan nodes into typed values, collecting one diagnostic per broken rule and going on, so that
/// a plan's every error is reported in one run. Messages start with the key path of the value.
struct PlanReader {
    var diagnostics: [PlanDiagnostic] = []

    mutating func error(_ position: SourcePosition, _ message: String) {
        diagnostics.append(PlanDiagnostic(position, message))
    }

    mutating func error(_ node: PlanNode, _ path: String, _ message: String) {
        diagnostics.append(PlanDiagnostic(node.position, "\(path.isEmpty ? "plan" : path): \(message)"))
    }

    /// A mapping's entries after checking its keys: every key must be in `known` (else an error that suggests
    /// the nearest known key), every key of `required` present (else an error at the mapping).
    mutating func mapping(_ node: PlanNode, _ path: String, known: [String], required: [String] = [], extensions: Bool = false) -> Fields? {
        guard let entries = node.entries else {
            error(node, path, "expected a mapping, got \(node.kindDescription)")
            return nil
        }
        for entry in entries where !known.contains(entry.key) && !(extensions && entry.key.hasPrefix("x-")) {
            error(entry.keyPosition, "\(path.isEmpty ? "" : path + ": ")unknown key \"\(entry.key)\"\(Suggestion.hint(entry.key, known))")
        }
        for key in required where !entries.contains(where: { $0.key == key }) {
            error(node, path, "missing required key \"\(key)\"")
        }
        return Fields(node: node, path: path)
    }

    mutating func string(_ node: PlanNode, _ path: String, nonEmpty: Bool = true) -> String? {
        guard case .string(let s) = node.value else {
            error(node, path, "expected a string, got \(node.kindDescription)")
            return nil
        }
        if nonEmpty && s.isEmpty {
            error(node, path, "must not be empty")
            return nil
        }
        return s
    }

    mutating func bool(_ node: PlanNode, _ path: String) -> Bool? {
        guard case .bool(let b) = node.value else {
            error(node, path, "expected true or false, got \(node.kindDescription)")
            return nil
        }
        return b
    }

    mutating func int(_ node: PlanNode, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard case .int(let i) = node.value else {
            error(node, path, "expected an integer, got \(node.kindDescription)")
            return nil
        }
        guard range.contains(i) else {
            error(node, path, "\(i) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return i
    }

    mutating func list(_ node: PlanNode, _ path: String, nonEmpty: Bool = false) -> [PlanNode]? {
        guard let items = node.items else {
            error(node, path, "expected a list, got \(node.kindDescription)")
            return nil
        }
        if nonEmpty && items.isEmpty {
            error(node, path, "must not be empty")
            return nil
        }
        return items
    }

    mutating func stringList(_ node: PlanNode, _ path: String) -> [String]? {
        guard let items = list(node, path) else { return nil }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            if let s = string(item, "\(path)[\(i)]") { result.append(s) }
        }
        return result.count == items.count ? result : nil
    }

    /// One of a closed set of names (`auto`, `kernel`, `user`), suggesting the nearest on a typo.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: PlanNode, _ path: String, _: E.Type) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard case .string(let s) = node.value else {
            error(node, path, "expected one of \(names.joined(separator: ", ")), got \(node.kindDescription)")
            return nil
        }
        guard let value = E(rawValue: s) else {
            error(node, path, "\"\(s)\" is not one of \(names.joined(separator: ", "))\(Suggestion.hint(s, names, listing: false))")
            return nil
        }
        return value
    }

    /// A hex string of exactly `count` bytes (`count` nil: any whole number of bytes, at least one).
    mutating func hex(_ node: PlanNode, _ path: String, bytes count: Int?, what: String) -> [UInt8]? {
        guard case .string(let s) = node.value else {
            var message = "expected \(what) as a hex string, got \(node.kindDescription)"
            if case .int = node.value { message += "; quote it so that YAML keeps it as text" }
            error(node, path, message)
            return nil
        }
        if let bad = s.firstIndex(where: { !$0.isHexDigit }) {
            let offset = s.distance(from: s.startIndex, to: bad)
            error(node.position(ofCharacter: offset), "\(path): \"\(s)\" is not hex: \"\(s[bad])\" at character \(offset + 1)")
            return nil
        }
        let digits = s.count
        if let count, digits != 2 * count {
            error(node, path, "\(what) takes \(2 * count) hex digits (\(count) bytes), got \(digits)")
            return nil
        }
        if count == nil && (digits == 0 || digits % 2 != 0) {
            error(node, path, digits == 0 ? "\(what) must not be empty" : "\(what) has an odd number of hex digits (\(digits))")
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits / 2)
        var high: UInt8 = 0
        for (i, c) in s.enumerated() {
            let v = UInt8(c.hexDigitValue ?? 0)
            if i % 2 == 0 { high = v } else { bytes.append(high << 4 | v) }
        }
        return bytes
    }

    mutating func duration(_ node: PlanNode, _ path: String, positive: Bool = false) -> Duration? {
        guard case .string(let s) = node.value else {
            var message = "expected a duration such as 500ms, 10s or 1m30s, got \(node.kindDescription)"
            if case .int = node.value { message += "; add a unit (ms, s, m, h)" }
            error(node, path, message)
            return nil
        }
        switch DurationText.parse(s) {
        case .success(let d):
            if positive && d <= .zero {
                error(node, path, "must be longer than 0s")
                return nil
            }
            return d
        case .failure(let failure):
            error(node.position(ofCharacter: failure.offset), "\(path): \"\(s)\" is not a duration: \(failure.reason)")
            return nil
        }
    }

    mutating func rate(_ node: PlanNode, _ path: String) -> Rate? {
        guard case .string(let s) = node.value else {
            error(node, path, "expected a rate such as 100/s, 6000/m or 0.5/s, got \(node.kindDescription)")
            return nil
        }
        switch Rate.parse(s) {
        case .success(let r): return r
        case .failure(let failure):
            error(node.position(ofCharacter: failure.offset), "\(path): \"\(s)\" is not a rate: \(failure.reason)")
            return nil
        }
    }

    mutating func percent(_ node: PlanNode, _ path: String) -> Percentage? {
        guard case .string(let s) = node.value else {
            error(node, path, "expected a percentage such as 0.1%, got \(node.kindDescription)")
            return nil
        }
        switch Percentage.parse(s) {
        case .success(let p): return p
        case .failure(let failure):
            error(node.position(ofCharacter: failure.offset), "\(path): \"\(s)\" is not a percentage: \(failure.reason)")
            return nil
        }
    }

    mutating func ipAddress(_ node: PlanNode, _ path: String) -> IPAddress? {
        guard let s = string(node, path) else { return nil }
        guard let a = IPAddress(s) else {
            error(node, path, "\"\(s)\" is not an IPv4 or IPv6 address")
            return nil
        }
        return a
    }
}

/// The entries of a mapping whose keys were checked.
struct Fields {
    let node: PlanNode
    let path: String

    subscript(key: String) -> PlanNode? { node[key] }

    /// `path.key`, for the messages about that key's value.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// "Did you mean" for typos: the known name at the smallest edit distance, when it is close enough.
enum Suggestion {
    static func hint(_ word: String, _ known: [String], listing: Bool = true) -> String {
        guard let best = nearest(word, known) else {
            return listing && known.count <= 12 ? "; known keys: \(known.joined(separator: ", "))" : ""
        }
        return "; did you mean \"\(best)\"?"
    }

    static func nearest(_ word: String, _ known: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in known {
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= limit && d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
