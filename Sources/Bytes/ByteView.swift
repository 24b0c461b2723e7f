/// Bounds-checked big-endian reads from borrowed bytes. Every read returns nil past the end instead of
/// trapping, so nothing read from a capture file can crash the reader. Cannot outlive the buffer it views.
public struct ByteView {
    public let bytes: UnsafeRawBufferPointer

    @inlinable public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    @inlinable public var count: Int { bytes.count }

    @inlinable public func has(_ length: Int, at offset: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    @inlinable public func u8(at offset: Int) -> UInt8? {
        guard has(1, at: offset) else { return nil }
        return bytes.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inlinable public func u16(at offset: Int) -> UInt16? {
        guard has(2, at: offset) else { return nil }
        return UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inlinable public func u32(at offset: Int) -> UInt32? {
        guard has(4, at: offset) else { return nil }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inlinable public func u64(at offset: Int) -> UInt64? {
        guard has(8, at: offset) else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Little-endian 32-bit read (BSD loopback family written by a little-endian host).
    @inlinable public func u32LittleEndian(at offset: Int) -> UInt32? {
        guard has(4, at: offset) else { return nil }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A sub-view of `length` bytes at `offset`, or nil if it does not fit.
    @inlinable public func slice(_ offset: Int, _ length: Int) -> ByteView? {
        guard has(length, at: offset) else { return nil }
        return ByteView(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]))
    }

    /// Everything from `offset` to the end (empty if `offset` is past the end).
    @inlinable public func suffix(from offset: Int) -> ByteView {
        let start = min(max(offset, 0), bytes.count)
        return ByteView(UnsafeRawBufferPointer(rebasing: bytes[start...]))
    }

    /// Copies the bytes into a new array (one allocation).
    @inlinable public func copyBytes() -> [UInt8] { [UInt8](bytes) }
}
