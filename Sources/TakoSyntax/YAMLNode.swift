import TakoBasics

/// How a scalar was written. Lowering needs it to tell `"true"` (a string) from `true`,
/// and to map positions inside the scalar back to the file.
public enum ScalarStyle: String, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A node of the located YAML tree: every node knows where it starts and ends.
public struct YAMLNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var kind: Kind
    public var range: SourceRange
    /// An explicit tag (`!!str`), if the file gave one.
    public var tag: String?

    public init(_ kind: Kind, range: SourceRange, tag: String? = nil) {
        self.kind = kind
        self.range = range
        self.tag = tag
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// `a mapping`, `a sequence`, `a string`..., for "expected X, found Y" messages.
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar(let s): return s.isNull ? "null" : "a scalar"
        }
    }
}

public struct YAMLScalar: Sendable, Hashable {
    public var value: String
    public var style: ScalarStyle

    public init(_ value: String, style: ScalarStyle) {
        self.value = value
        self.style = style
    }

    /// A plain `~`, `null`, `Null`, `NULL` or empty scalar: YAML's null.
    /// (Asked of every scalar lowered: decided by length and bytes, since comparing with
    /// five strings cost more than the rest of the scalar's lowering.)
    public var isNull: Bool {
        guard style == .plain else { return false }
        let bytes = value.utf8
        switch bytes.count {
        case 0: return true
        case 1: return bytes.first == UInt8(ascii: "~")
        case 4: return bytes.elementsEqual("null".utf8) || bytes.elementsEqual("Null".utf8) || bytes.elementsEqual("NULL".utf8)
        default: return false
        }
    }
}

public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// The result of parsing one file: the source (for snippets), the root node if the file
/// had a document, and what went wrong.
public struct ParsedFile: Sendable {
    public var source: SourceFile
    public var root: YAMLNode?
    public var diagnostics: [Diagnostic]

    public init(source: SourceFile, root: YAMLNode?, diagnostics: [Diagnostic]) {
        self.source = source
        self.root = root
        self.diagnostics = diagnostics
    }
}
