import Bytes
import GTPU
import Packets
import TestSupport
import Testing

/// Malformed GTP-U gives a typed error naming the field, never a trap: every truncation of every real
/// message, and the specific faults TS 29.281 rules out.
@Suite struct GTPUMalformedInputTests {
    static func error(_ bytes: [UInt8], _ options: GTPUParseOptions = .strict) -> GTPUError? {
        bytes.withUnsafeBytes { raw in
            do throws(GTPUError) {
                _ = try GTPUMessage(decoding: ByteView(raw), options: options)
                return nil
            } catch {
                return error
            }
        }
    }

    static func error(_ bytes: ByteView, _ options: GTPUParseOptions) -> GTPUError? {
        do throws(GTPUError) {
            _ = try GTPUMessage(decoding: bytes, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// Two messages of each kind (capture, message type, flags, extension headers, inner protocol).
    static let kinds: [OracleGTPU] = {
        var seen: [String: Int] = [:]
        return GTPUSamples.oracle.filter { r in
            let key = "\(r.file) \(r.messageType) \(r.flags) \(r.extensionHeaders.map(\.type)) \(r.inner?.version ?? 0) \(r.inner?.proto ?? -1)"
            seen[key, default: 0] += 1
            return seen[key, default: 0] <= 2
        }
    }()

    @Test func everyTruncationOfRealMessagesOfEachKindIsATypedError() throws {
        var checked = 0
        #expect(Self.kinds.count >= 40)
        for record in Self.kinds {
            let bytes = try Hex.decode(record.hex)
            let end = min(bytes.count, 8 + record.length)
            bytes.withUnsafeBytes { raw in
                for cut in 0..<end {
                    let prefix = ByteView(UnsafeRawBufferPointer(rebasing: raw[0..<cut]))
                    let e = Self.error(prefix, .strict)
                    if e?.code != .truncated && e?.code != .badLength {
                        Issue.record("\(record.file) frame \(record.frame) cut at \(cut): \(String(describing: e))")
                    }
                    // Tolerant parsing accepts a cut body, never a cut header, extension header or element.
                    if let t = Self.error(prefix, .tolerant), t.code != .truncated && t.code != .badLength {
                        Issue.record("\(record.file) frame \(record.frame) cut at \(cut), tolerant: \(t)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 5_000)
    }

    @Test func versionAndProtocolTypeOtherThanGTPv1UAreRejected() {
        for flags: UInt8 in [0x10, 0x50, 0x20, 0x48] {  // v0, v2, GTP' (PT 0), v2 GTP'
            #expect(Self.error([flags, 0xFF, 0, 0, 0, 0, 0, 1])?.code == .unsupportedVersion, "flags \(flags)")
        }
    }

    @Test func extensionHeaderFaultsNameTheHeader() {
        // Length 0 extension header.
        let zero: [UInt8] = [0x34, 0xFF, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 0, 0, 0, 0]
        let e = Self.error(zero)
        #expect(e?.code == .badExtensionHeader && e?.context.path == ["GTPU", "extensionHeaders", "[0]", "length"])
        // Extension header running past the message.
        let long: [UInt8] = [0x34, 0xFF, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 2, 0x10, 1, 0]
        #expect(Self.error(long)?.code == .truncated)
        // A chain that never ends: 33 one-unit headers of type 0x40.
        var chain: [UInt8] = [0x34, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x40]
        for _ in 0..<33 { chain += [1, 0, 0, 0x40] }
        let length = chain.count - 8
        chain[2] = UInt8(length >> 8); chain[3] = UInt8(length & 0xFF)
        #expect(Self.error(chain)?.code == .tooManyExtensionHeaders)
        // A PDU Session Container whose flags announce fields it lacks (QMP without time stamp).
        let qmp: [UInt8] = [0x34, 0xFF, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0x08, 1, 0]
        let q = Self.error(qmp)
        #expect(q?.code == .truncated && q?.context.path.first == "PDUSessionContainer")
    }

    @Test func optionalFieldsBeyondTheLengthAreRejected() {
        #expect(Self.error([0x32, 0x01, 0, 2, 0, 0, 0, 0, 0, 1])?.code == .badLength)
    }

    @Test func informationElementFaultsAreTyped() {
        func echo(_ ies: [UInt8]) -> [UInt8] {
            let length = 4 + ies.count
            return [0x32, 0x02, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 0, 0, 1, 0, 0] + ies
        }
        #expect(Self.error(echo([14]))?.code == .truncated)
        #expect(Self.error(echo([3, 0]))?.code == .unknownInformationElement)
        #expect(Self.error(echo([133, 0, 5, 1, 2, 3, 4, 5]))?.code == .badInformationElement)
        #expect(Self.error(echo([133, 0, 9, 1]))?.code == .truncated)
        #expect(Self.error(echo([255, 0, 1, 7]))?.code == .badInformationElement)
        #expect(Self.error(echo([141, 3, 0x85]))?.code == .truncated)
        #expect(Self.error(echo([14, 0, 200, 0, 1, 9])) == nil)
    }

    @Test func aT_PDUThatIsNotIPIsABadInnerPacket() throws {
        let bytes = try GTPUMessage(header: .gPDU(teid: 1), body: .tPDU([0x99, 1, 2])).encoded()
        let e = bytes.withUnsafeBytes { raw -> GTPUError? in
            do throws(GTPUError) {
                let p = try GTPUPacket(parsing: ByteView(raw))
                _ = try p.innerPacket(in: ByteView(raw))
                return nil
            } catch { return error }
        }
        #expect(e?.code == .badInnerPacket && e?.context.path.prefix(2) == ["GTPU", "T-PDU"])
    }
}
