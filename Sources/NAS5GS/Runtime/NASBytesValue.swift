/// An IE value that is its value octets (some types also check their layout): a decoded
/// message keeps it as a range of its input octets and builds the value when it is read,
/// so decoding neither copies nor retains anything for it.
public protocol NASBytesValue: NASValue {
    var bytes: ArraySlice<UInt8> { get }
    /// Wraps octets that `validate` accepted.
    init(validatedBytes: ArraySlice<UInt8>)
    /// Throws what `init(nasValue:)` throws for `bytes[start..<end]`, without building the value.
    static func validate(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError)
}

extension NASBytesValue {
    public init(nasValue value: ArraySlice<UInt8>) throws(NASDecodingError) {
        try Self.validate(value, value.startIndex, value.endIndex)
        self.init(validatedBytes: value)
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(contentsOf: bytes) }
}
