/// A growable byte buffer for encoders, owned by one writer at a time.
///
/// Non-copyable, so a write needs neither a uniqueness check nor a capacity
/// check beyond one comparison: writers call `reserve(_:)` for what they are
/// about to store, then store through `end`. Growth doubles the capacity.
public struct OutputBytes: ~Copyable, @unchecked Sendable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used: Int
    /// Bytes written.
    @inlinable public var count: Int { used }

    @inlinable
    public init(capacity: Int = 256) {
        let size = capacity > 16 ? capacity : 16
        base = .allocate(capacity: size)
        self.capacity = size
        used = 0
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if used &+ extra > capacity { grow(to: used &+ extra) }
    }

    @usableFromInline @inline(never)
    mutating func grow(to needed: Int) {
        var size = capacity &* 2
        while size < needed { size &*= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        capacity = size
    }

    /// The first byte of the storage; valid until the next growth. For writers that store at an offset
    /// below `count` (a bit writer finishing a partial octet).
    @inlinable @inline(__always)
    public var start: UnsafeMutablePointer<UInt8> { base }

    /// Sets the number of bytes written; `n` must not exceed what was `reserve`d.
    @inlinable @inline(__always)
    public mutating func setCount(_ n: Int) {
        assert(n >= 0 && n <= capacity)
        used = n
    }

    /// Where the next byte goes; valid for `reserve`d bytes until the next growth.
    @inlinable @inline(__always)
    public var end: UnsafeMutablePointer<UInt8> { base + used }

    /// Counts `n` bytes stored through `end` as written.
    @inlinable @inline(__always)
    public mutating func advance(_ n: Int) { used &+= n }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[used] = byte
        used &+= 1
    }

    /// Appends the bytes of `buffer`.
    @inlinable @inline(__always)
    public mutating func append(_ buffer: UnsafeRawBufferPointer) {
        guard let source = buffer.baseAddress, buffer.count > 0 else { return }
        reserve(buffer.count)
        OutputBytes.copy(UnsafeMutableRawPointer(base + used), source, buffer.count)
        used &+= buffer.count
    }

    /// Copies `n` bytes; short runs (the usual JSON key or value) with a few overlapping word moves
    /// instead of a call to `memcpy`. Reads and writes only the `n` bytes.
    @inlinable @inline(__always)
    public static func copy(_ to: UnsafeMutableRawPointer, _ from: UnsafeRawPointer, _ n: Int) {
        if n >= 8 && n <= 32 {
            let last = n &- 8
            if n > 16 {
                let a = from.loadUnaligned(as: UInt64.self)
                let b = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                let c = from.loadUnaligned(fromByteOffset: n > 24 ? 16 : last, as: UInt64.self)
                let d = from.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                to.storeBytes(of: a, as: UInt64.self)
                to.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
                to.storeBytes(of: c, toByteOffset: n > 24 ? 16 : last, as: UInt64.self)
                to.storeBytes(of: d, toByteOffset: last, as: UInt64.self)
            } else {
                let a = from.loadUnaligned(as: UInt64.self)
                let d = from.loadUnaligned(fromByteOffset: last, as: UInt64.self)
                to.storeBytes(of: a, as: UInt64.self)
                to.storeBytes(of: d, toByteOffset: last, as: UInt64.self)
            }
        } else if n >= 4 && n < 8 {
            let a = from.loadUnaligned(as: UInt32.self)
            let d = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: a, as: UInt32.self)
            to.storeBytes(of: d, toByteOffset: n &- 4, as: UInt32.self)
        } else if n < 4 {
            var i = 0
            while i < n {
                to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
        } else {
            to.copyMemory(from: from, byteCount: n)
        }
    }

    /// Appends `bytes`.
    @inlinable
    public mutating func append(contentsOf bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends `bytes`.
    @inlinable
    public mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends the UTF-8 of `text`.
    @inlinable
    public mutating func append(utf8 text: StaticString) {
        text.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
    }

    /// Reads or overwrites the byte at `index` (below `count`).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        get {
            precondition(index >= 0 && index < used, "OutputBytes index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < used, "OutputBytes index out of range")
            base[index] = newValue
        }
    }

    /// Forgets the contents, keeping the storage.
    @inlinable
    public mutating func removeAll() { used = 0 }

    /// Drops the bytes from `newCount` on.
    @inlinable
    public mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= used, "OutputBytes truncation past the end")
        used = newCount
    }

    /// Inserts `n` zero bytes at `index`, moving what follows.
    @inlinable
    public mutating func insertZeros(_ n: Int, at index: Int) {
        precondition(index >= 0 && index <= used && n >= 0, "OutputBytes insertion out of range")
        reserve(n)
        (base + index + n).update(from: base + index, count: used &- index)
        (base + index).update(repeating: 0, count: n)
        used &+= n
    }

    /// The bytes written, as an array (a copy).
    @inlinable
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    /// Runs `body` over the bytes written.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }
}
