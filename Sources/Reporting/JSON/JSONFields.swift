import Bytes

/// Typed access to the members of a parsed JSON object, with errors that name the path of the value.
struct JSONFields {
    let members: [String: JSONValue]
    let path: [String]

    init(_ value: JSONValue, path: [String]) throws(ReportingError) {
        guard case .object(let list) = value else { throw Self.error(path, "expected an object, found \(value.kind)") }
        var members: [String: JSONValue] = [:]
        for m in list where members[m.key] == nil { members[m.key] = m.value }
        self.members = members
        self.path = path
    }

    @inline(never)
    static func error(_ path: [String], _ message: String) -> ReportingError {
        ReportingError(.invalidResults, message, context: ErrorContext(path: path))
    }

    func value(_ key: String) throws(ReportingError) -> JSONValue {
        guard let v = members[key] else { throw Self.error(path, "missing member \"\(key)\"") }
        return v
    }

    /// The member, or nil when absent or null.
    func optional(_ key: String) -> JSONValue? {
        guard let v = members[key], v != .null else { return nil }
        return v
    }

    func has(_ key: String) -> Bool { optional(key) != nil }

    func object(_ key: String) throws(ReportingError) -> JSONFields {
        try JSONFields(try value(key), path: path + [key])
    }

    func optionalObject(_ key: String) throws(ReportingError) -> JSONFields? {
        guard let v = optional(key) else { return nil }
        return try JSONFields(v, path: path + [key])
    }

    func string(_ key: String) throws(ReportingError) -> String {
        try Self.string(try value(key), path + [key])
    }

    func optionalString(_ key: String) throws(ReportingError) -> String? {
        guard let v = optional(key) else { return nil }
        return try Self.string(v, path + [key])
    }

    func bool(_ key: String) throws(ReportingError) -> Bool {
        guard case .bool(let b) = try value(key) else { throw Self.error(path + [key], "expected true or false") }
        return b
    }

    func int(_ key: String) throws(ReportingError) -> Int {
        try Self.int(try value(key), path + [key])
    }

    func optionalInt(_ key: String) throws(ReportingError) -> Int? {
        guard let v = optional(key) else { return nil }
        return try Self.int(v, path + [key])
    }

    func count(_ key: String) throws(ReportingError) -> UInt64 {
        try Self.count(try value(key), path + [key])
    }

    func double(_ key: String) throws(ReportingError) -> Double {
        try Self.double(try value(key), path + [key])
    }

    func optionalDouble(_ key: String) throws(ReportingError) -> Double? {
        guard let v = optional(key) else { return nil }
        return try Self.double(v, path + [key])
    }

    func array(_ key: String) throws(ReportingError) -> [JSONValue] {
        try Self.array(try value(key), path + [key])
    }

    func strings(_ key: String) throws(ReportingError) -> [String] {
        var out: [String] = []
        for (i, v) in try array(key).enumerated() { out.append(try Self.string(v, path + [key, "[\(i)]"])) }
        return out
    }

    /// Object members in file order, for maps keyed by name.
    func entries(_ key: String) throws(ReportingError) -> [(String, JSONValue)] {
        guard case .object(let list) = try value(key) else { throw Self.error(path + [key], "expected an object") }
        return list.map { ($0.key, $0.value) }
    }

    static func string(_ v: JSONValue, _ path: [String]) throws(ReportingError) -> String {
        guard case .string(let s) = v else { throw error(path, "expected a string, found \(v.kind)") }
        return s
    }

    static func array(_ v: JSONValue, _ path: [String]) throws(ReportingError) -> [JSONValue] {
        guard case .array(let items) = v else { throw error(path, "expected an array, found \(v.kind)") }
        return items
    }

    /// Counters are integers from 0 to 2^53 (exact in every JSON reader, and far from overflow when summed).
    static let maxCount: UInt64 = 1 << 53

    static func count(_ v: JSONValue, _ path: [String]) throws(ReportingError) -> UInt64 {
        guard case .number(let text) = v, let n = UInt64(text), n <= maxCount else {
            throw error(path, "expected an integer from 0 to 2^53, found \(v.jsonText.prefix(40))")
        }
        return n
    }

    static func int(_ v: JSONValue, _ path: [String]) throws(ReportingError) -> Int {
        guard case .number(let text) = v, let n = Int(text), n.magnitude <= maxCount else {
            throw error(path, "expected an integer, found \(v.jsonText.prefix(40))")
        }
        return n
    }

    static func double(_ v: JSONValue, _ path: [String]) throws(ReportingError) -> Double {
        guard case .number(let text) = v, let d = Double(text), d.isFinite else {
            throw error(path, "expected a number, found \(v.jsonText.prefix(40))")
        }
        return d
    }
}
