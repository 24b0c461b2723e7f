/// The UE's SQN freshness check (TS 33.102 §6.3.3 and Annex C.2): an SQN in an AUTN is accepted
/// only if it is greater than the highest SQN accepted so far (SQN_MS) and, when a limit is set,
/// no more than `maximumJump` above it (the optional Δ check of C.2.2). This is the simple
/// non-IND scheme; networks that step SQN by 32 (IND in the low 5 bits) also pass it.
public struct SQNFreshness: Hashable, Sendable {
    /// SQN_MS: the highest sequence number accepted (48 bits).
    public private(set) var highestAccepted: UInt64
    /// Δ of TS 33.102 C.2.2, or nil for no upper limit.
    public var maximumJump: UInt64?

    public init(highestAccepted: UInt64 = 0, maximumJump: UInt64? = nil) {
        self.highestAccepted = highestAccepted & 0xffff_ffff_ffff
        self.maximumJump = maximumJump
    }

    /// Whether `sqn` would be accepted.
    public func isFresh(_ sqn: UInt64) -> Bool {
        guard sqn > highestAccepted else { return false }
        if let maximumJump { return sqn - highestAccepted <= maximumJump }
        return true
    }

    /// Records `sqn` as accepted.
    public mutating func accept(_ sqn: UInt64) {
        if sqn > highestAccepted { highestAccepted = sqn & 0xffff_ffff_ffff }
    }
}
