// Positions of expression nodes, kept apart from the tree and keyed by node ID, and
// the diagnostics that point at them.

public struct SourcePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// The source text and the offset of each node.
public struct SourceInfo: Sendable {
    public let text: String
    /// Offsets (in Unicode scalars) of the start of each line.
    public let lineStarts: [Int]
    /// Node ID → offset in Unicode scalars.
    public internal(set) var offsets: [Int64: Int]

    public init(text: String) {
        self.text = text
        var starts = [0]
        var index = 0
        for scalar in text.unicodeScalars {
            index += 1
            if scalar == "\n" { starts.append(index) }
        }
        lineStarts = starts
        offsets = [:]
    }

    /// The position of a scalar offset.
    public func position(ofOffset offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourcePosition(line: low + 1, column: offset - lineStarts[low] + 1, offset: offset)
    }

    /// The position of a node, if recorded.
    public func position(of id: Int64) -> SourcePosition? {
        offsets[id].map { position(ofOffset: $0) }
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        if end > start, end <= scalars.count, scalars[end - 1] == "\r" { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<max(start, min(end, scalars.count))])
        return String(view)
    }
}

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
        /// A constant `matches` pattern RE2 does not accept.
        case invalidRegex = "invalid-regex"
        /// An expression whose cost is over the environment's limit whatever its variables
        /// hold (the sizes of its literals are enough to tell).
        case costLimit = "cost-limit"
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
