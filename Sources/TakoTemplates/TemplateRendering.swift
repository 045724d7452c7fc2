import TakoBasics
import TakoCEL

/// How a template hole's value becomes the text put in its place (language.md §7), the same
/// for the compiler, which renders the holes it can when it plans, and for `tako exec`,
/// which renders the rest.
///
/// Without pipes a string is itself; a bool, a number, a timestamp or a duration is what
/// CEL's `string()` makes of it; null, a list or a map has no text of its own and needs
/// `| json`. The pipes apply left to right:
/// - `default("x")` gives "x" when the value is missing (a payload key the event did not
///   carry), null or the empty string;
/// - `json` encodes the value as JSON;
/// - `lower`, `upper` and `trim` work on the text (`lower` and `upper` over all of Unicode);
/// - `shell_quote` makes the text one POSIX shell word, always in single quotes.
public enum TemplateRendering {
    /// Why a hole has no text.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// The text of an evaluated hole. An evaluation that failed because a key is missing
    /// counts as a missing value, which `default` can replace; any other error is a failure.
    public static func render(_ result: EvalResult, pipes: [TemplatePipe]) -> Result<String, Failure> {
        switch result {
        case .value(let v):
            return render(.some(v), pipes: pipes)
        case .error(let e):
            guard e.message.hasPrefix("no such key") else { return .failure(Failure(e.message)) }
            return render(nil, pipes: pipes, missing: e.message)
        case .unknown(let needed):
            return .failure(Failure("it needs values that do not exist: \(needed.sorted().joined(separator: ", "))"))
        }
    }

    /// `value` nil means missing, with `missing` saying why.
    public static func render(_ value: Value?, pipes: [TemplatePipe], missing: String = "no value") -> Result<String, Failure> {
        var current: Value? = value
        for pipe in pipes {
            switch pipe {
            case .default(let text):
                if isEmpty(current) { current = .string(text) }
            case .json:
                guard let v = current else { return .failure(Failure("\(missing); add '| default(\"…\")' before '| json' for a fallback")) }
                switch json(v) {
                case .success(let encoded): current = .string(encoded)
                case .failure(let f): return .failure(f)
                }
            case .lower, .upper, .trim, .shellQuote, .jsonEscape, .urlEncode, .htmlEscape:
                let text: String
                switch self.text(current, missing: missing) {
                case .success(let t): text = t
                case .failure(let f): return .failure(f)
                }
                current = .string(apply(pipe, to: text))
            }
        }
        return text(current, missing: missing)
    }

    static func isEmpty(_ value: Value?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .string(let s)?: return s.isEmpty
        default: return false
        }
    }

    static func apply(_ pipe: TemplatePipe, to text: String) -> String {
        switch pipe {
        case .lower: return text.lowercased()
        case .upper: return text.uppercased()
        case .trim: return trimmed(text)
        case .shellQuote: return shellQuoted(text)
        case .jsonEscape: return jsonEscaped(text)
        case .urlEncode: return urlEncoded(text)
        case .htmlEscape: return htmlEscaped(text)
        case .json, .default: return text
        }
    }

    /// The inside of a JSON string literal: `JSONText.string` without its quotes.
    public static func jsonEscaped(_ s: String) -> String {
        let quoted = JSONText.string(s)
        return String(quoted.dropFirst().dropLast())
    }

    /// A form value: space as '+', unreserved bytes kept, every other byte as %XX.
    public static func urlEncoded(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "): out.append(UInt8(ascii: "+"))
            default: out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func htmlEscaped(_ s: String) -> String { TextEscaping.replacing(s, TextEscaping.html) }

    /// A value's own text, or why it has none.
    static func text(_ value: Value?, missing: String) -> Result<String, Failure> {
        guard let value else { return .failure(Failure(missing)) }
        switch value {
        case .null: return .failure(Failure("the value is null; add '| default(\"…\")' or '| json'"))
        case .list, .map, .object: return .failure(Failure("the value is a \(value.typeName), which has no text of its own; add '| json'"))
        case .error(let e): return .failure(Failure(e.message))
        case .unknown(let u):
            return .failure(Failure("it needs values that do not exist: \(u.attributes.sorted().joined(separator: ", "))"))
        default:
            guard let s = value.convertedToString else { return .failure(Failure("a \(value.typeName) has no text; add '| json'")) }
            return .success(s)
        }
    }

    /// The value as compact JSON, map entries in their CEL order.
    public static func json(_ value: Value) -> Result<String, Failure> {
        var out = ""
        func write(_ v: Value) -> Failure? {
            switch v {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .uint(let u): out += String(u)
            case .double(let d):
                guard d.isFinite else { return Failure("\(d) has no JSON form") }
                out += JSONText.number(d)
            case .string(let s): out += JSONText.string(s)
            case .list(let items):
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += "," }
                    if let f = write(item) { return f }
                }
                out += "]"
            case .map(let m):
                out += "{"
                for i in m.keys.indices {
                    if i > 0 { out += "," }
                    let key = m.keys[i].value
                    out += JSONText.string(key.convertedToString ?? key.celLiteral) + ":"
                    if let f = write(m.values[i]) { return f }
                }
                out += "}"
            case .object(let o):
                out += "{"
                for (i, field) in o.fields.sorted(by: { $0.key < $1.key }).enumerated() {
                    if i > 0 { out += "," }
                    out += JSONText.string(field.key) + ":"
                    if let f = write(field.value) { return f }
                }
                out += "}"
            case .error(let e): return Failure(e.message)
            case .unknown(let u): return Failure("it needs values that do not exist: \(u.attributes.sorted().joined(separator: ", "))")
            default:
                guard let s = v.convertedToString else { return Failure("a \(v.typeName) has no JSON form") }
                out += JSONText.string(s)
            }
            return nil
        }
        if let failure = write(value) { return .failure(failure) }
        return .success(out)
    }

    /// One word for a POSIX shell: `it's` → `'it'\''s'`.
    public static func shellQuoted(_ s: String) -> String {
        "'" + s.replacingAll("'", with: "'\\''") + "'"
    }

    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, scalars[lo].properties.isWhitespace { lo = scalars.index(after: lo) }
        while hi > lo, scalars[scalars.index(before: hi)].properties.isWhitespace { hi = scalars.index(before: hi) }
        return String(scalars[lo..<hi])
    }

    /// Whether a hole whose expression has type `type` can be rendered through `pipes`, or
    /// what is wrong, for the compiler.
    public static func check(_ type: CELType, pipes: [TemplatePipe]) -> String? {
        var current: CELType? = type
        for pipe in pipes {
            switch pipe {
            case .default: if current == .null { current = .string }
            case .json: current = .string
            case .lower, .upper, .trim, .shellQuote, .jsonEscape, .urlEncode, .htmlEscape:
                if let why = textless(current) { return "'\(pipe)' needs text, but \(why)" }
                current = .string
            }
        }
        return textless(current).map { "the value has no text: \($0)" }
    }

    private static func textless(_ type: CELType?) -> String? {
        switch type {
        case .list?, .map?, .object?: return "the expression is of type \(type!); add '| json'"
        case .null?: return "the expression is always null"
        case .type?: return "the expression is a type; add '| json' or use string()"
        default: return nil
        }
    }
}

private extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
