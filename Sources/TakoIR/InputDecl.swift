import TakoBasics

public enum InputType: String, Sendable, Hashable, CaseIterable {
    case string, boolean, number
}

/// A value of an input: a default in the file, or a `--input` given to `takoc plan`.
public enum InputValue: Sendable, Hashable {
    case string(String)
    case boolean(Bool)
    case number(Double)

    public var type: InputType {
        switch self {
        case .string: .string
        case .boolean: .boolean
        case .number: .number
        }
    }

    /// The text a template or an environment variable receives: `true`, `3`, `2.5`.
    public var rendered: String {
        switch self {
        case .string(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .number(let d):
            if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        }
    }

    /// Converts command-line text to the declared type; nil when it does not fit.
    public static func parse(_ text: String, as type: InputType) -> InputValue? {
        switch type {
        case .string: return .string(text)
        case .boolean:
            switch text {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .number:
            guard let d = Double(text), d.isFinite else { return nil }
            return .number(d)
        }
    }
}

public struct InputValidation: Sendable, Hashable {
    public var enumValues: [String]?
    public var min: Double?
    public var max: Double?
    public var pattern: String?

    public init(enumValues: [String]? = nil, min: Double? = nil, max: Double? = nil, pattern: String? = nil) {
        self.enumValues = enumValues
        self.min = min
        self.max = max
        self.pattern = pattern
    }

    /// Why `value` is not allowed, or nil when it is. `matches(text, pattern)` says whether
    /// a string matches the `pattern` (RE2, as CEL's `matches`: `RegularExpression.matches`
    /// of TakoCEL); lowering keeps only patterns that compile.
    public func problem(with value: InputValue, matches: (String, String) -> Bool) -> String? {
        switch value {
        case .string(let s):
            if let allowed = enumValues, !allowed.contains(s) {
                return "'\(s)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
            }
            if let pattern, !matches(s, pattern) {
                return "'\(s)' does not match the pattern '\(pattern)'"
            }
        case .number(let d):
            if let min, d < min { return "\(value.rendered) is less than the minimum \(InputValue.number(min).rendered)" }
            if let max, d > max { return "\(value.rendered) is more than the maximum \(InputValue.number(max).rendered)" }
        case .boolean:
            break
        }
        return nil
    }
}

public struct InputDecl: Sendable, Hashable {
    public var name: Located<String>
    public var type: InputType
    public var required: Bool
    public var defaultValue: Located<InputValue>?
    public var description: String?
    public var validation: InputValidation

    public init(
        name: Located<String>, type: InputType, required: Bool, defaultValue: Located<InputValue>?,
        description: String?, validation: InputValidation
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
        self.validation = validation
    }
}
