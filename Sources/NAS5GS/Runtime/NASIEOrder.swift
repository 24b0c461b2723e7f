/// The order in which a decoded message's optional IEs appeared, so that re-encoding
/// is byte-identical (TS 24.501 §7.6.2 lets IEs arrive out of sequence; unknown IEs
/// are kept in their position).
///
/// Holds IE keys (IEI; for type 1 IEs the 4-bit IEI in the high nibble) and
/// `rawKey` for each IE kept raw. Up to 24 keys are stored inline (no allocation);
/// longer sequences spill into an array.
public struct NASIEOrder: Sendable, Hashable {
    /// Marks a position taken by the next entry of the message's `rawIEs`.
    public static let rawKey: UInt8 = 0xFF

    @usableFromInline var inline: (UInt64, UInt64, UInt64) = (0, 0, 0)
    @usableFromInline var inlineCount: UInt8 = 0
    @usableFromInline var spill: [UInt8] = []

    public init() {}

    public var isEmpty: Bool { inlineCount == 0 }
    public var count: Int { Int(inlineCount) &+ spill.count }

    @inline(__always)
    public mutating func append(_ key: UInt8) {
        if inlineCount < 24 {
            let slot = Int(inlineCount)
            let shift = UInt64((slot & 7) &* 8)
            switch slot >> 3 {
            case 0: inline.0 |= UInt64(key) << shift
            case 1: inline.1 |= UInt64(key) << shift
            default: inline.2 |= UInt64(key) << shift
            }
            inlineCount &+= 1
        } else {
            spill.append(key)
        }
    }

    public subscript(position: Int) -> UInt8 {
        if position < 24 {
            let word: UInt64
            switch position >> 3 {
            case 0: word = inline.0
            case 1: word = inline.1
            default: word = inline.2
            }
            return UInt8(truncatingIfNeeded: word >> UInt64((position & 7) &* 8))
        }
        return spill[position &- 24]
    }

    /// The keys in order.
    public var keys: [UInt8] { (0..<count).map { self[$0] } }

    public static func == (a: NASIEOrder, b: NASIEOrder) -> Bool {
        a.inline == b.inline && a.inlineCount == b.inlineCount && a.spill == b.spill
    }

    public func hash(into h: inout Hasher) {
        h.combine(inline.0); h.combine(inline.1); h.combine(inline.2); h.combine(inlineCount); h.combine(spill)
    }
}
