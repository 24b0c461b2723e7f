import Bytes
import ASN1JER
import ASN1PER
import Capture
import NAS5GS
import NASSecurity
import NGAP
import NGAPValidation

/// Codec rates over real PDUs, for `coregate bench`: every operation runs over the whole mix, round after
/// round, for at least the given time on the calling thread; the rate is items done over time taken.
public struct CodecBenchmark {
    /// One operation's outcome.
    public struct Rate: Sendable {
        public var name: String
        public var items: Int
        public var seconds: Double
        public var perSecond: Double { Double(items) / seconds }
        public var nanosecondsPerItem: Double { seconds * 1e9 / Double(items) }
    }

    /// The NGAP-PDUs (bytes as carried) and, decoded from them, every NAS-PDU.
    public let ngapPDUs: [[UInt8]]
    public let nasPDUs: [[UInt8]]
    let decoded: [NGAPPDU]
    let messages: [DecodedNGAPMessage]

    /// Reads the NGAP-PDUs of `captures` (retransmissions left out, as tshark); those that do not decode strictly
    /// are left out.
    public init(captures: [String]) throws(CaptureError) {
        var pdus: [[UInt8]] = [], decoded: [NGAPPDU] = [], messages: [DecodedNGAPMessage] = [], nas: [[UInt8]] = []
        for path in captures {
            let reader = try NGAPCaptureDecoder(path: path, mode: .strict)
            while let event = reader.next() {
                guard case .message(let m) = event, let pdu = m.pdu else { continue }
                pdus.append(m.message.payload)
                decoded.append(pdu)
                messages.append(m)
                nas += NASSummary.nasPDUs(of: pdu).map(Array.init)
            }
        }
        ngapPDUs = pdus
        nasPDUs = nas
        self.decoded = decoded
        self.messages = messages
    }

    /// Runs `round` (which handles `itemsPerRound` items) until `seconds` have passed.
    static func measure(_ name: String, itemsPerRound: Int, seconds: Double, _ round: () -> Int) -> Rate {
        let clock = ContinuousClock()
        var sink = round()  // warm-up round, not counted
        var rounds = 0
        let start = clock.now
        var elapsed: Double = 0
        repeat {
            sink &+= round()
            rounds += 1
            let d = clock.now - start
            elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        } while elapsed < seconds
        precondition(sink != Int.min)  // keeps the work observable
        return Rate(name: name, items: rounds * itemsPerRound, seconds: elapsed)
    }

    /// Every operation, each for `seconds`.
    public func run(seconds: Double) -> [Rate] {
        var rates: [Rate] = []
        let pdus = ngapPDUs, decoded = decoded, messages = messages, nas = nasPDUs
        rates.append(Self.measure("NGAP decode", itemsPerRound: pdus.count, seconds: seconds) {
            var n = 0
            for p in pdus {
                do throws(APERDecodingError) {
                    n &+= try NGAPPDU.decode(p[...]).trailingBytes
                } catch {
                    n &+= error.bitOffset
                }
            }
            return n
        })
        var writer = APERWriter(reservingCapacity: 1 << 14)
        rates.append(Self.measure("NGAP encode", itemsPerRound: decoded.count, seconds: seconds) {
            var n = 0
            for p in decoded {
                writer.removeAll()
                do throws(APEREncodingError) {
                    try p.aperEncode(into: &writer)
                    n &+= writer.byteCount
                } catch {
                    n &+= error.message.utf8.count
                }
            }
            return n
        })
        var json = JSONWriter(reservingCapacity: 1 << 16)
        json.pycrateBitStrings = true
        rates.append(Self.measure("NGAP JER write", itemsPerRound: decoded.count, seconds: seconds) {
            var n = 0
            for p in decoded {
                json.removeAll()
                p.jerEncode(into: &json)
                n &+= json.count
            }
            return n
        })
        var validator = NGAPValidator()
        rates.append(Self.measure("NGAP validate (TS 38.413 §10)", itemsPerRound: decoded.count, seconds: seconds) {
            var n = 0
            for p in decoded { n &+= validator.validate(p).diagnostics.count &+ 1 }
            return n
        })
        let line = DecodeJSONLine(nas: NASJSONOptions(nullDecipher: true))
        rates.append(Self.measure("decode --format jer line (NGAP decode + §10 validation + JER + NAS JSON)", itemsPerRound: messages.count, seconds: seconds) {
            var n = 0
            for m in messages {
                json.removeAll()
                line.write(DecodedNGAPMessage(decoding: m.message, index: m.index, validator: &validator), to: &json)
                n &+= json.count
            }
            return n
        })
        let nasJSON = NASJSONOptions(nullDecipher: true)
        rates.append(Self.measure("NAS JSON write (decode included)", itemsPerRound: nas.count, seconds: seconds) {
            var n = 0
            for bytes in nas {
                json.removeAll()
                NASPDUJSON.write(nasPDU: bytes[...], to: &json, options: nasJSON)
                n &+= json.count
            }
            return n
        })
        let options = NASDecodingOptions(tolerant: true, nullDecipher: true)
        rates.append(Self.measure("NAS decode (inner message included)", itemsPerRound: nas.count, seconds: seconds) {
            var n = 0
            for bytes in nas {
                do throws(NASDecodingError) {
                    switch try NASSecurity.NASPDU(nasEncoded: bytes[...], options: options) {
                    case .plain(let m): n &+= Int(m.messageType.rawValue)
                    case .protected(let p): n &+= Int(try p.decodeInner(options: options).messageType.rawValue)
                    }
                } catch {
                    n &+= 2
                }
            }
            return n
        })
        return rates
    }
}
