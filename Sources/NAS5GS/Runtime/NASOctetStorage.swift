/// Where a message keeps the octets of a `NASBytesValue` IE: `start..<end` of its source
/// octets, or (`start` ≤ -2) the value set in code at `detached[-2 - start]`, or absent.
struct NASValueRange: Sendable, Equatable {
    var start: Int
    var end: Int

    static let absent = NASValueRange(start: -1, end: -1)

    var isAbsent: Bool { start == -1 }
}

/// What generated message storage shares: the octets the message was decoded from, and the
/// octets of values set in code.
protocol NASOctetStorage: AnyObject {
    var source: ArraySlice<UInt8> { get }
    var detached: [ArraySlice<UInt8>] { get set }
}

extension NASOctetStorage {
    /// The octets of the value at `r`; nil when absent.
    func octets(_ r: NASValueRange) -> ArraySlice<UInt8>? {
        if r.start >= 0 { return source[r.start..<r.end] }
        let slot = -2 &- r.start
        return slot >= 0 && slot < detached.count ? detached[slot] : nil
    }

    /// The value at `r`, nil when absent.
    func value<T: NASBytesValue>(_ type: T.Type, _ r: NASValueRange) -> T? {
        octets(r).map { T(validatedBytes: $0) }
    }

    /// The value of a mandatory IE at `r` (empty octets if it was never set).
    func mandatoryValue<T: NASBytesValue>(_ type: T.Type, _ r: NASValueRange) -> T {
        T(validatedBytes: octets(r) ?? [])
    }

    /// Keeps octets set in code, in the slot `old` had if it was one; `.absent` for nil.
    func detach(_ bytes: ArraySlice<UInt8>?, replacing old: NASValueRange) -> NASValueRange {
        guard let bytes else { return .absent }
        var slots = detached  // a copy, assigned back: no `inout` access to the stored property
        let oldSlot = -2 &- old.start
        let slot: Int
        if oldSlot >= 0 && oldSlot < slots.count {
            slot = oldSlot
            slots[slot] = bytes
        } else {
            slot = slots.count
            slots.append(bytes)
        }
        detached = slots
        return NASValueRange(start: -2 &- slot, end: 0)
    }

    /// Appends the octets at `r` (nothing when absent).
    func appendOctets(_ r: NASValueRange, to out: inout [UInt8]) {
        if r.start >= 0 {
            let base = source.startIndex
            guard r.start >= base, r.start <= r.end, r.end <= source.endIndex else { return }
            source.withUnsafeBufferPointer { buffer in
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(r.start &- base)..<(r.end &- base)]))
            }
        } else if let octets = octets(r) {
            out.append(contentsOf: octets)
        }
    }

    /// Number of octets at `r` (0 when absent).
    func octetCount(_ r: NASValueRange) -> Int {
        r.start >= 0 ? r.end &- r.start : (octets(r)?.count ?? 0)
    }

    /// Appends a TV/TLV/TLV-E IE (`iei` nil for LV/LV-E, `lengthOctets` 0, 1 or 2) whose value
    /// is at `r`; false when absent.
    func appendIE(iei: UInt8?, lengthOctets: Int, _ r: NASValueRange, to out: inout [UInt8]) -> Bool {
        if r.isAbsent { return false }
        if let iei { out.append(iei) }
        let n = octetCount(r)
        if lengthOctets == 2 { out.append(UInt8(truncatingIfNeeded: n >> 8)) }
        if lengthOctets >= 1 { out.append(UInt8(truncatingIfNeeded: n)) }
        appendOctets(r, to: &out)
        return true
    }
}

extension NASReader {
    /// Checks an optional IE's value as `T` and returns where it lies.
    func octets<T: NASBytesValue>(_ type: T.Type, _ ie: NASOptionalIE) throws(NASDecodingError) -> NASValueRange {
        try T.validate(bytes, ie.valueStart, ie.end)
        return NASValueRange(start: ie.valueStart, end: ie.end)
    }

    /// Checks a mandatory IE's value as `T` (cause #96) and returns where it lies.
    func mandatoryOctets<T: NASBytesValue>(_ type: T.Type, _ start: Int, _ end: Int, _ ie: StaticString) throws(NASDecodingError) -> NASValueRange {
        do {
            try T.validate(bytes, start, end)
        } catch {
            throw NASDecodingError.make(.invalidMandatoryIE, cause: NASErrorCause.invalidMandatoryInformation,
                                        at: Swift.max(error.offset, start), origin: origin, ie: ie)
        }
        return NASValueRange(start: start, end: end)
    }

    /// Reads a mandatory V IE of `count` octets kept as octets.
    mutating func readMandatoryOctets<T: NASBytesValue>(_ type: T.Type, count: Int, _ ie: StaticString) throws(NASDecodingError) -> NASValueRange {
        let start = index
        try skip(count, ie)
        return try mandatoryOctets(T.self, start, index, ie)
    }

    /// Reads a mandatory LV IE kept as octets.
    mutating func readMandatoryOctetsLV<T: NASBytesValue>(_ type: T.Type, _ ie: StaticString) throws(NASDecodingError) -> NASValueRange {
        let n = Int(try readUInt8(ie))
        return try readMandatoryOctets(T.self, count: n, ie)
    }

    /// Reads a mandatory LV-E IE kept as octets.
    mutating func readMandatoryOctetsLVE<T: NASBytesValue>(_ type: T.Type, _ ie: StaticString) throws(NASDecodingError) -> NASValueRange {
        let hi = Int(try readUInt8(ie))
        let lo = Int(try readUInt8(ie))
        return try readMandatoryOctets(T.self, count: hi << 8 | lo, ie)
    }

    /// Gives the input octets away (to the storage of the message decoded from them); the
    /// reader is empty afterwards.
    mutating func takeBytes() -> ArraySlice<UInt8> {
        var taken: ArraySlice<UInt8> = []
        swap(&taken, &bytes)
        index = bytes.startIndex
        return taken
    }
}
