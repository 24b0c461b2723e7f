/// A frame's capture time: seconds and nanoseconds since the Unix epoch (nanosecond precision is asked of libpcap).
public struct CaptureTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    /// 0 ..< 1_000_000_000.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// `seconds.nnnnnnnnn`, as tshark's `frame.time_epoch`.
    public var description: String {
        let ns = String(nanoseconds)
        return "\(seconds)." + String(repeating: "0", count: max(0, 9 - ns.count)) + ns
    }
}
