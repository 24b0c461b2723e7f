/// Small big-endian helpers between fixed-width integers and byte arrays.
@usableFromInline
enum Bytes {
    /// The low `count` bytes of `value`, most significant first.
    @inlinable static func be(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - $0))) }
    }

    @inlinable static func uint<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var v: UInt64 = 0
        for b in bytes { v = v << 8 | UInt64(b) }
        return v
    }

    @inlinable static func uint48(_ bytes: [UInt8], _ what: String) throws(SecurityError) -> UInt64 {
        try SecurityError.check(bytes, 6, what)
        return uint(bytes)
    }

    @inlinable static func uint16(_ bytes: [UInt8], _ what: String) throws(SecurityError) -> UInt16 {
        try SecurityError.check(bytes, 2, what)
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }
}

/// `withUnsafeBytes` for a body that throws `SecurityError` (Array's own is untyped `rethrows`).
@inlinable
func withBytes<R>(_ a: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SecurityError) -> R) throws(SecurityError) -> R {
    let r: Result<R, SecurityError> = a.withUnsafeBytes { buf in Result { () throws(SecurityError) -> R in try body(buf) } }
    return try r.get()
}

/// `withUnsafeMutableBytes` for a body that throws `SecurityError`.
@inlinable
func withMutableBytes<R>(_ a: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(SecurityError) -> R) throws(SecurityError) -> R {
    let r: Result<R, SecurityError> = a.withUnsafeMutableBytes { buf in Result { () throws(SecurityError) -> R in try body(buf) } }
    return try r.get()
}
