import TakoBasics

/// A CEL expression of the file (a step's `if`, a subscription filter), already parsed and
/// type-checked by lowering against the environment of where it stands.
public struct ExpressionDecl: Sendable, Hashable {
    public var source: String
    public var range: SourceRange
    /// The attribute paths it reads, e.g. `event.payload.version`, sorted.
    public var attributes: [String]

    public init(source: String, range: SourceRange, attributes: [String]) {
        self.source = source
        self.range = range
        self.attributes = attributes
    }

    /// The payload keys it reads, through `event.payload.K` or the `payload.K` alias.
    public var payloadKeys: [String] { Self.payloadKeys(of: attributes) }

    /// The payload keys among attribute paths (`event.payload.K`, `payload.K`).
    public static func payloadKeys(of attributes: [String]) -> [String] {
        attributes.compactMap { path in
            let parts = path.split(separator: ".").map(String.init)
            if parts.count >= 3, parts[0] == "event", parts[1] == "payload" { return parts[2] }
            if parts.count >= 2, parts[0] == "payload" { return parts[1] }
            return nil
        }
    }
}
