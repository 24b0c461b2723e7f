/// A UE of the harness: its position in the run's flat UE storage (0-based, dense).
public struct UEIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }
    @inlinable public init(_ value: Int) { rawValue = Int32(truncatingIfNeeded: value) }
    @inlinable public var int: Int { Int(rawValue) }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "ue\(rawValue)" }
}

/// A gNB of the harness: its position in the run's gNB storage (0-based, dense).
public struct GNBIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }
    @inlinable public init(_ value: Int) { rawValue = Int32(truncatingIfNeeded: value) }
    @inlinable public var int: Int { Int(rawValue) }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "gnb\(rawValue)" }
}
