// Type conversions: int(), uint(), double(), string(), bytes(), bool(), dyn(), type().

import Foundation

enum Conversions {
    static func toInt(_ v: Value) -> Value {
        switch v {
        case .int: return v
        case .uint(let u): return u > UInt64(Int64.max) ? .err("integer overflow: range error") : .int(Int64(u))
        case .double(let d):
            guard d.isFinite, d > -9_223_372_036_854_775_808.0 - 1, d < 9_223_372_036_854_775_807.0 else {
                return .err("double out of int range: range error")
            }
            let t = d.rounded(.towardZero)
            guard t >= -9_223_372_036_854_775_808.0, t < 9_223_372_036_854_775_808.0 else { return .err("range error") }
            return .int(Int64(t))
        case .string(let s): return Int64(s).map(Value.int) ?? .err("cannot convert '\(s)' to int")
        case .timestamp(let t): return .int(t.seconds)
        default: return .noSuchOverload
        }
    }

    static func toUint(_ v: Value) -> Value {
        switch v {
        case .uint: return v
        case .int(let i): return i < 0 ? .err("integer overflow: range error") : .uint(UInt64(i))
        case .double(let d):
            guard d.isFinite, d >= 0, d < 18_446_744_073_709_551_616.0 else { return .err("double out of uint range: range error") }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s): return UInt64(s).map(Value.uint) ?? .err("cannot convert '\(s)' to uint")
        default: return .noSuchOverload
        }
    }

    static func toDouble(_ v: Value) -> Value {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            if let d = Double(s) { return .double(d) }
            switch s.lowercased() {
            case "nan": return .double(.nan)
            case "inf", "+inf", "infinity", "+infinity": return .double(.infinity)
            case "-inf", "-infinity": return .double(-.infinity)
            default: return .err("cannot convert '\(s)' to double")
            }
        default: return .noSuchOverload
        }
    }

    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        var text = "\(d)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func toString(_ v: Value) -> Value {
        switch v {
        case .string: return v
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(formatDouble(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { return .err("invalid UTF-8 in bytes") }
            return .string(s)
        case .timestamp(let t): return .string(t.description)
        case .duration(let d): return .string(d.description)
        default: return .noSuchOverload
        }
    }

    static func toBytes(_ v: Value) -> Value {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        default: return .noSuchOverload
        }
    }

    static func toBool(_ v: Value) -> Value {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: return .err("cannot convert '\(s)' to bool")
            }
        default: return .noSuchOverload
        }
    }

    static func typeOf(_ v: Value) -> Value { .type(v.typeName) }

    static func toTimestamp(_ v: Value) -> Value {
        switch v {
        case .timestamp: return v
        case .int(let i): return CELTimestamp(seconds: i).map(Value.timestamp) ?? .err("timestamp out of range")
        case .string(let s): return TimeParsing.timestamp(s).map(Value.timestamp) ?? .err("cannot parse timestamp '\(s)': range or format error")
        default: return .noSuchOverload
        }
    }

    static func toDuration(_ v: Value) -> Value {
        switch v {
        case .duration: return v
        case .int(let i): return CELDuration(totalNanos: i).map(Value.duration) ?? .err("duration out of range")
        case .string(let s): return TimeParsing.duration(s).map(Value.duration) ?? .err("cannot parse duration '\(s)': range or format error")
        default: return .noSuchOverload
        }
    }
}
