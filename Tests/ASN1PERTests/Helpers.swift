import ASN1PER

/// Encodes with `body` and returns the complete encoding as hex.
func encoded(_ body: (inout APERWriter) throws(APEREncodingError) -> Void) throws -> String {
    var w = APERWriter()
    try body(&w)
    return HexText.encode(w.completeEncoding)
}

/// Decodes hex with `body`.
func decoded<T>(_ hex: String, _ body: (inout APERReader) throws(APERDecodingError) -> T) throws -> T {
    try APERReader.decode(HexText.decode(hex)![...], body)
}

/// The error `body` throws on `hex`, or nil when it decodes.
func decodingError<T>(_ hex: String, _ body: (inout APERReader) throws(APERDecodingError) -> T) -> APERDecodingError? {
    do {
        _ = try APERReader.decode(HexText.decode(hex)![...], body)
        return nil
    } catch {
        return error
    }
}
