/// TSNs seen in one direction of an association and the frame that first carried each, to flag
/// retransmissions as tshark does (a TSN seen again in a later frame). Keeps about the last `window`
/// TSNs below the highest one: memory grows with traffic only up to that bound.
struct TSNHistory {
    private var firstFrame: [UInt32: Int] = [:]
    private var highest: UInt32 = 0
    private let window: UInt32

    init(window: Int) { self.window = UInt32(clamping: max(window, 16)) }

    /// Records `tsn` as seen in `frame`; returns the earlier frame that first carried it, if any.
    mutating func record(_ tsn: UInt32, frame: Int) -> Int? {
        if let first = firstFrame[tsn] {
            return first == frame ? nil : first
        }
        if firstFrame.isEmpty || Int32(bitPattern: tsn &- highest) > 0 { highest = tsn }
        firstFrame[tsn] = frame
        if firstFrame.count > 2 * Int(window) { prune() }
        return nil
    }

    private mutating func prune() {
        let top = highest, window = window
        firstFrame = firstFrame.filter { top &- $0.key <= window }
    }
}
