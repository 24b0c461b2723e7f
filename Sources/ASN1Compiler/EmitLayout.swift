/// Estimated in-memory sizes of generated types, so that CHOICE and open-type
/// enums box (`indirect`) only their large payloads: an enum is as large as its
/// largest case, and every IE of a message is copied at that size.
extension SwiftEmitter {
    /// Payloads above this many bytes are boxed.
    static let boxThreshold = 48

    /// Approximate stride of a value of `v` (Swift's layout rules, rounded up to 8).
    func estimatedSize(_ v: ValueType, _ seen: inout Set<String>) -> Int {
        switch v {
        case .boolean: return 1
        case .null: return 0
        case .integer: return 8
        case .octetString, .openTypeBytes, .opaqueString: return 32
        case .bitString: return 40
        case .characterString, .utf8String: return 16
        case .objectIdentifier, .list: return 8
        case .containing(_, _, let inner, _): return max(estimatedSize(inner, &seen), 32) + 1
        case .named(let name, _), .openType(let name, _): return estimatedSize(named: name, &seen)
        }
    }

    /// A payload that leads back to a type being measured (a recursive type): boxed whatever its size.
    static let recursiveSize = 1 << 20

    func estimatedSize(named name: String, _ seen: inout Set<String>) -> Int {
        guard let t = resolved(name) else { return 8 }
        guard !seen.contains(t.swiftName) else { return SwiftEmitter.recursiveSize }
        seen.insert(t.swiftName)
        defer { seen.remove(t.swiftName) }
        switch t.kind {
        case .sequence(let s):
            var total = s.extensible ? 8 : 0
            for f in s.allFields {
                let size = estimatedSize(f.type, &seen)
                total += f.optional ? size + 1 : size
                total = (total + 7) / 8 * 8
            }
            return total
        case .choice(let c):
            let payloads = (c.root + c.additions).map { boxedSize(estimatedSize($0.type, &seen)) }
            return (payloads.max() ?? 0) + 1
        case .openType(let o):
            let payloads = o.cases.map { boxedSize(estimatedSize($0.type, &seen)) }
            return max(payloads.max() ?? 0, 32) + 1
        case .enumerated: return 1
        case .wrapper(let v): return estimatedSize(v, &seen)
        case .alias(let target): return estimatedSize(named: target, &seen)
        }
    }

    /// The size a payload of `size` bytes takes in an enum: a box's 8 when it is boxed. A recursive payload
    /// stays marked as such, so that every enum on the cycle boxes it.
    func boxedSize(_ size: Int) -> Int {
        size >= SwiftEmitter.recursiveSize ? size : size > SwiftEmitter.boxThreshold ? 8 : size
    }

    /// Whether an enum case holding `v` should be `indirect`.
    func boxed(_ v: ValueType) -> Bool {
        var seen: Set<String> = []
        return estimatedSize(v, &seen) > SwiftEmitter.boxThreshold
    }

    /// `indirect ` for a large payload, else nothing.
    func indirectKeyword(_ v: ValueType) -> String { boxed(v) ? "indirect " : "" }
}
