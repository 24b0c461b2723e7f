/// The UE IPv4 addresses of one DNN: handed out in order from the pool, returned on release. The network,
/// broadcast and UPF DN addresses are never given out.
struct AddressPool: Sendable {
    let name: String
    let first: UInt32
    let last: UInt32
    let reserved: UInt32?
    private var next: UInt32
    private var free: [UInt32] = []
    private(set) var inUse = 0

    init(_ dnn: DNNConfiguration, reserved: IPAddress) {
        name = dnn.name
        if let pool = dnn.ipv4Pool, pool.length <= 30 {
            let size: UInt32 = pool.length == 0 ? UInt32.max : (UInt32(1) << UInt32(32 - pool.length)) - 1
            first = pool.network.rawValue &+ 1
            last = pool.network.rawValue &+ size &- 1
        } else {
            first = 1
            last = 0
        }
        if case .v4(let a) = reserved { self.reserved = a.rawValue } else { self.reserved = nil }
        next = first
    }

    /// The next free address, or nil when the pool is used up.
    mutating func allocate() -> IPv4Address? {
        if let a = free.popLast() {
            inUse += 1
            return IPv4Address(rawValue: a)
        }
        while next <= last && next >= first {
            let a = next
            next &+= 1
            if a == reserved { continue }
            inUse += 1
            return IPv4Address(rawValue: a)
        }
        return nil
    }

    mutating func release(_ a: IPv4Address) {
        guard a.rawValue >= first, a.rawValue <= last else { return }
        free.append(a.rawValue)
        inUse -= 1
    }
}
