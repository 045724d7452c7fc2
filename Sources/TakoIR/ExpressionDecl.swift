import TakoBasics

/// A CEL expression of the file (a step's `if`, a subscription filter), already parsed and
/// type-checked by lowering against the environment of where it stands.
public struct ExpressionDecl: Sendable, Hashable {
    public var source: String
    public var range: SourceRange
    /// The attribute paths it reads, e.g. `event.payload.version`, sorted.
    public var attributes: [String]
    /// The payload keys it reads, through `event.payload.K` or the `payload.K` alias (found
    /// once: the planner asks for every subscription an event reaches).
    public let payloadKeys: [String]

    public init(source: String, range: SourceRange, attributes: [String]) {
        self.source = source
        self.range = range
        self.attributes = attributes
        self.payloadKeys = Self.payloadKeys(of: attributes)
    }

    /// The payload keys among attribute paths (`event.payload.K`, `payload.K`).
    public static func payloadKeys(of attributes: [String]) -> [String] {
        attributes.compactMap { path in
            // The first three segments, as `path.split(separator: ".")` gives them (empty
            // segments left out), without splitting the rest.
            var parts: [Substring] = []
            parts.reserveCapacity(3)
            var rest = Substring(path)
            while parts.count < 3 {
                let end = rest.firstIndex(of: ".") ?? rest.endIndex
                if end > rest.startIndex { parts.append(rest[..<end]) }
                guard end < rest.endIndex else { break }
                rest = rest[rest.index(after: end)...]
            }
            if parts.count >= 3, parts[0] == "event", parts[1] == "payload" { return String(parts[2]) }
            if parts.count >= 2, parts[0] == "payload" { return String(parts[1]) }
            return nil
        }
    }
}
