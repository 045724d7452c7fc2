// Building values from Swift: literals (`"text"`, `42`, `true`, `[...]`, `["k": v]`),
// JSON-like Foundation objects, and a readable description.

import Foundation

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    // Deliberately not ExpressibleByNilLiteral: `nil` must keep meaning Optional.none
    // wherever a `Value?` is expected. Write `.null` for CEL's null.
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }

    /// A map literal with string keys; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, Value)...) {
        var entries: [String: Value] = [:]
        for (key, value) in elements { entries[key] = value }
        self = .map(CELMap(entries))
    }

    /// A value from the output of `JSONSerialization` (or any such tree): strings,
    /// numbers (integers become `int`, others `double`), booleans, arrays,
    /// string-keyed dictionaries and `NSNull`. Nil for anything else.
    public init?(jsonObject: Any) {
        switch jsonObject {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // JSONSerialization's booleans are NSNumbers of type "c"; integers have an
            // integer type code, everything else is a double.
            switch String(cString: n.objCType) {
            case "c", "B": self = .bool(n.boolValue)
            case "d", "f": self = .double(n.doubleValue)
            case "Q", "L": self = .uint(n.uint64Value)
            default: self = .int(n.int64Value)
            }
        case let array as [Any]:
            var items: [Value] = []
            items.reserveCapacity(array.count)
            for element in array {
                guard let v = Value(jsonObject: element) else { return nil }
                items.append(v)
            }
            self = .list(items)
        case let dictionary as [String: Any]:
            var entries: [String: Value] = [:]
            for (key, element) in dictionary {
                guard let v = Value(jsonObject: element) else { return nil }
                entries[key] = v
            }
            self = .map(CELMap(entries))
        default:
            return nil
        }
    }
}

extension Value: Equatable {
    /// CEL equality (`1 == 1u` is true; NaN is unequal to itself); errors and unknowns
    /// are equal when their messages or attribute sets are.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.error(let x), .error(let y)): return x == y
        case (.unknown(let x), .unknown(let y)): return x == y
        case (.error, _), (_, .error), (.unknown, _), (_, .unknown): return false
        default: return celEquals(a, b)
        }
    }
}

extension Value {
    /// The value written as CEL source: `"text"`, `1u`, `2.5`, `[1, 2]`, `{"a": true}`,
    /// `timestamp("2009-02-13T23:31:30Z")`, `optional.of(1)`. Errors and unknowns are
    /// shown as `error("…")` and `unknown(a.b, c)`. For messages and logs.
    public var celLiteral: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")" }
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let s): return Self.quoted(s)
        case .bytes(let b): return "b" + Self.quoted(String(decoding: b, as: UTF8.self))
        case .list(let items): return "[" + items.map(\.celLiteral).joined(separator: ", ") + "]"
        case .map(let m):
            return "{"
                + m.keys.indices.map { "\(m.keys[$0].value.celLiteral): \(m.values[$0].celLiteral)" }
                .joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\"\(t.description)\")"
        case .duration(let d): return "duration(\"\(d.description)\")"
        case .type(let name): return name
        case .optional(let o): return o.map { "optional.of(\($0.celLiteral))" } ?? "optional.none()"
        case .object(let o):
            let fields = o.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.celLiteral)" }
            return o.typeName + "{" + fields.joined(separator: ", ") + "}"
        case .error(let e): return "error(\(Self.quoted(e.message)))"
        case .unknown(let u): return "unknown(\(u.attributes.sorted().joined(separator: ", ")))"
        }
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\x%02x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

extension Value {
    /// `string(value)` as CEL defines it (`1.5` → "1.5", `true` → "true"); nil for a value
    /// `string()` does not accept (a list, a map, null) or bytes that are not UTF-8.
    public var convertedToString: String? {
        if case .string(let s) = Conversions.toString(self) { return s }
        return nil
    }
}
