/// How the UE conceals its SUPI in the SUCI (TS 33.501 §6.12, Annex C).
public struct SUCIProtection: Hashable, Sendable {
    public enum Scheme: String, Hashable, Sendable, CaseIterable {
        /// Null scheme: the MSIN in clear.
        case nullScheme = "null-scheme"
        /// Profile A: X25519 (32-byte home-network public key).
        case profileA = "profile-a"
        /// Profile B: secp256r1 (33-byte compressed home-network public key).
        case profileB = "profile-b"
    }

    public var scheme: Scheme
    /// The home network public key (nil for the null scheme).
    public var homeNetworkPublicKey: [UInt8]?
    /// Home network public key identifier (0...255; 0 for the null scheme).
    public var keyID: UInt8
    /// Routing indicator, 1 to 4 digits (default `0000`).
    public var routingIndicator: String

    public init(scheme: Scheme = .nullScheme, homeNetworkPublicKey: [UInt8]? = nil, keyID: UInt8 = 0, routingIndicator: String = "0000") {
        self.scheme = scheme
        self.homeNetworkPublicKey = homeNetworkPublicKey
        self.keyID = keyID
        self.routingIndicator = routingIndicator
    }

    public static let null = SUCIProtection()
}

/// OPc, or OP from which the UE and core derive OPc (TS 35.206).
public enum OperatorKey: Hashable, Sendable {
    case opc([UInt8])
    case op([UInt8])
}

/// One `subscribers` entry: `count` subscribers with consecutive IMSIs that share keys, slices and DNNs
/// (the shape of the embedded core's subscriber configuration).
public struct SubscriberRange: Hashable, Sendable {
    /// The first IMSI's digits (`001010000000001`); subscriber `i` has the same number of digits, plus `i`.
    public var firstIMSI: String
    /// The home network: the IMSI's MCC and MNC (see `PLMN.home(ofIMSI:servedBy:)`); the rest is the MSIN.
    public var homePLMN: PLMN
    public var count: Int
    /// Subscriber key K (16 bytes).
    public var k: [UInt8]
    public var operatorKey: OperatorKey
    /// Authentication management field (2 bytes, default `8000`).
    public var amf: [UInt8]
    /// Starting sequence number (6 bytes, default `000000000000`).
    public var sqn: [UInt8]
    /// Subscribed slices (default `[{sst: 1}]`).
    public var slices: [SNSSAI]
    /// Subscribed DNNs (default `[internet]`).
    public var dnns: [String]
    public var suci: SUCIProtection
    /// Where the entry was written (the plan or a subscriber file).
    public var position: SourcePosition

    public init(firstIMSI: String, homePLMN: PLMN, count: Int = 1, k: [UInt8], operatorKey: OperatorKey, amf: [UInt8] = [0x80, 0x00],
                sqn: [UInt8] = [0, 0, 0, 0, 0, 0], slices: [SNSSAI] = [SNSSAI(sst: 1)], dnns: [String] = ["internet"],
                suci: SUCIProtection = .null, position: SourcePosition) {
        self.firstIMSI = firstIMSI
        self.homePLMN = homePLMN
        self.count = count
        self.k = k
        self.operatorKey = operatorKey
        self.amf = amf
        self.sqn = sqn
        self.slices = slices
        self.dnns = dnns
        self.suci = suci
        self.position = position
    }

    /// The IMSI digits of member `i`, or nil when `i` is outside the range or the sum needs more digits.
    public func imsi(_ i: Int) -> String? {
        guard i >= 0, i < count else { return nil }
        return IMSIArithmetic.add(firstIMSI, i)
    }

    /// The last IMSI of the range, or nil when it does not fit the digits of the first.
    public var lastIMSI: String? { IMSIArithmetic.add(firstIMSI, count - 1) }
}

extension PLMN {
    /// The home PLMN of an IMSI: its first 3 digits are the MCC; the MNC has 3 digits when a gNB PLMN with
    /// that MCC and a 3-digit MNC matches the next digits, else 2 (E.212 leaves the MNC length to the
    /// numbering plan, so the plan's gNBs tell it).
    public static func home(ofIMSI imsi: String, servedBy plmns: [PLMN]) -> PLMN {
        let mcc = String(imsi.prefix(3))
        let rest = imsi.dropFirst(3)
        if let p = plmns.first(where: { $0.mcc == mcc && $0.mnc.count == 3 && rest.hasPrefix($0.mnc) }) { return PLMN(mcc: mcc, mnc: p.mnc) }
        return PLMN(mcc: mcc, mnc: String(rest.prefix(2)))
    }
}

/// The identity and keys of one UE: a pure function of the plan and the UE index.
public struct UEIdentity: Hashable, Sendable {
    /// 0-based index over all subscriber ranges, in order.
    public var index: Int
    /// Index of the range in `SubscriberPool.ranges`.
    public var range: Int
    /// IMSI digits.
    public var imsi: String
    /// MCC and MNC of the IMSI.
    public var homePLMN: PLMN
    public var k: [UInt8]
    public var operatorKey: OperatorKey
    public var amf: [UInt8]
    public var sqn: [UInt8]
    public var slices: [SNSSAI]
    public var dnns: [String]
    public var suci: SUCIProtection

    /// `imsi-DIGITS`.
    public var supi: String { "imsi-" + imsi }
}

/// Every subscriber of a plan, as ranges in order; UE `i` is the `i`-th subscriber over the ranges.
public struct SubscriberPool: Hashable, Sendable {
    public var ranges: [SubscriberRange]
    /// Sum of the ranges' counts.
    public var count: Int
    /// Prefix sums of counts: `starts[r]` is the index of the first UE of range `r`.
    private var starts: [Int]

    public init(ranges: [SubscriberRange]) {
        self.ranges = ranges
        var s: [Int] = []
        var total = 0
        for r in ranges {
            s.append(total)
            total += r.count
        }
        starts = s
        count = total
    }

    /// The identity of UE `index` (0-based), or nil outside `0..<count`.
    public func identity(ue index: Int) -> UEIdentity? {
        guard index >= 0, index < count else { return nil }
        // Binary search for the last range starting at or before `index`.
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        let range = ranges[low]
        guard let imsi = range.imsi(index - starts[low]) else { return nil }
        return UEIdentity(index: index, range: low, imsi: imsi, homePLMN: range.homePLMN, k: range.k, operatorKey: range.operatorKey, amf: range.amf,
                          sqn: range.sqn, slices: range.slices, dnns: range.dnns, suci: range.suci)
    }
}

/// Decimal addition on IMSI digit strings, keeping the number of digits (leading zeros).
enum IMSIArithmetic {
    /// `digits + n` with the same number of digits, or nil on overflow.
    static func add(_ digits: String, _ n: Int) -> String? {
        guard n >= 0 else { return nil }
        var result = Array(digits.utf8)
        guard result.allSatisfy({ (48...57).contains($0) }) else { return nil }
        var carry = n
        var i = result.count - 1
        while carry > 0 {
            guard i >= 0 else { return nil }
            let d = Int(result[i] - UInt8(ascii: "0")) + carry % 10
            carry = carry / 10 + d / 10
            result[i] = UInt8(ascii: "0") + UInt8(d % 10)
            i -= 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// True when `digits + n` keeps the digit count and the first `prefix` digits (the MCC and MNC).
    static func keepsPrefix(_ digits: String, adding n: Int, prefix: Int) -> Bool {
        guard let sum = add(digits, n) else { return false }
        return sum.prefix(prefix) == digits.prefix(prefix)
    }

    /// The number of values from `digits` to the largest with as many digits (`999…9`), capped at `Int.max`.
    static func room(after digits: String) -> Int {
        var room = 0
        for c in digits.utf8 {
            guard (48...57).contains(c) else { return 0 }
            let (m, o1) = room.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(9 - Int(c - UInt8(ascii: "0")))
            if o1 || o2 { return Int.max }
            room = s
        }
        return room
    }
}
