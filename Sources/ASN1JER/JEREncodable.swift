import Bytes

/// A type that writes its JSON encoding per ITU-T X.697 (JER), in the form pycrate 0.8.1 writes. Reading
/// it back is `JERCodable`, which generated code may keep in a module of its own (NGAP's is `NGAPJER`),
/// so that programs which only write JER do not compile the readers.
public protocol JEREncodable {
    /// Appends the value's JER to `writer`.
    func jerEncode(into writer: inout JSONWriter)
}

extension JEREncodable {
    /// The value's JER as compact JSON text.
    public var jerText: String {
        var w = JSONWriter()
        jerEncode(into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
