import Bytes

/// Where in a value an error happened: field names, list indices and the names
/// of types entered through open types, outermost first.
///
/// Decoders build it only when an error unwinds, so the happy path pays nothing.
public struct ASN1Path: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        /// A SEQUENCE component or CHOICE alternative, by its ASN.1 identifier.
        case field(String)
        /// An element of a SEQUENCE OF.
        case index(Int)
        /// A type reached through an open type.
        case type(String)

        /// `tAC`, `[2]`, `NGSetupRequest`.
        var text: String {
            switch self {
            case .field(let name), .type(let name): name
            case .index(let i): "[\(i)]"
            }
        }
    }

    /// Components, outermost first.
    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The components from the outermost type entered through an open type (the message) when there is
    /// one, otherwise from the top, as `ErrorContext` paths: `["NGSetupRequest", "protocolIEs", "[2]", ...]`.
    public var messagePath: [String] {
        let start = components.firstIndex { if case .type = $0 { return true } else { return false } } ?? 0
        return components[start...].map(\.text)
    }

    /// Every component from the top.
    public var fullPath: [String] { components.map(\.text) }

    /// `NGSetupRequest.protocolIEs[2].value.SupportedTAList[0].tAC` (from the message, see `messagePath`).
    public var description: String { ErrorContext.joined(messagePath) }

    /// Every component from the top: `initiatingMessage.value.NGSetupRequest.protocolIEs[2]...`.
    public var fullDescription: String { ErrorContext.joined(fullPath) }
}
