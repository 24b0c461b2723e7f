/// Bounds-checked cursor over the bytes of one NAS message (TS 24.007 §11.2 IE formats).
///
/// Reads advance; every read checks the bytes left and throws a typed
/// `NASDecodingError`. Value slices share storage with the input (no copy).
/// Errors carry offsets relative to `origin`, the index of the message's first byte.
public struct NASReader {
    public internal(set) var bytes: ArraySlice<UInt8>
    public var index: Int
    public let origin: Int
    public var options: NASDecodingOptions
    /// Deviations accepted in tolerant mode.
    public var diagnostics: [NASDiagnostic] = []
    /// The cause for errors in this message's mandatory part (#96 for both 5GMM and 5GSM).
    @usableFromInline var depth: Int

    public init(_ bytes: ArraySlice<UInt8>, options: NASDecodingOptions = .strict, depth: Int = 0) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.origin = bytes.startIndex
        self.options = options
        self.depth = depth
    }

    public var remaining: Int { bytes.endIndex &- index }
    public var isAtEnd: Bool { index >= bytes.endIndex }
    public var offset: Int { index &- origin }

    func truncated(_ ie: StaticString) -> NASDecodingError {
        NASDecodingError.make(.truncated, cause: NASErrorCause.invalidMandatoryInformation, at: index, origin: origin, ie: ie)
    }

    /// Reads one byte of a mandatory part.
    public mutating func readUInt8(_ ie: StaticString) throws(NASDecodingError) -> UInt8 {
        guard index < bytes.endIndex else { throw truncated(ie) }
        let b = bytes[index]
        index &+= 1
        return b
    }

    public func peekUInt8() -> UInt8? {
        index < bytes.endIndex ? bytes[index] : nil
    }

    /// Reads `count` bytes of a mandatory part as a slice of the input.
    public mutating func readSlice(_ count: Int, _ ie: StaticString) throws(NASDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw truncated(ie) }
        let s = bytes[index..<(index &+ count)]
        index &+= count
        return s
    }

    /// Skips `count` bytes of a mandatory part.
    mutating func skip(_ count: Int, _ ie: StaticString) throws(NASDecodingError) {
        guard count >= 0, count <= remaining else { throw truncated(ie) }
        index &+= count
    }

    /// Reads an LV value (1-byte length) of a mandatory IE.
    public mutating func readLV(_ ie: StaticString) throws(NASDecodingError) -> ArraySlice<UInt8> {
        let n = Int(try readUInt8(ie))
        return try readSlice(n, ie)
    }

    /// Reads an LV-E value (2-byte length) of a mandatory IE.
    public mutating func readLVE(_ ie: StaticString) throws(NASDecodingError) -> ArraySlice<UInt8> {
        let hi = Int(try readUInt8(ie))
        let lo = Int(try readUInt8(ie))
        return try readSlice(hi << 8 | lo, ie)
    }

    /// Decodes a value, attributing a value error to the mandatory IE `ie` (cause #96).
    public func mandatory<T: NASValue>(_ type: T.Type, _ value: ArraySlice<UInt8>, _ ie: StaticString) throws(NASDecodingError) -> T {
        do {
            return try T(nasValue: value)
        } catch {
            throw NASDecodingError.make(.invalidMandatoryIE, cause: NASErrorCause.invalidMandatoryInformation,
                                        at: Swift.max(error.offset, value.startIndex), origin: origin, ie: ie)
        }
    }

    /// Reads and decodes a mandatory V IE of `count` octets (cause #96 when short or invalid).
    public mutating func readMandatory<T: NASValue>(_ type: T.Type, count: Int, _ ie: StaticString) throws(NASDecodingError) -> T {
        let value = try readSlice(count, ie)  // read first: a read inside the call would copy the reader
        return try decodeMandatory(T.self, value, ie)
    }

    /// Reads and decodes a mandatory LV IE (cause #96 when short or invalid).
    public mutating func readMandatoryLV<T: NASValue>(_ type: T.Type, _ ie: StaticString) throws(NASDecodingError) -> T {
        let value = try readLV(ie)  // read first: a read inside the call would copy the reader
        return try decodeMandatory(T.self, value, ie)
    }

    /// Reads and decodes a mandatory LV-E IE (cause #96 when short or invalid).
    public mutating func readMandatoryLVE<T: NASValue>(_ type: T.Type, _ ie: StaticString) throws(NASDecodingError) -> T {
        let value = try readLVE(ie)  // read first: a read inside the call would copy the reader
        return try decodeMandatory(T.self, value, ie)
    }

    /// `mandatory(_:_:_:)` taking the value slice over, so it is not retained again.
    func decodeMandatory<T: NASValue>(_ type: T.Type, _ value: consuming ArraySlice<UInt8>, _ ie: StaticString) throws(NASDecodingError) -> T {
        let start = value.startIndex
        do {
            return try T(nasValue: value)
        } catch {
            throw NASDecodingError.make(.invalidMandatoryIE, cause: NASErrorCause.invalidMandatoryInformation,
                                        at: Swift.max(error.offset, start), origin: origin, ie: ie)
        }
    }

    /// Checks the length of a mandatory IE's value against the spec's bounds (cause #96).
    public func checkLength(_ value: ArraySlice<UInt8>, _ range: ClosedRange<Int>, _ ie: StaticString) throws(NASDecodingError) {
        guard range.contains(value.count) else {
            throw NASDecodingError.make(.invalidMandatoryIE, cause: NASErrorCause.invalidMandatoryInformation,
                                        at: value.startIndex, origin: origin, ie: ie)
        }
    }

    // MARK: optional part

    /// Records a deviation in tolerant mode, or throws it in strict mode.
    public mutating func deviation(_ code: NASDecodingError.Code, cause: UInt8, at index: Int, iei: UInt8, ie: StaticString) throws(NASDecodingError) {
        if options.tolerant {
            diagnostics.append(NASDiagnostic(code: code, offset: index &- origin, iei: iei))
        } else {
            throw NASDecodingError.make(code, cause: cause, at: index, origin: origin, ie: ie)
        }
    }

    /// Reads the next optional IE (TS 24.007 §11.2.4 and TS 24.501 §9.1): its key and
    /// where its octets and value lie in `bytes` (indices, so no reference is taken).
    /// Type 1 IEs (bit 8 of the first octet set) have their 4-bit IEI as key in the high
    /// nibble and their value in the low nibble; `fixedLength` gives the value length
    /// of known type 3 IEs (TV); IEIs 0x70...0x7F are type 6 (TLV-E); every other IEI
    /// is type 4 (TLV).
    public mutating func readOptionalIE(fixedLength: (UInt8) -> Int?) throws(NASDecodingError) -> NASOptionalIE? {
        guard index < bytes.endIndex else { return nil }
        let start = index
        let first = bytes[index]
        if first & 0x80 != 0 {
            index &+= 1
            return NASOptionalIE(key: first & 0xF0, start: start, valueStart: start, end: index, isType1: true)
        }
        if let n = fixedLength(first) {
            guard n < remaining else { return try truncatedOptional(start: start, iei: first) }
            index &+= 1 &+ n
            return NASOptionalIE(key: first, start: start, valueStart: start &+ 1, end: index, isType1: false)
        }
        let headerLength = first & 0xF0 == 0x70 ? 3 : 2
        guard headerLength <= remaining else { return try truncatedOptional(start: start, iei: first) }
        let length = headerLength == 3 ? Int(bytes[start &+ 1]) << 8 | Int(bytes[start &+ 2]) : Int(bytes[start &+ 1])
        guard headerLength &+ length <= remaining else { return try truncatedOptional(start: start, iei: first) }
        index &+= headerLength &+ length
        return NASOptionalIE(key: first, start: start, valueStart: start &+ headerLength, end: index, isType1: false)
    }

    mutating func truncatedOptional(start: Int, iei: UInt8) throws(NASDecodingError) -> NASOptionalIE? {
        // An optional IE cut short: the rest of the message is kept raw in tolerant mode.
        try deviation(.truncatedOptionalIE, cause: NASErrorCause.conditionalIEError, at: start, iei: iei, ie: "optional IE")
        let end = bytes.endIndex
        index = end
        return NASOptionalIE(key: NASIEOrder.rawKey, start: start, valueStart: start, end: end, isType1: false)
    }

    /// The whole IE (IEI, length, value) as a slice of the input.
    public func raw(_ ie: NASOptionalIE) -> ArraySlice<UInt8> { bytes[ie.start..<ie.end] }
    /// The IE's value octets as a slice of the input.
    public func value(_ ie: NASOptionalIE) -> ArraySlice<UInt8> { bytes[ie.valueStart..<ie.end] }
    /// The 4-bit value of a type 1 IE.
    public func nibble(_ ie: NASOptionalIE) -> UInt8 { bytes[ie.start] & 0x0F }
}

/// Where one optional IE lies in the input.
public struct NASOptionalIE {
    /// IEI, or for a type 1 IE its 4-bit IEI in the high nibble (low nibble 0).
    public var key: UInt8
    /// Index of the IEI octet.
    public var start: Int
    /// Index of the first value octet (for type 1, the IEI octet: its low nibble is the value).
    public var valueStart: Int
    /// Index after the last octet.
    public var end: Int
    public var isType1: Bool

    init(key: UInt8, start: Int, valueStart: Int, end: Int, isType1: Bool) {
        self.key = key
        self.start = start
        self.valueStart = valueStart
        self.end = end
        self.isType1 = isType1
    }

    /// TS 24.007 §11.2.4: type 1 IEI 8 (binary 1000) and type 4/6 IEIs with bits 8-5 = 0000
    /// are comprehension required.
    public var isComprehensionRequired: Bool {
        isType1 ? key == 0x80 : key & 0xF0 == 0
    }
}
