// Core string, bytes, list and map functions: size, contains, startsWith, endsWith.

enum Strings {
    static func size(_ v: Value) -> Value {
        switch v {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .bytes(let b): return .int(Int64(b.count))
        case .list(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: return .noSuchOverload
        }
    }

    static func contains(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .string(let t) = b else { return .noSuchOverload }
        return .bool(UTF8Bytes.contains(s, t))
    }

    static func startsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .string(let t) = b else { return .noSuchOverload }
        return .bool(UTF8Bytes.hasPrefix(s, t))
    }

    static func endsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .string(let t) = b else { return .noSuchOverload }
        return .bool(UTF8Bytes.hasSuffix(s, t))
    }
}
