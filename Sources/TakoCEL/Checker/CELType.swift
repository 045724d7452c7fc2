// CEL types as the checker sees them.

/// A type: primitive, parameterised, a declared object type, or a type parameter.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    case int, uint, double, bool, string, bytes, null, dyn, error, any
    case timestamp, duration
    case list(CELType)
    case map(CELType, CELType)
    /// The type of a type value: `type(int)` is the type of `int`; `type(nil)` is `type`.
    case type(CELType?)
    case optional(CELType)
    /// A declared object type (struct-like, with named fields).
    case object(String)
    /// A type parameter of an overload, or a fresh type variable during inference.
    case param(String)
    /// Any other parameterised abstract type, e.g. `tuple(int, string)`.
    case opaque(String, [CELType])

    public var description: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .bool: return "bool"
        case .string: return "string"
        case .bytes: return "bytes"
        case .null: return "null_type"
        case .dyn: return "dyn"
        case .error: return "*error*"
        case .any: return "any"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .type(let t): return t.map { "type(\($0))" } ?? "type"
        case .optional(let t): return "optional_type(\(t))"
        case .object(let name): return name
        case .param(let name): return name
        case .opaque(let name, let params):
            return params.isEmpty ? name : "\(name)(\(params.map(\.description).joined(separator: ", ")))"
        }
    }

    /// The name of the runtime type value of values of this type (`type(x)`).
    public var runtimeTypeName: String {
        switch self {
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        case .optional: return "optional_type"
        case .opaque(let name, _): return name
        default: return description
        }
    }

    /// Parses the notation of the conformance files and of the standard declarations:
    /// `int`, `list(T)`, `map(K, V)`, `param(T)`, `optional_type(int)`, `type(T)`,
    /// `wrapper(int)`, a dotted object name. A single capital letter is a type parameter.
    public static func parse(_ text: String) -> CELType? {
        var parser = TypeNameParser(scalars: Array(text.unicodeScalars))
        guard let type = parser.parseType(), parser.atEnd else { return nil }
        return type
    }

    /// Whether the type mentions a type parameter.
    var hasParams: Bool {
        switch self {
        case .param: return true
        case .list(let e), .optional(let e): return e.hasParams
        case .map(let k, let v): return k.hasParams || v.hasParams
        case .type(let t): return t?.hasParams ?? false
        case .opaque(_, let params): return params.contains { $0.hasParams }
        default: return false
        }
    }
}

private struct TypeNameParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    var atEnd: Bool { skipSpaces(); return index >= scalars.count }

    func skipSpaces() {}

    mutating func spaces() {
        while index < scalars.count, scalars[index] == " " { index += 1 }
    }

    mutating func name() -> String {
        spaces()
        var out = String.UnicodeScalarView()
        while index < scalars.count, isIdentStart(scalars[index]) || isDigit(scalars[index]) || scalars[index] == "." {
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    mutating func parseType() -> CELType? {
        let head = name()
        guard !head.isEmpty else { return nil }
        var args: [CELType] = []
        spaces()
        if index < scalars.count, scalars[index] == "(" {
            index += 1
            while true {
                guard let arg = parseType() else { return nil }
                args.append(arg)
                spaces()
                guard index < scalars.count else { return nil }
                let c = scalars[index]
                index += 1
                if c == ")" { break }
                if c != "," { return nil }
            }
        }
        spaces()
        switch (head, args.count) {
        case ("int", 0): return .int
        case ("uint", 0): return .uint
        case ("double", 0): return .double
        case ("bool", 0): return .bool
        case ("string", 0): return .string
        case ("bytes", 0): return .bytes
        case ("null_type", 0): return .null
        case ("dyn", 0): return .dyn
        case ("error", 0): return .error
        case ("any", 0), ("google.protobuf.Any", 0): return .any
        case ("google.protobuf.Timestamp", 0), ("timestamp", 0): return .timestamp
        case ("google.protobuf.Duration", 0), ("duration", 0): return .duration
        case ("list", 1): return .list(args[0])
        case ("map", 2): return .map(args[0], args[1])
        case ("type", 0): return .type(nil)
        case ("type", 1): return .type(args[0])
        case ("optional_type", 1): return .optional(args[0])
        case ("param", 1):
            if case .object(let n) = args[0] { return .param(n) }
            if case .param(let n) = args[0] { return .param(n) }
            return nil
        case ("wrapper", 1): return args[0]
        case (_, 0) where head.count == 1 && head.first!.isUppercase: return .param(head)
        case (_, 0): return .object(head)
        default: return .opaque(head, args)
        }
    }
}
