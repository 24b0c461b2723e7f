import Bytes
import Foundation
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
        #expect(throws: BytesError.self) { try JSONValue(parsing: #"{"a":}"#) }
        do {
            _ = try JSONValue(parsing: "[1,2")
        } catch {
            #expect(error.context.offset == .byte(4))
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: BytesError.self) { try JSONValue(parsing: deep) }
    }

    @Test func hexOfEveryByteAtEveryLengthIsLowercaseHighNibbleFirst() {
        let all = (0...255).map { UInt8($0) }
        for length in 0...13 {
            for start in stride(from: 0, to: 256 - length, by: 7) {
                let bytes = Array(all[start..<(start + length)])
                var w = JSONWriter(reservingCapacity: 1)
                w.hex(bytes[...])
                let expected = "\"" + Hex.encode(bytes) + "\""
                #expect(w.text == expected, "\(length) bytes from \(start)")
            }
        }
    }

    @Test func decimalsAreExactAroundEveryPowerOfTen() {
        var w = JSONWriter(reservingCapacity: 1)
        var expected: [String] = []
        w.beginArray()
        var power: UInt64 = 1
        for _ in 0..<19 {
            for v in [power - 1, power, power + 1] {
                w.uint(v)
                expected.append(String(v))
            }
            power *= 10
        }
        w.endArray()
        #expect(w.text == "[" + expected.joined(separator: ",") + "]")
    }

    @Test func keysAndLiteralsOfEveryShortLengthAreCopiedWhole() {
        let names: [StaticString] = [
            "", "a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
            "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwxy",
            "abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz0123456",
        ]
        for name in names {
            var w = JSONWriter(reservingCapacity: 1)
            w.beginObject()
            w.key(name)
            w.literal(name)
            w.endObject()
            let text = name.description
            #expect(w.text == "{\"\(text)\":\"\(text)\"}")
        }
    }

    @Test func outputBytesGrowsKeepingWhatWasWritten() {
        var out = OutputBytes(capacity: 1)
        var expected: [UInt8] = []
        for i in 0..<5000 {
            let chunk = (0..<(i % 41)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
            chunk.withUnsafeBytes { out.append($0) }
            expected += chunk
        }
        #expect(out.array == expected)
        out.insertZeros(3, at: 2)
        #expect(out.array == Array(expected[0..<2]) + [0, 0, 0] + Array(expected[2...]))
        out.truncate(to: 4)
        #expect(out.array == Array(expected[0..<2]) + [0, 0])
    }
}
