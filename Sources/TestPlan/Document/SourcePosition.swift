/// Where a value of a plan came from: a line and column of a file (1-based, columns counted in Unicode
/// scalars as libyaml counts them), or a `--set` override given on the command line.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file as given (a path), or `--set KEY` for a value from an override.
    public var file: String
    /// 1-based line; 0 for an override.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 for an override.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The position of a value given by `--set key=value`.
    public static func override(_ key: String) -> SourcePosition {
        SourcePosition(file: "--set \(key)", line: 0, column: 0)
    }

    /// True for a value from a `--set` override.
    public var isOverride: Bool { line == 0 }

    /// `file:line:column`, or `--set key` for an override.
    public var description: String { isOverride ? file : "\(file):\(line):\(column)" }

    /// `line:column`, as `.expected` files of the invalid corpus write it.
    public var lineColumn: String { "\(line):\(column)" }

    /// The position `offset` Unicode scalars further on the same line.
    public func advanced(by offset: Int) -> SourcePosition {
        isOverride ? self : SourcePosition(file: file, line: line, column: column + offset)
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One rule a plan breaks, at the position of the value that breaks it.
public struct PlanDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    /// The rule broken, naming the key path and the value (`target.sctp: "kernal" is not one of auto, kernel, user`).
    public var message: String

    public init(_ position: SourcePosition, _ message: String) {
        self.position = position
        self.message = message
    }

    /// `file:line:column: error: message`, the form compilers and editors read.
    public var description: String { "\(position): error: \(message)" }
}
