import Bytes

/// A packet filter of a QoS rule (TS 24.501 §9.11.4.13): direction, identifier and
/// the contents (components, kept as octets; `components` parses them).
public struct PacketFilter: Sendable, Hashable {
    /// Octet: spare bits 8-7, direction bits 6-5, identifier bits 4-1.
    public var header: UInt8
    /// The packet filter contents (absent for "modify and delete packet filters", which lists identifiers only).
    public var contents: [UInt8]?

    public init(header: UInt8, contents: [UInt8]?) { self.header = header; self.contents = contents }
    public init(direction: UInt8, identifier: UInt8, components: [Component]) {
        header = (direction & 3) << 4 | (identifier & 0xF)
        var c: [UInt8] = []
        for comp in components { c.append(comp.type); c.append(contentsOf: comp.value) }
        contents = c
    }

    /// 1 downlink only, 2 uplink only, 3 bidirectional.
    public var direction: UInt8 { (header >> 4) & 3 }
    public var identifier: UInt8 { header & 0xF }

    public struct Component: Sendable, Hashable {
        public var type: UInt8
        public var value: [UInt8]
        public init(type: UInt8, value: [UInt8]) { self.type = type; self.value = value }
    }

    /// Value length of each packet filter component type (table 9.11.4.13.1), nil if unknown.
    public static func componentLength(_ type: UInt8) -> Int? {
        switch type {
        case 0x01: 0
        case 0x10, 0x11: 8
        case 0x21, 0x23: 17
        case 0x30: 1
        case 0x40, 0x50: 2
        case 0x41, 0x51: 4
        case 0x60: 4
        case 0x70: 2
        case 0x80: 3
        case 0x81, 0x82: 6
        case 0x83, 0x84: 2
        case 0x85, 0x86: 1
        case 0x87: 2
        case 0x88, 0x89: 12
        default: nil
        }
    }

    /// The components, or nil when a component type is unknown or the contents are cut short.
    public var components: [Component]? {
        guard let contents else { return nil }
        var list: [Component] = []
        var i = 0
        while i < contents.count {
            guard let n = Self.componentLength(contents[i]), i + 1 + n <= contents.count else { return nil }
            list.append(Component(type: contents[i], value: Array(contents[(i + 1)..<(i + 1 + n)])))
            i += 1 + n
        }
        return list
    }

    func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("direction"); json.int(Int(direction))
        json.key("id"); json.int(Int(identifier))
        if let comps = components {
            json.key("components")
            json.beginArray()
            for c in comps {
                json.beginObject()
                json.key("type"); json.int(Int(c.type))
                if !c.value.isEmpty { json.key("value"); json.hex(c.value) }
                json.endObject()
            }
            json.endArray()
        } else if let contents {
            json.key("contents"); json.hex(contents)
        }
        json.endObject()
    }
}

/// One QoS rule (TS 24.501 §9.11.4.13).
public struct QoSRule: Sendable, Hashable {
    public var identifier: UInt8
    /// Octet: rule operation code (bits 8-6), DQR (bit 5), number of packet filters (bits 4-1).
    public var header: UInt8
    public var packetFilters: [PacketFilter]
    public var precedence: UInt8?
    /// Octet: spare bit 8, segregation bit 7, QFI bits 6-1.
    public var qfiOctet: UInt8?
    /// Octets after the QFI octet, kept as received.
    public var extra: [UInt8] = []

    public init(identifier: UInt8, operationCode: UInt8, isDefault: Bool, packetFilters: [PacketFilter],
                precedence: UInt8?, segregation: Bool = false, qfi: UInt8?) {
        self.identifier = identifier
        header = (operationCode & 7) << 5 | (isDefault ? 0x10 : 0) | UInt8(truncatingIfNeeded: packetFilters.count & 0xF)
        self.packetFilters = packetFilters
        self.precedence = precedence
        qfiOctet = qfi.map { (segregation ? 0x40 : 0) | ($0 & 0x3F) }
    }

    /// 1 create, 2 delete, 3 modify and add filters, 4 modify and replace filters,
    /// 5 modify and delete filters, 6 modify without modifying filters.
    public var operationCode: UInt8 { header >> 5 }
    public var isDefault: Bool { header & 0x10 != 0 }
    public var qfi: UInt8? { qfiOctet.map { $0 & 0x3F } }
    public var segregation: Bool { (qfiOctet ?? 0) & 0x40 != 0 }
}

/// QoS rules (TS 24.501 §9.11.4.13).
public struct QoSRules: NASValue, Hashable {
    public var rules: [QoSRule]
    public init(_ rules: [QoSRule]) { self.rules = rules }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        var list: [QoSRule] = []
        var i = v.startIndex
        while i < v.endIndex {
            guard i + 3 <= v.endIndex else { throw .invalidValue(at: i) }
            let id = v[i]
            let length = Int(v[i + 1]) << 8 | Int(v[i + 2])
            let end = i + 3 + length
            guard length >= 1, end <= v.endIndex else { throw .invalidValue(at: i) }
            let header = v[i + 3]
            let opcode = header >> 5
            let count = Int(header & 0xF)
            var j = i + 4
            var filters: [PacketFilter] = []
            filters.reserveCapacity(count)
            for _ in 0..<count {
                guard j < end else { throw .invalidValue(at: j) }
                if opcode == 5 {
                    filters.append(PacketFilter(header: v[j], contents: nil))
                    j += 1
                } else {
                    guard j + 2 <= end else { throw .invalidValue(at: j) }
                    let n = Int(v[j + 1])
                    guard j + 2 + n <= end else { throw .invalidValue(at: j) }
                    filters.append(PacketFilter(header: v[j], contents: Array(v[(j + 2)..<(j + 2 + n)])))
                    j += 2 + n
                }
            }
            var rule = QoSRule(identifier: id, operationCode: 0, isDefault: false, packetFilters: filters, precedence: nil, qfi: nil)
            rule.header = header
            if j < end { rule.precedence = v[j]; j += 1 }
            if j < end { rule.qfiOctet = v[j]; j += 1 }
            if j < end { rule.extra = Array(v[j..<end]) }
            list.append(rule)
            i = end
        }
        rules = list
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        for r in rules {
            out.append(r.identifier)
            let at = out.count
            out.append(0); out.append(0)
            out.append(r.header)
            for f in r.packetFilters {
                out.append(f.header)
                if let c = f.contents { out.append(UInt8(truncatingIfNeeded: c.count)); out.append(contentsOf: c) }
            }
            if let p = r.precedence {
                out.append(p)
                if let q = r.qfiOctet { out.append(q); out.append(contentsOf: r.extra) }
            }
            let n = out.count - at - 2
            out[at] = UInt8(truncatingIfNeeded: n >> 8); out[at + 1] = UInt8(truncatingIfNeeded: n)
        }
    }

    /// `[{"id", "operation_code", "dqr", "packet_filters": [...], "precedence"?, "segregation"?, "qfi"?}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        for r in rules {
            json.beginObject()
            json.key("id"); json.int(Int(r.identifier))
            json.key("operation_code"); json.int(Int(r.operationCode))
            json.key("dqr"); json.bool(r.isDefault)
            json.key("packet_filters"); json.beginArray(); for f in r.packetFilters { f.writeJSON(to: &json) }; json.endArray()
            if let p = r.precedence { json.key("precedence"); json.int(Int(p)) }
            if let q = r.qfi { json.key("segregation"); json.bool(r.segregation); json.key("qfi"); json.int(Int(q)) }
            json.endObject()
        }
        json.endArray()
    }
}

/// One QoS flow description (TS 24.501 §9.11.4.12).
public struct QoSFlowDescription: Sendable, Hashable {
    /// Octet: spare bits 8-7, QFI bits 6-1.
    public var qfiOctet: UInt8
    /// Octet: operation code bits 8-6 (1 create, 2 delete, 3 modify), spare bits 5-1.
    public var operationOctet: UInt8
    /// Octet: spare bit 8, E bit 7, number of parameters bits 6-1.
    public var parameterOctet: UInt8
    public var parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        /// 1 5QI, 2 GFBR uplink, 3 GFBR downlink, 4 MFBR uplink, 5 MFBR downlink,
        /// 6 averaging window, 7 EPS bearer identity.
        public var identifier: UInt8
        public var contents: [UInt8]
        public init(identifier: UInt8, contents: [UInt8]) { self.identifier = identifier; self.contents = contents }
    }

    public init(qfi: UInt8, operationCode: UInt8, eBit: Bool, parameters: [Parameter]) {
        qfiOctet = qfi & 0x3F
        operationOctet = (operationCode & 7) << 5
        parameterOctet = (eBit ? 0x40 : 0) | UInt8(truncatingIfNeeded: parameters.count & 0x3F)
        self.parameters = parameters
    }

    public var qfi: UInt8 { qfiOctet & 0x3F }
    public var operationCode: UInt8 { operationOctet >> 5 }
    public var eBit: Bool { parameterOctet & 0x40 != 0 }
}

/// QoS flow descriptions (TS 24.501 §9.11.4.12).
public struct QoSFlowDescriptions: NASValue, Hashable {
    public var descriptions: [QoSFlowDescription]
    public init(_ descriptions: [QoSFlowDescription]) { self.descriptions = descriptions }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        var list: [QoSFlowDescription] = []
        var i = v.startIndex
        while i < v.endIndex {
            guard i + 3 <= v.endIndex else { throw .invalidValue(at: i) }
            var d = QoSFlowDescription(qfi: 0, operationCode: 0, eBit: false, parameters: [])
            d.qfiOctet = v[i]; d.operationOctet = v[i + 1]; d.parameterOctet = v[i + 2]
            i += 3
            for _ in 0..<Int(d.parameterOctet & 0x3F) {
                guard i + 2 <= v.endIndex else { throw .invalidValue(at: i) }
                let n = Int(v[i + 1])
                guard i + 2 + n <= v.endIndex else { throw .invalidValue(at: i) }
                d.parameters.append(.init(identifier: v[i], contents: Array(v[(i + 2)..<(i + 2 + n)])))
                i += 2 + n
            }
            list.append(d)
        }
        descriptions = list
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        for d in descriptions {
            out.append(d.qfiOctet); out.append(d.operationOctet); out.append(d.parameterOctet)
            for p in d.parameters {
                out.append(p.identifier); out.append(UInt8(truncatingIfNeeded: p.contents.count)); out.append(contentsOf: p.contents)
            }
        }
    }

    /// `[{"qfi", "operation_code", "e_bit", "parameters": [{"id": n, "5qi"|"unit"+"value"|"value"|"hex"}]}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        for d in descriptions {
            json.beginObject()
            json.key("qfi"); json.int(Int(d.qfi))
            json.key("operation_code"); json.int(Int(d.operationCode))
            json.key("e_bit"); json.bool(d.eBit)
            json.key("parameters")
            json.beginArray()
            for p in d.parameters {
                json.beginObject()
                json.key("id"); json.int(Int(p.identifier))
                let c = p.contents
                switch (p.identifier, c.count) {
                case (1, 1): json.key("5qi"); json.int(Int(c[0]))
                case (2...5, 3):
                    json.key("unit"); json.int(Int(c[0]))
                    json.key("value"); json.int(Int(c[1]) << 8 | Int(c[2]))
                case (6, 2): json.key("value"); json.int(Int(c[0]) << 8 | Int(c[1]))
                case (7, 1): json.key("value"); json.int(Int(c[0] >> 4))
                default: json.key("hex"); json.hex(c)
                }
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }
}
