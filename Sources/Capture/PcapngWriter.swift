import Bytes
import Glibc

/// Writes a pcapng file (draft-ietf-opsawg-pcapng): a section header, interface descriptions with
/// nanosecond timestamps (`if_tsresol` 9), and an enhanced packet block per packet, little endian.
///
/// For the live path's tap: one interface per reference point, whose packets are whole IPv4/IPv6 packets
/// built with `Packets` (N2: IP/SCTP/NGAP, N3: IP/UDP/GTP-U), framed by `writeIP`:
/// ```swift
/// let tap = try PcapngWriter(path: "run.pcapng", interfaces: [.init(name: "N2"), .init(name: "N3")])
/// try tap.writeIP(packet, interface: 1, timestamp: now, direction: .outbound)
/// try tap.flush()   // e.g. once per event-loop turn
/// ```
/// Interfaces are Ethernet by default: `writeIP` puts a 14-byte header with fixed, locally administered
/// addresses (02:00:00:00:00:01 for the harness, …:02 for its peer, swapped by direction) in front of the
/// IP packet. Raw IP (`LINKTYPE_RAW`) saves those bytes, but libpcap, and so `CaptureReader` and tcpdump,
/// rejects a pcapng file with more than one raw-IP interface (tshark reads it); use it with one interface.
/// Packets are gathered in memory and written in whole blocks when the buffer fills, on `flush()` and on
/// `close()`: the file always ends with a complete block, so whatever was flushed before a crash stays
/// readable (by libpcap, tshark and `CaptureReader`). Not thread-safe: one writer per thread or loop.
public final class PcapngWriter {
    /// An interface the packets are captured on.
    public struct Interface: Hashable, Sendable {
        public var name: String
        public var linkLayer: LinkLayer
        public var description: String?
        /// The most bytes of a packet kept (`snaplen`); 0 means no limit.
        public var snapLength: UInt32

        public init(name: String, linkLayer: LinkLayer = .ethernet, description: String? = nil, snapLength: UInt32 = 0) {
            self.name = name
            self.linkLayer = linkLayer
            self.description = description
            self.snapLength = snapLength
        }
    }

    /// Which way a packet went, written as the `epb_flags` option.
    public enum Direction: UInt32, Sendable {
        case inbound = 1
        case outbound = 2
    }

    public let path: String
    private var fd: Int32
    private var buffer: OutputBytes
    private let bufferSize: Int
    public private(set) var interfaces: [Interface] = []
    /// Packets written so far (buffered ones included).
    public private(set) var packetsWritten = 0

    /// Creates (or truncates) `path` and writes the section header and the interfaces. `bufferSize` bytes
    /// are gathered before a write to the file.
    public init(path: String, interfaces: [Interface] = [], application: String = "CoreGate", bufferSize: Int = 1 << 20) throws(CaptureError) {
        self.path = path
        self.bufferSize = max(bufferSize, 4096)
        buffer = OutputBytes(capacity: self.bufferSize)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CaptureError(.cannotOpen, "\(path): \(String(cString: strerror(errno)))") }
        writeSectionHeader(application: application)
        for interface in interfaces { _ = try addInterface(interface) }
        try flush()
    }

    deinit {
        if fd >= 0 {
            try? flush()
            Glibc.close(fd)
        }
    }

    /// Adds an interface (its description block goes before any packet that uses it); returns its id.
    @discardableResult
    public func addInterface(_ interface: Interface) throws(CaptureError) -> Int {
        guard fd >= 0 else { throw CaptureError(.writeFailed, "\(path): writer is closed") }
        guard interface.name.utf8.count < 1024, (interface.description?.utf8.count ?? 0) < 1024 else {
            throw CaptureError(.invalidFrame, "\(path): interface name or description over 1023 bytes")
        }
        var options: [(UInt16, [UInt8])] = [(2, Array(interface.name.utf8)), (9, [9])]
        if let d = interface.description { options.insert((3, Array(d.utf8)), at: 1) }
        let optionBytes = options.reduce(0) { $0 + 4 + Self.padded($1.1.count) } + 4
        let total = 16 + optionBytes + 4
        buffer.reserve(total)
        put32(0x0000_0001)
        put32(UInt32(total))
        put16(interface.linkLayer.linkType)
        put16(0)
        put32(interface.snapLength)
        for (code, value) in options { putOption(code, value) }
        put32(0)  // opt_endofopt
        put32(UInt32(total))
        interfaces.append(interface)
        return interfaces.count - 1
    }

    /// Adds one IPv4 or IPv6 packet on an Ethernet or raw-IP interface, framed for its link layer.
    public func writeIP(_ packet: UnsafeRawBufferPointer, interface: Int, timestamp: CaptureTimestamp,
                        direction: Direction? = nil) throws(CaptureError) {
        try checkInterface(interface)
        switch interfaces[interface].linkLayer {
        case .rawIP, .ipv4, .ipv6:
            try write(packet, interface: interface, timestamp: timestamp, direction: direction)
        case .ethernet:
            let version = packet.first.map { $0 >> 4 } ?? 0
            guard version == 4 || version == 6 else {
                throw CaptureError(.invalidFrame, "\(path): IP version \(version) packet on interface \(interface)")
            }
            // Destination, source (harness …:01, peer …:02), EtherType.
            let inbound = direction == .inbound
            var header: (UInt64, UInt32, UInt16) = (0, 0, 0)
            withUnsafeMutableBytes(of: &header) { h in
                let macs: [UInt8] = inbound ? [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2] : [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]
                for (i, b) in macs.enumerated() { h[i] = b }
                h[12] = version == 4 ? 0x08 : 0x86
                h[13] = version == 4 ? 0x00 : 0xDD
            }
            try withUnsafeBytes(of: header) { (h) throws(CaptureError) in
                try write(packet, interface: interface, timestamp: timestamp, direction: direction,
                          prefix: UnsafeRawBufferPointer(rebasing: h[0..<14]))
            }
        default:
            throw CaptureError(.invalidFrame, "\(path): writeIP on a \(interfaces[interface].linkLayer) interface")
        }
    }

    /// Adds one IP packet held in an array (see `writeIP(_:interface:timestamp:direction:)`).
    public func writeIP(_ packet: [UInt8], interface: Int, timestamp: CaptureTimestamp, direction: Direction? = nil) throws(CaptureError) {
        let result = packet.withUnsafeBytes { raw in
            Result { () throws(CaptureError) in try writeIP(raw, interface: interface, timestamp: timestamp, direction: direction) }
        }
        try result.get()
    }

    private func checkInterface(_ interface: Int) throws(CaptureError) {
        guard interfaces.indices.contains(interface) else {
            throw CaptureError(.invalidFrame, "\(path): no interface \(interface) (\(interfaces.count) defined)")
        }
    }

    /// Adds one frame as it is (link header included). `originalLength` is the length on the wire when the
    /// frame was cut (default: its size).
    public func write(_ packet: UnsafeRawBufferPointer, interface: Int, timestamp: CaptureTimestamp,
                      originalLength: Int? = nil, direction: Direction? = nil) throws(CaptureError) {
        try write(packet, interface: interface, timestamp: timestamp, originalLength: originalLength, direction: direction,
                  prefix: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private func write(_ packet: UnsafeRawBufferPointer, interface: Int, timestamp: CaptureTimestamp, originalLength: Int? = nil,
                       direction: Direction?, prefix: UnsafeRawBufferPointer) throws(CaptureError) {
        try checkInterface(interface)
        let length = prefix.count + packet.count
        guard length <= Int(UInt32.max) - 64, (originalLength ?? length) <= Int(UInt32.max) else {
            throw CaptureError(.invalidFrame, "\(path): packet of \(length) bytes is too large for pcapng")
        }
        let optionBytes = direction == nil ? 0 : 12
        let total = 28 + Self.padded(length) + optionBytes + 4
        if buffer.count + total > bufferSize && buffer.count > 0 { try flush() }
        buffer.reserve(total)
        let nanoseconds = UInt64(bitPattern: timestamp.seconds) &* 1_000_000_000 &+ UInt64(UInt32(bitPattern: timestamp.nanoseconds))
        put32(0x0000_0006)
        put32(UInt32(total))
        put32(UInt32(interface))
        put32(UInt32(truncatingIfNeeded: nanoseconds >> 32))
        put32(UInt32(truncatingIfNeeded: nanoseconds))
        put32(UInt32(length))
        put32(UInt32(originalLength.map { $0 + prefix.count } ?? length))
        if let base = prefix.baseAddress, prefix.count > 0 {
            OutputBytes.copy(UnsafeMutableRawPointer(buffer.end), base, prefix.count)
            buffer.advance(prefix.count)
        }
        if let base = packet.baseAddress, packet.count > 0 {
            OutputBytes.copy(UnsafeMutableRawPointer(buffer.end), base, packet.count)
            buffer.advance(packet.count)
        }
        putZeros(Self.padded(length) - length)
        if let direction {
            put16(2)  // epb_flags
            put16(4)
            put32(direction.rawValue)
            put32(0)
        }
        put32(UInt32(total))
        packetsWritten += 1
    }

    /// Adds one frame held in an array, as it is.
    public func write(_ packet: [UInt8], interface: Int, timestamp: CaptureTimestamp, direction: Direction? = nil) throws(CaptureError) {
        let result = packet.withUnsafeBytes { raw in
            Result { () throws(CaptureError) in try write(raw, interface: interface, timestamp: timestamp, direction: direction) }
        }
        try result.get()
    }

    /// Writes the gathered blocks to the file.
    public func flush() throws(CaptureError) {
        guard fd >= 0 else { throw CaptureError(.writeFailed, "\(path): writer is closed") }
        var failure: Int32 = 0
        buffer.withUnsafeBytes { raw in
            var done = 0
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let n = Glibc.write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        buffer.removeAll()
        if failure != 0 { throw CaptureError(.writeFailed, "\(path): \(String(cString: strerror(failure)))") }
    }

    /// Flushes and closes the file; later writes throw `writeFailed`.
    public func close() throws(CaptureError) {
        guard fd >= 0 else { return }
        defer {
            Glibc.close(fd)
            fd = -1
        }
        try flush()
    }

    // MARK: - Blocks

    private func writeSectionHeader(application: String) {
        let app = Array(application.utf8)
        let total = 24 + 4 + Self.padded(app.count) + 4 + 4
        buffer.reserve(total)
        put32(0x0A0D_0D0A)
        put32(UInt32(total))
        put32(0x1A2B_3C4D)
        put16(1)
        put16(0)
        put32(0xFFFF_FFFF)  // section length unknown (-1)
        put32(0xFFFF_FFFF)
        putOption(4, app)  // shb_userappl
        put32(0)
        put32(UInt32(total))
    }

    private static func padded(_ n: Int) -> Int { (n + 3) & ~3 }

    private func putOption(_ code: UInt16, _ value: [UInt8]) {
        put16(code)
        put16(UInt16(truncatingIfNeeded: value.count))
        value.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 {
                OutputBytes.copy(UnsafeMutableRawPointer(buffer.end), base, raw.count)
                buffer.advance(raw.count)
            }
        }
        putZeros(Self.padded(value.count) - value.count)
    }

    @inline(__always) private func put32(_ v: UInt32) {
        UnsafeMutableRawPointer(buffer.end).storeBytes(of: v.littleEndian, as: UInt32.self)
        buffer.advance(4)
    }

    @inline(__always) private func put16(_ v: UInt16) {
        UnsafeMutableRawPointer(buffer.end).storeBytes(of: v.littleEndian, as: UInt16.self)
        buffer.advance(2)
    }

    @inline(__always) private func putZeros(_ n: Int) {
        for _ in 0..<n {
            buffer.end.pointee = 0
            buffer.advance(1)
        }
    }
}

extension LinkLayer {
    /// The LINKTYPE value written in pcap and pcapng files for this link layer.
    public var linkType: UInt16 {
        switch self {
        case .ethernet: 1
        case .linuxSLL: 113
        case .linuxSLL2: 276
        case .rawIP: 101
        case .ipv4: 228
        case .ipv6: 229
        case .null: 0
        case .loop: 108
        }
    }
}
