/// Deterministic damage to real NGAP-PDUs, for the mutated-PDU study (`MutationStudyTests`), the rejected-PDU
/// benchmark and fuzz seeds: bit flips, truncations, inflated lengths and counts, and inserted bytes.
public struct NGAPMutation: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case bitFlip, truncation, inflatedLength, byteInsertion
    }

    /// Position in the generated list, from 0.
    public var number: Int
    /// Index of the PDU it was made from, in the list given to `make`.
    public var source: Int
    public var kind: Kind
    /// What was done, e.g. `bit 123 flipped`, `cut to 45 of 80 bytes`, `IE 2 length at byte 17: 14 → 15`.
    public var detail: String
    public var bytes: [UInt8]
}

public enum NGAPMutations {
    /// `count` mutations of `pdus`, the kinds in turn, each of a PDU picked by `generator`.
    public static func make<G: RandomNumberGenerator>(from pdus: [[UInt8]], count: Int, using generator: inout G)
        -> [NGAPMutation]
    {
        guard !pdus.isEmpty else { return [] }
        var out: [NGAPMutation] = []
        out.reserveCapacity(count)
        let kinds = NGAPMutation.Kind.allCases
        for number in 0..<count {
            let source = Int.random(in: 0..<pdus.count, using: &generator)
            let kind = kinds[number % kinds.count]
            let (detail, bytes) = mutate(pdus[source], kind, using: &generator)
            out.append(NGAPMutation(number: number, source: source, kind: kind, detail: detail, bytes: bytes))
        }
        return out
    }

    static func mutate<G: RandomNumberGenerator>(_ pdu: [UInt8], _ kind: NGAPMutation.Kind, using g: inout G)
        -> (String, [UInt8])
    {
        var bytes = pdu
        switch kind {
        case .bitFlip:
            let bit = Int.random(in: 0..<(bytes.count * 8), using: &g)
            bytes[bit / 8] ^= 0x80 >> UInt8(bit % 8)
            return ("bit \(bit) flipped", bytes)
        case .truncation:
            let length = Int.random(in: 0..<bytes.count, using: &g)
            return ("cut to \(length) of \(bytes.count) bytes", Array(bytes.prefix(length)))
        case .byteInsertion:
            let at = Int.random(in: 0...bytes.count, using: &g)
            let inserted = (0..<Int.random(in: 1...4, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            bytes.insert(contentsOf: inserted, at: at)
            return ("\(inserted.count) byte\(inserted.count == 1 ? "" : "s") \(hex(inserted)) inserted at \(at)", bytes)
        case .inflatedLength:
            let fields = NGAPLayout.lengthFields(of: pdu).filter { $0.value < $0.maximum }
            guard let field = fields.randomElement(using: &g) else {
                return mutate(pdu, .bitFlip, using: &g)
            }
            // Half just past the truth (the value then reads into what follows), half anywhere up to the maximum.
            let value = Bool.random(using: &g)
                ? min(field.maximum, field.value + Int.random(in: 1...3, using: &g))
                : Int.random(in: (field.value + 1)...field.maximum, using: &g)
            field.write(value, into: &bytes)
            return ("\(field.name) at byte \(field.offset): \(field.value) → \(value)", bytes)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// The length and count fields of an NGAP-PDU, found by walking the layout every message of TS 38.413 shares
/// (9.4.3, 9.4.4): the CHOICE octet, procedure code and criticality, the open type's length, then a
/// SEQUENCE { protocolIEs ... } whose IE count takes two octets and whose IEs are an id (two octets), a
/// criticality (one) and an open type (a length, then the value).
public enum NGAPLayout {
    public struct Field: Sendable, Equatable {
        public enum Form: Sendable, Equatable {
            /// A length determinant of one octet (0...127, X.691 11.9.3.6).
            case shortLength
            /// A length determinant of two octets (128...16383, 11.9.3.7).
            case longLength
            /// A count of two octets (a constrained whole number in 0...65535, 11.5.7.3).
            case count
        }

        public var name: String
        public var offset: Int
        public var form: Form
        public var value: Int

        /// The largest value the field's form can hold.
        public var maximum: Int {
            switch form {
            case .shortLength: 127
            case .longLength: 16383
            case .count: 65535
            }
        }

        func write(_ v: Int, into bytes: inout [UInt8]) {
            switch form {
            case .shortLength:
                bytes[offset] = UInt8(v)
            case .longLength:
                bytes[offset] = 0x80 | UInt8(v >> 8)
                bytes[offset + 1] = UInt8(v & 0xFF)
            case .count:
                bytes[offset] = UInt8(v >> 8)
                bytes[offset + 1] = UInt8(v & 0xFF)
            }
        }
    }

    /// The fields found before the walk leaves the layout or the bytes.
    public static func lengthFields(of pdu: [UInt8]) -> [Field] {
        var fields: [Field] = []
        guard let top = length(pdu, at: 3, name: "message length") else { return fields }
        fields.append(top.field)
        var i = top.next + 1  // the SEQUENCE's extension bit, padded
        guard i + 2 <= pdu.count else { return fields }
        let count = Int(pdu[i]) << 8 | Int(pdu[i + 1])
        fields.append(Field(name: "IE count", offset: i, form: .count, value: count))
        i += 2
        for n in 0..<count {
            guard let ie = length(pdu, at: i + 3, name: "IE \(n) length") else { break }
            fields.append(ie.field)
            i = ie.next + ie.field.value
        }
        return fields
    }

    static func length(_ pdu: [UInt8], at offset: Int, name: String) -> (field: Field, next: Int)? {
        guard offset < pdu.count else { return nil }
        let first = Int(pdu[offset])
        if first & 0x80 == 0 { return (Field(name: name, offset: offset, form: .shortLength, value: first), offset + 1) }
        guard first & 0x40 == 0, offset + 1 < pdu.count else { return nil }
        let value = (first & 0x3F) << 8 | Int(pdu[offset + 1])
        return (Field(name: name, offset: offset, form: .longLength, value: value), offset + 2)
    }
}
