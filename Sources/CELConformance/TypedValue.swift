// The TYPED_VALUE notation of the conformance files (see its README): decoding to
// TakoCEL values, comparison by type and value, and a compact rendering.

import Foundation
import TakoCEL

enum TypedValue {
    struct DecodeError: Error { var message: String }

    static func decode(_ any: Any) throws -> Value {
        guard let object = any as? [String: Any], let (key, body) = object.first else {
            throw DecodeError(message: "typed value must be an object with one key")
        }
        switch key {
        case "null": return .null
        case "bool": return .bool(body as? Bool ?? false)
        case "int":
            guard let text = body as? String, let i = Int64(text) else { throw DecodeError(message: "bad int") }
            return .int(i)
        case "uint":
            guard let text = body as? String, let u = UInt64(text) else { throw DecodeError(message: "bad uint") }
            return .uint(u)
        case "double":
            if let text = body as? String {
                switch text {
                case "NaN": return .double(.nan)
                case "Infinity": return .double(.infinity)
                case "-Infinity": return .double(-.infinity)
                default:
                    guard let d = Double(text) else { throw DecodeError(message: "bad double") }
                    return .double(d)
                }
            }
            guard let n = body as? NSNumber else { throw DecodeError(message: "bad double") }
            return .double(n.doubleValue)
        case "string": return .string(body as? String ?? "")
        case "bytes":
            guard let text = body as? String, let data = Data(base64Encoded: text) else { throw DecodeError(message: "bad bytes") }
            return .bytes(Array(data))
        case "list":
            return .list(try (body as? [Any] ?? []).map(decode))
        case "map":
            var keys: [MapKey] = []
            var values: [Value] = []
            for entry in body as? [[Any]] ?? [] {
                guard entry.count == 2, let key = MapKey(try decode(entry[0])) else { throw DecodeError(message: "bad map key") }
                keys.append(key)
                values.append(try decode(entry[1]))
            }
            guard let map = CELMap(keys: keys, values: values) else { throw DecodeError(message: "repeated map key") }
            return .map(map)
        case "type": return .type(body as? String ?? "")
        case "duration":
            guard let text = body as? String, case .duration(let d)? = parse("duration('\(text)')") else {
                throw DecodeError(message: "bad duration")
            }
            return .duration(d)
        case "timestamp":
            guard let text = body as? String, case .timestamp(let t)? = parse("timestamp('\(text)')") else {
                throw DecodeError(message: "bad timestamp")
            }
            return .timestamp(t)
        default:
            throw DecodeError(message: "unsupported typed value '\(key)'")
        }
    }

    private static func parse(_ expression: String) -> Value? {
        Environment().compile(expression).program?.evaluate().value
    }

    /// Equality by type and value: maps without order, NaN equal to NaN, -0.0 apart from 0.0.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
        case (.string(let x), .string(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0.0, $0.1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (i, key) in x.keys.enumerated() {
                guard let j = y.keys.firstIndex(where: { sameKey($0, key) }), same(x.values[i], y.values[j]) else { return false }
            }
            return true
        case (.type(let x), .type(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        default: return false
        }
    }

    static func sameKey(_ a: MapKey, _ b: MapKey) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        default: return false
        }
    }

    /// A compact rendering for reports: `int(1)`, `list[...]`, `"text"`.
    static func render(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return "bool(\(b))"
        case .int(let i): return "int(\(i))"
        case .uint(let u): return "uint(\(u))"
        case .double(let d): return "double(\(d))"
        case .string(let s): return "string(\(s.debugDescription))"
        case .bytes(let b): return "bytes(\(Data(b).base64EncodedString()))"
        case .list(let l): return "[" + l.map(render).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.indices.map { "\(render(m.keys[$0].value)): \(render(m.values[$0]))" }.joined(separator: ", ") + "}"
        case .type(let t): return "type(\(t))"
        case .timestamp(let t): return "timestamp(\(t.description))"
        case .duration(let d): return "duration(\(d.description))"
        case .optional(let o): return o.map { "optional(\(render($0)))" } ?? "optional.none"
        case .object(let o): return "\(o.typeName){...}"
        case .error(let e): return "error(\(e.message))"
        case .unknown(let u): return "unknown(\(u.attributes.sorted()))"
        }
    }
}
