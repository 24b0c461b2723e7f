import FiveGSecurity

/// The UDM/ARPF part of the core: subscriptions by IMSI, their keys and the home network's SQN (TS 33.102
/// Annex C.3: SQN_HE, stepped by 32 so that a USIM with the IND scheme of Annex C.1.2 accepts each vector).
struct SubscriberStore {
    /// One configured range, with its MILENAGE instance (K and OPc fixed per range).
    struct Range {
        var config: SubscriberRangeConfiguration
        var first: UInt64
        var digits: Int
        var milenage: Milenage
        var startSQN: UInt64
    }

    /// A subscriber found: its range and the IMSI as a number and text.
    struct Subscriber {
        var range: Int
        var imsiValue: UInt64
        var imsi: String
    }

    private(set) var ranges: [Range] = []
    /// SQN_HE of subscribers that have had a vector.
    private var sqns: [UInt64: UInt64] = [:]

    init(_ configs: [SubscriberRangeConfiguration]) throws(CoreEmulatorError) {
        for (i, c) in configs.enumerated() {
            guard let first = UInt64(c.firstIMSI), c.firstIMSI.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw CoreEmulatorError(.invalidConfiguration, "subscribers[\(i)].supi_first: \(c.firstIMSI) is not IMSI digits")
            }
            let milenage: Milenage
            do {
                switch c.operatorKey {
                case .opc(let opc): milenage = try Milenage(k: c.k, opc: opc)
                case .op(let op): milenage = try Milenage(k: c.k, op: op)
                }
            } catch {
                throw CoreEmulatorError(.invalidConfiguration, "subscribers[\(i)]: \(error.message)")
            }
            let sqn = c.sqn.count == 6 ? c.sqn.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : 0
            ranges.append(Range(config: c, first: first, digits: c.firstIMSI.count, milenage: milenage, startSQN: sqn))
        }
    }

    /// The subscriber with IMSI `imsi` (digits), or nil.
    func find(imsi: String) -> Subscriber? {
        guard let value = UInt64(imsi) else { return nil }
        for (i, r) in ranges.enumerated() where r.digits == imsi.count && value >= r.first && value - r.first < UInt64(r.config.count) {
            return Subscriber(range: i, imsiValue: value, imsi: imsi)
        }
        return nil
    }

    func config(of s: Subscriber) -> SubscriberRangeConfiguration { ranges[s.range].config }
    func milenage(of s: Subscriber) -> Milenage { ranges[s.range].milenage }

    /// The SQN for the next vector (SQN_HE + 32), recorded as SQN_HE.
    mutating func nextSQN(for s: Subscriber) -> UInt64 {
        let current = sqns[s.imsiValue] ?? ranges[s.range].startSQN
        let next = (current &+ 32) & 0xFFFF_FFFF_FFFF
        sqns[s.imsiValue] = next
        return next
    }

    /// Resynchronisation (TS 33.102 §6.3.5): SQN_HE takes the UE's SQN_MS.
    mutating func resynchronise(_ s: Subscriber, sqnMS: UInt64) {
        sqns[s.imsiValue] = sqnMS & 0xFFFF_FFFF_FFFF
    }

    /// Whether `imsi` lies in `firstIMSI ..< firstIMSI + count` (same number of digits).
    static func inRange(_ imsi: String, first: String, count: Int) -> Bool {
        guard imsi.count == first.count, let v = UInt64(imsi), let f = UInt64(first) else { return false }
        return v >= f && v - f < UInt64(count)
    }
}
