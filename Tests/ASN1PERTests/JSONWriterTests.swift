import ASN1JER
import ASN1PER
import Testing

/// The JSON writer and parser behind JER.
@Suite struct JSONWriterTests {
    @Test func stringsAreEscapedAsPythonsEnsureASCII() {
        var w = JSONWriter()
        w.string("a\"b\\c\n\u{1}é😀")
        #expect(String(decoding: w.bytes, as: UTF8.self) == #""a\"b\\c\n\u0001\u00e9\ud83d\ude00""#)
    }

    @Test func commasFollowTheNesting() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a")
        w.beginArray()
        w.int(1)
        w.int(-2)
        w.endArray()
        w.key("b")
        w.null()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":[1,-2],"b":null}"#)
    }

    @Test func integersAreExactAtTheExtremes() {
        var w = JSONWriter()
        w.beginArray()
        w.int(Int64.min)
        w.uint(UInt64.max)
        w.endArray()
        #expect(String(decoding: w.bytes, as: UTF8.self) == "[-9223372036854775808,18446744073709551615]")
    }

    @Test func parsedTextWritesBackIdentically() throws {
        let text = #"{"x":[true,false,null,"\u00e9",1.5e3],"y":{}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.jsonText == #"{"x":[true,false,null,"\u00e9",1.5e3],"y":{}}"#)
    }

    @Test func malformedJSONNamesTheByte() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #"{"a":}"#) }
        do {
            _ = try JSONValue(parsing: "[1,2")
        } catch {
            #expect(error.offset == 4)
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }
}
