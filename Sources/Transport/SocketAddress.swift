import Glibc

/// An IPv4 or IPv6 address with a port, kept as a sockaddr ready for system calls.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// sockaddr_in or sockaddr_in6 bytes.
    @usableFromInline var storage: sockaddr_storage_bytes

    /// Parses a numeric IPv4 (`127.0.0.2`) or IPv6 (`::1`) address.
    public init(_ host: String, port: UInt16) throws(TransportError) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = v4
            storage = sockaddr_storage_bytes(address)
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = v6
            storage = sockaddr_storage_bytes(address)
        } else {
            throw TransportError(.invalidAddress, "'\(host)' is not a numeric IPv4 or IPv6 address")
        }
    }

    /// Reads a sockaddr_in or sockaddr_in6; nil for other families or short lengths.
    public init?(sockaddr pointer: UnsafeRawPointer, length: Int) {
        guard length >= MemoryLayout<sa_family_t>.size else { return nil }
        let family = Int32(pointer.loadUnaligned(as: sa_family_t.self))
        if family == AF_INET, length >= MemoryLayout<sockaddr_in>.size {
            storage = sockaddr_storage_bytes(pointer.loadUnaligned(as: sockaddr_in.self))
        } else if family == AF_INET6, length >= MemoryLayout<sockaddr_in6>.size {
            storage = sockaddr_storage_bytes(pointer.loadUnaligned(as: sockaddr_in6.self))
        } else {
            return nil
        }
    }

    public var family: Int32 { storage.family }
    public var isIPv6: Bool { family == AF_INET6 }
    public var port: UInt16 { storage.port }

    /// This address with another port.
    public func with(port: UInt16) -> SocketAddress {
        var copy = self
        copy.storage.setPort(port)
        return copy
    }

    /// True for 0.0.0.0 and ::, which CoreGate never binds (no automatic multihoming).
    public var isWildcard: Bool { storage.isWildcard }

    /// The numeric host, e.g. `127.0.0.2`.
    public var host: String { storage.host }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Calls `body` with a sockaddr pointer and its length.
    public func withSockAddr<R>(_ body: (UnsafeRawPointer, socklen_t) throws -> R) rethrows -> R {
        try storage.withBytes(body)
    }
}

/// The bytes of a sockaddr_in or sockaddr_in6, stored inline (no allocation).
@usableFromInline struct sockaddr_storage_bytes: Hashable, Sendable {
    var v4 = sockaddr_in()
    var v6 = sockaddr_in6()
    var isV6 = false

    init(_ address: sockaddr_in) { v4 = address }
    init(_ address: sockaddr_in6) { v6 = address; isV6 = true }

    var family: Int32 { isV6 ? AF_INET6 : AF_INET }
    var port: UInt16 { UInt16(bigEndian: isV6 ? v6.sin6_port : v4.sin_port) }
    mutating func setPort(_ port: UInt16) { if isV6 { v6.sin6_port = port.bigEndian } else { v4.sin_port = port.bigEndian } }

    var isWildcard: Bool {
        if !isV6 { return v4.sin_addr.s_addr == 0 }
        var copy = v6.sin6_addr
        return withUnsafeBytes(of: &copy) { $0.allSatisfy { $0 == 0 } }
    }

    var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if isV6 {
            var address = v6.sin6_addr
            _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        } else {
            var address = v4.sin_addr
            _ = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func withBytes<R>(_ body: (UnsafeRawPointer, socklen_t) throws -> R) rethrows -> R {
        if isV6 {
            var address = v6
            return try withUnsafeBytes(of: &address) { try body($0.baseAddress!, socklen_t($0.count)) }
        }
        var address = v4
        return try withUnsafeBytes(of: &address) { try body($0.baseAddress!, socklen_t($0.count)) }
    }

    @usableFromInline static func == (a: Self, b: Self) -> Bool {
        guard a.isV6 == b.isV6 else { return false }
        return a.withBytes { pa, la in b.withBytes { pb, lb in la == lb && memcmp(pa, pb, Int(la)) == 0 } }
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
        withBytes { pointer, length in hasher.combine(bytes: UnsafeRawBufferPointer(start: pointer, count: Int(length))) }
    }
}
