/// The fewest bits a value of each type can take in aligned PER (X.691), worked out over the whole
/// type graph, and the types that can contain themselves without a list, open type or CONTAINING
/// value in between.
///
/// Generated list decoders pass the element's minimum to `APERReader.readList(minimumElementBits:)`,
/// which refuses a count the bits left cannot hold before it reserves storage. Alignment padding and
/// anything else that can be absent count as nothing, so the figure is a lower bound; a type met again
/// while its own size is being worked out (a recursive type) counts as zero bits there.
struct MinimumSize {
    let byName: [String: GenType]
    private var memo: [String: Int] = [:]
    private var inProgress: Set<String> = []

    init(byName: [String: GenType]) {
        self.byName = byName
    }

    /// Over sizes already worked out (`table`), by Swift name.
    init(known: [String: Int]) {
        self.byName = [:]
        self.memo = known
    }

    /// Minimum bits of every named type, by Swift name.
    static func table(_ byName: [String: GenType]) -> [String: Int] {
        var sizes = MinimumSize(byName: byName)
        for name in byName.keys.sorted() { _ = sizes.bits(ofNamed: name) }
        return sizes.memo
    }

    mutating func bits(ofNamed name: String) -> Int {
        if let known = memo[name] { return known }
        guard let t = byName[name], !inProgress.contains(name) else { return 0 }
        inProgress.insert(name)
        let result = bits(of: t)
        inProgress.remove(name)
        memo[name] = result
        return result
    }

    mutating func bits(of t: GenType) -> Int {
        switch t.kind {
        case .sequence(let s):
            var total = (s.extensible ? 1 : 0) + s.root.filter(\.optional).count
            for f in s.root where !f.optional { total += bits(f.type) }
            return total
        case .choice(let c):
            let root = c.root.map { bits($0.type) }.min() ?? 0
            let rootForm = (c.extensible ? 1 : 0) + Self.indexBits(count: c.root.count) + root
            // An extension alternative: the bit, a normally small index (7 bits at least), an open type.
            return c.extensible ? min(rootForm, 1 + 7 + 8) : rootForm
        case .enumerated(let e):
            let rootForm = Self.indexBits(count: e.root.count)
            return e.extensible ? 1 + min(rootForm, 7) : rootForm
        case .wrapper(let v):
            return bits(v)
        case .alias(let name):
            return bits(ofNamed: name)
        case .openType:
            return 8
        }
    }

    mutating func bits(_ v: ValueType) -> Int {
        switch v {
        case .named(let name, _):
            return bits(ofNamed: name)
        case .boolean:
            return 1
        case .null:
            return 0
        case .integer(let c):
            var rootForm = 8  // semi-constrained or unconstrained: a length octet (X.691 11.7, 11.8)
            if let lb = c.lowerBound, let ub = c.upperBound { rootForm = Self.constrainedBits(span: ub - lb) }
            return c.extensible ? 1 + min(rootForm, 8) : rootForm
        case .bitString(let s):
            return Self.sizedBits(s, unit: 1)
        case .octetString(let s):
            return Self.sizedBits(s, unit: 8)
        case .containing(let isBits, let s, _, _):
            return Self.sizedBits(s, unit: isBits ? 1 : 8)
        case .characterString(_, let s, let bitsPerCharacter, _):
            return Self.sizedBits(s, unit: bitsPerCharacter)
        case .utf8String, .opaqueString, .objectIdentifier, .openTypeBytes, .openType:
            return 8  // a length octet
        case .list(let element, let s):
            return Self.sizedBits(s, unit: bits(element))
        }
    }

    /// Bits of a constrained whole number whose range holds `span + 1` values (X.691 11.5.7, ALIGNED).
    static func constrainedBits(span: Int128) -> Int {
        if span <= 0 { return 0 }
        if span < 255 { return bitWidth(span) }
        if span < 65536 { return span == 255 ? 8 : 16 }
        // A length field for 1...n octets, then at least one octet.
        let octets = (bitWidth(span) + 7) / 8
        return bitWidth(Int128(octets - 1)) + 8
    }

    /// Bits of the index of one of `count` items (a CHOICE or ENUMERATED root).
    static func indexBits(count: Int) -> Int { constrainedBits(span: Int128(max(count, 1) - 1)) }

    /// Bits of a sized type with `unit` bits per element: the size preamble, then the fewest elements.
    static func sizedBits(_ s: SizeConstraint, unit: Int) -> Int {
        let elements = s.lowerBound * unit
        let rootForm: Int
        if let ub = s.upperBound, ub < 65536 {
            rootForm = (ub == s.lowerBound ? 0 : constrainedBits(span: Int128(ub - s.lowerBound))) + elements
        } else {
            rootForm = 8 + elements
        }
        // Outside the root: the bit, then a length octet and possibly no elements.
        return s.extensible ? 1 + min(rootForm, 8) : rootForm
    }

    static func bitWidth(_ v: Int128) -> Int {
        var bits = 0
        while (Int128(1) << bits) <= v { bits += 1 }
        return bits
    }
}

/// Types that can contain themselves through SEQUENCE components, CHOICE alternatives, wrappers and
/// aliases alone: their decoders spend one level of the reader's nesting budget, so no input can recurse
/// without bound. (Lists, open types and CONTAINING values spend it themselves.)
enum RecursiveTypes {
    static func find(_ byName: [String: GenType]) -> Set<String> {
        func direct(_ v: ValueType) -> String? {
            if case .named(let name, _) = v { return name }
            return nil
        }
        var edges: [String: [String]] = [:]
        for (name, t) in byName {
            switch t.kind {
            // Extension additions are open types, which spend the budget themselves.
            case .sequence(let s): edges[name] = s.root.compactMap { direct($0.type) }
            case .choice(let c): edges[name] = c.root.compactMap { direct($0.type) }
            case .wrapper(let v): edges[name] = direct(v).map { [$0] } ?? []
            case .alias(let target): edges[name] = [target]
            case .enumerated, .openType: edges[name] = []
            }
        }
        var recursive: Set<String> = []
        for start in byName.keys {
            // Depth-first search for a path from `start`'s successors back to `start`.
            var stack = edges[start] ?? []
            var seen: Set<String> = []
            while let next = stack.popLast() {
                if next == start {
                    recursive.insert(start)
                    break
                }
                if seen.insert(next).inserted { stack += edges[next] ?? [] }
            }
        }
        return recursive
    }
}
