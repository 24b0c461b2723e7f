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
        /// A type reached through an open type or a CONTAINING constraint.
        case type(String)
    }

    /// Components, outermost first.
    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Renders as `NGSetupRequest.protocolIEs[2].value.SupportedTAList[0].tAC`:
    /// starts at the outermost type entered through an open type when there is one
    /// (the message), otherwise at the top.
    public var description: String {
        let start = components.firstIndex { if case .type = $0 { return true } else { return false } } ?? 0
        return Self.render(components[start...])
    }

    /// Renders every component from the top.
    public var fullDescription: String { Self.render(components[...]) }

    static func render(_ parts: ArraySlice<Component>) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .field(let name), .type(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let i):
                text += "[\(i)]"
            }
        }
        return text
    }
}
