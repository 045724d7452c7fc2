// Building values from Swift: literals (`"text"`, `42`, `true`, `[...]`, `["k": v]`),
// JSON-like Foundation objects, and a readable description.

import Foundation

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
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
