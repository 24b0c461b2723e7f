import Bytes

/// Why a driver could not start or go on: a bad configuration, a transport or the capture file.
public struct DriverError: CoreGateError, Hashable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let configuration = Code(rawValue: "configuration")
        public static let transport = Code(rawValue: "transport")
        public static let capture = Code(rawValue: "capture")
    }

    public let code: Code
    public let message: String
    public var context: ErrorContext { ErrorContext(path: ["Driver"]) }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

}
