import ASN1PER
import Testing

/// Encodes with `body` and returns the complete encoding as hex.
func encoded(_ body: (inout APERWriter) throws(APEREncodingError) -> Void) throws -> String {
    var w = APERWriter()
    try body(&w)
    return HexText.encode(w.completeEncoding)
}

/// The bytes of a hex literal of a test (an issue is recorded when it is not hex).
func bytes(_ hex: String) -> [UInt8] {
    guard let bytes = HexText.decode(hex) else {
        Issue.record("not hex: \(hex)")
        return []
    }
    return bytes
}

/// Decodes hex with `body`.
func decoded<T>(_ hex: String, _ body: (inout APERReader) throws(APERDecodingError) -> T) throws -> T {
    try APERReader.decode(bytes(hex)[...], body)
}

/// The error `body` throws on `hex`, or nil when it decodes.
func decodingError<T>(_ hex: String, _ body: (inout APERReader) throws(APERDecodingError) -> T) -> APERDecodingError? {
    do {
        _ = try APERReader.decode(bytes(hex)[...], body)
        return nil
    } catch {
        return error
    }
}
