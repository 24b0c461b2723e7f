#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, as a plan writes it (`10.0.0.1`, `fd00::1`).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// The 16 bytes, network order, as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<8 { high = high << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { low = low << 8 | UInt64(bytes[i]) }
        self = .v6(high: high, low: low)
    }

    /// The address `n` further on (`10.0.0.1` + 2 = `10.0.0.3`), or nil past the end of the address space.
    public func advanced(by n: Int) -> IPAddress? {
        guard n >= 0 else { return nil }
        switch self {
        case .v4(let a):
            let (sum, overflow) = a.addingReportingOverflow(UInt32(truncatingIfNeeded: n))
            return overflow || n > Int(UInt32.max) ? nil : .v4(sum)
        case .v6(let high, let low):
            let (sum, carry) = low.addingReportingOverflow(UInt64(n))
            if !carry { return .v6(high: high, low: sum) }
            let (h, overflow) = high.addingReportingOverflow(1)
            return overflow ? nil : .v6(high: h, low: sum)
        }
    }

    public var isIPv6: Bool { if case .v6 = self { true } else { false } }

    public var description: String {
        switch self {
        case .v4(let a):
            return "\(a >> 24).\(a >> 16 & 0xFF).\(a >> 8 & 0xFF).\(a & 0xFF)"
        case .v6(let high, let low):
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { raw in
                for i in 0..<8 { raw[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i))) }
                for i in 0..<8 { raw[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i))) }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

/// A peer to connect to: an IP address or a host name, and a port (`10.0.0.1:38412`, `[fd00::1]:38412`,
/// `amf.lab:38412`; the port defaults per use: 38412 for NGAP, 2152 for GTP-U).
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public enum Host: Hashable, Sendable {
        case address(IPAddress)
        case name(String)
    }

    public var host: Host
    public var port: UInt16

    public init(host: Host, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `host`, `host:port`, `[v6]` or `[v6]:port`; nil with a reason when it is neither.
    public static func parse(_ text: String, defaultPort: UInt16) -> Result<Endpoint, QuantityParseFailure> {
        var hostText = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.init(offset: 0, reason: "\"[\" without \"]\"")) }
            hostText = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return .failure(.init(offset: text.distance(from: text.startIndex, to: close) + 1, reason: "expected \":PORT\" after \"]\"")) }
                portText = rest.dropFirst()
            }
            guard case .v6? = IPAddress(String(hostText)) else { return .failure(.init(offset: 1, reason: "\"\(hostText)\" is not an IPv6 address")) }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        var port = defaultPort
        if let portText {
            guard let p = UInt16(portText), p > 0 else {
                return .failure(.init(offset: text.count - portText.count, reason: "\"\(portText)\" is not a port (1...65535)"))
            }
            port = p
        }
        if let address = IPAddress(String(hostText)) { return .success(Endpoint(host: .address(address), port: port)) }
        guard isHostName(hostText) else {
            return .failure(.init(offset: 0, reason: "\"\(hostText)\" is neither an IP address nor a host name"))
        }
        return .success(Endpoint(host: .name(String(hostText)), port: port))
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, not all-numeric.
    static func isHostName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.count), label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
                  label.first != "-", label.last != "-" else { return false }
        }
        return !(labels.last?.allSatisfy(\.isNumber) ?? true)
    }

    public var description: String {
        switch host {
        case .address(let a) where a.isIPv6: "[\(a)]:\(port)"
        case .address(let a): "\(a):\(port)"
        case .name(let n): "\(n):\(port)"
        }
    }
}
