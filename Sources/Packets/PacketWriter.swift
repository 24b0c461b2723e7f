import Bytes

/// Writes a packet front to back into a caller's buffer, with no allocation. Layers open with `begin…`
/// (which writes their header with placeholder lengths and checksums) and close with `end…` (which fills
/// them in from what was written since), so nested layers need no length computed in advance:
///
/// ```swift
/// try bytes.withUnsafeMutableBytes { buffer in
///     var w = PacketWriter(buffer)
///     let ip = try w.beginIPv4(IPv4Header(source: a, destination: b, upperProtocol: .udp))
///     let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 2152)
///     try w.write(payload)
///     try w.endUDP(udp, in: ip)
///     try w.endIPv4(ip)
///     return w.count
/// }
/// ```
/// Every write checks the room left and throws `bufferTooSmall`; nothing traps. The buffer must outlive
/// the writer.
public struct PacketWriter {
    public let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline var used = 0
    /// Bytes written from the start of `buffer`.
    @inlinable public var count: Int { used }

    @inlinable public init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    /// Bytes still free.
    @inlinable public var remaining: Int { buffer.count &- count }

    /// The bytes written so far.
    @inlinable public var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<count]) }

    @usableFromInline @inline(never)
    static func full(_ needed: Int, _ left: Int, _ what: String) -> PacketError {
        PacketError(.bufferTooSmall, "\(what) needs \(needed) bytes, \(left) left in the buffer")
    }

    /// Makes sure `n` more bytes fit.
    @inlinable public func ensure(_ n: Int, _ what: @autoclosure () -> String = "write") throws(PacketError) {
        guard n >= 0, n <= remaining else { throw Self.full(n, remaining, what()) }
    }

    @inlinable public mutating func writeU8(_ v: UInt8) throws(PacketError) {
        try ensure(1)
        buffer.storeBytes(of: v, toByteOffset: count, as: UInt8.self)
        used &+= 1
    }

    @inlinable public mutating func writeU16(_ v: UInt16) throws(PacketError) {
        try ensure(2)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: UInt16.self)
        used &+= 2
    }

    @inlinable public mutating func writeU32(_ v: UInt32) throws(PacketError) {
        try ensure(4)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: UInt32.self)
        used &+= 4
    }

    @inlinable public mutating func writeU64(_ v: UInt64) throws(PacketError) {
        try ensure(8)
        buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: UInt64.self)
        used &+= 8
    }

    /// Writes the 4 or 16 bytes of an address.
    @inlinable public mutating func write(_ address: IPAddress) throws(PacketError) {
        switch address {
        case .v4(let a): try writeU32(a)
        case .v6(let high, let low):
            try writeU64(high)
            try writeU64(low)
        }
    }

    @inlinable public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(PacketError) {
        try ensure(bytes.count)
        copy(bytes)
    }

    @inlinable public mutating func write(_ bytes: [UInt8]) throws(PacketError) {
        try ensure(bytes.count)
        bytes.withUnsafeBytes { copy($0) }
    }

    @inlinable public mutating func write(_ bytes: ArraySlice<UInt8>) throws(PacketError) {
        try ensure(bytes.count)
        bytes.withUnsafeBytes { copy($0) }
    }

    /// Copies bytes already known to fit.
    @usableFromInline mutating func copy(_ bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress, bytes.count > 0, let base = buffer.baseAddress {
            (base + used).copyMemory(from: source, byteCount: bytes.count)
        }
        used &+= bytes.count
    }

    /// Writes `n` zero bytes.
    @inlinable public mutating func writeZeros(_ n: Int) throws(PacketError) {
        try ensure(n)
        if n > 0, let base = buffer.baseAddress { (base + count).initializeMemory(as: UInt8.self, repeating: 0, count: n) }
        used &+= n
    }

    /// Reserves `n` bytes to fill later (their content is left as is); returns their offset.
    @inlinable public mutating func skip(_ n: Int) throws(PacketError) -> Int {
        try ensure(n)
        defer { used &+= n }
        return count
    }

    /// Overwrites two bytes already written.
    @inlinable public func setU16(_ v: UInt16, at offset: Int) {
        precondition(offset >= 0 && offset &+ 2 <= count, "PacketWriter.setU16 outside the written bytes")
        buffer.storeBytes(of: v.bigEndian, toByteOffset: offset, as: UInt16.self)
    }

    /// Overwrites four bytes already written.
    @inlinable public func setU32(_ v: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset &+ 4 <= count, "PacketWriter.setU32 outside the written bytes")
        buffer.storeBytes(of: v.bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Overwrites one byte already written.
    @inlinable public func setU8(_ v: UInt8, at offset: Int) {
        precondition(offset >= 0 && offset < count, "PacketWriter.setU8 outside the written bytes")
        buffer.storeBytes(of: v, toByteOffset: offset, as: UInt8.self)
    }

    /// The written bytes in `range`.
    @inlinable public func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "PacketWriter.bytes outside the written bytes")
        return UnsafeRawBufferPointer(rebasing: buffer[range])
    }
}

extension OutputBytes {
    /// Appends a packet written by `body` through a `PacketWriter` over `capacity` reserved bytes; returns
    /// the number of bytes appended. On error nothing is appended.
    @inlinable
    public mutating func appendPacket<R>(capacity: Int, _ body: (inout PacketWriter) throws(PacketError) -> R) throws(PacketError) -> R {
        reserve(capacity)
        var writer = PacketWriter(UnsafeMutableRawBufferPointer(start: end, count: capacity))
        let result = try body(&writer)
        advance(writer.count)
        return result
    }
}

extension Array where Element == UInt8 {
    /// A new array holding the packet `body` writes (at most `capacity` bytes). For tests and tools; the
    /// live path writes into its own buffers.
    public static func packet(capacity: Int = 65_535, _ body: (inout PacketWriter) throws(PacketError) -> Void) throws(PacketError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: capacity)
        var failure: PacketError?
        let n = result.withUnsafeMutableBytes { raw -> Int in
            var writer = PacketWriter(raw)
            do throws(PacketError) { try body(&writer) } catch { failure = error }
            return writer.count
        }
        if let failure { throw failure }
        result.removeLast(capacity - n)
        return result
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws `PacketError` (the standard one rethrows untyped errors).
    @inlinable
    public func withPacketBytes<R>(_ body: (UnsafeRawBufferPointer) throws(PacketError) -> R) throws(PacketError) -> R {
        let result = withUnsafeBytes { raw in Result { () throws(PacketError) -> R in try body(raw) } }
        return try result.get()
    }
}
