// Diagnostics from the parser and the checker: message, stable kind, position.

/// One problem found in a CEL expression.
public struct CELDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of problem, e.g. `no-matching-overload`.
    public enum Kind: String, Sendable {
        case syntax = "syntax-error"
        case nestingTooDeep = "nesting-too-deep"
        case invalidLiteral = "invalid-literal"
        case reservedIdentifier = "reserved-identifier"
        case invalidMacro = "invalid-macro"
        case undeclaredReference = "undeclared-reference"
        case undefinedField = "undefined-field"
        case noMatchingOverload = "no-matching-overload"
        case typeMismatch = "type-mismatch"
        case unknownType = "unknown-type"
    }

    public var kind: Kind
    public var message: String
    public var position: SourcePosition

    public init(kind: Kind, message: String, position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    public var description: String { "\(position.line):\(position.column): \(message) [\(kind.rawValue)]" }

    /// cel-go's rendering: `ERROR: <input>:1:5: message`, the source line, a caret line.
    public func rendered(in source: SourceInfo, name: String = "<input>") -> String {
        let line = source.lineText(position.line)
        let dots = String(repeating: ".", count: max(0, position.column - 1))
        return "ERROR: \(name):\(position.line):\(position.column): \(message)\n | \(line)\n | \(dots)^"
    }
}

extension Array where Element == CELDiagnostic {
    /// All diagnostics rendered the cel-go way, one after another.
    public func rendered(in source: SourceInfo, name: String = "<input>") -> String {
        map { $0.rendered(in: source, name: name) }.joined(separator: "\n")
    }
}
