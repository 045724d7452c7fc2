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
        case .string(let s): return Int64(trimmed(s)).map(Value.int) ?? .err("cannot convert '\(s)' to int")
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
        case .string(let s):
            let t = trimmed(s)
            guard !t.hasPrefix("-") else { return .err("cannot convert '\(s)' to uint") }
            return UInt64(t).map(Value.uint) ?? .err("cannot convert '\(s)' to uint")
        default: return .noSuchOverload
        }
    }

    static func toDouble(_ v: Value) -> Value {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            let t = trimmed(s)
            if let d = Double(t) { return .double(d) }
            switch t.lowercased() {
            case "nan": return .double(.nan)
            case "inf", "+inf", "infinity", "+infinity": return .double(.infinity)
            case "-inf", "-infinity": return .double(-.infinity)
            default: return .err("cannot convert '\(s)' to double")
            }
        default: return .noSuchOverload
        }
    }

    /// Surrounding ASCII whitespace is ignored in numeric strings, as cel-cpp does.
    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        func space(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
        guard space(first) || space(last) else { return s }
        return String(
            s.unicodeScalars.drop { $0.value < 128 && space(UInt8($0.value)) }
                .reversed().drop { $0.value < 128 && space(UInt8($0.value)) }.reversed().map(Character.init))
    }

    /// The shortest representation that reads back as the same double, in the style
    /// of Go's `%g` with shortest precision (as cel-go and cel-cpp print doubles):
    /// exponent form below 1e-4 and from 1e6 (`1.234567e+06`), plain otherwise.
    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description is shortest round-trip; take its digits and exponent.
        let text = "\(d.magnitude)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let x = point - 1
        if x < -4 || x >= 6 {
            var out = String(digits[0])
            if digits.count > 1 { out += "." + String(digits[1...]) }
            let e = abs(x)
            out += (x < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + String(e)
            return sign + out
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
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
        case .string(let s):
            return TimeParsing.timestamp(s).map(Value.timestamp) ?? .err("cannot parse timestamp '\(s)': range or format error")
        default: return .noSuchOverload
        }
    }

    static func toDuration(_ v: Value) -> Value {
        switch v {
        case .duration: return v
        case .int(let i): return CELDuration(totalNanos: i).map(Value.duration) ?? .err("duration out of range")
        case .string(let s):
            return TimeParsing.duration(s).map(Value.duration) ?? .err("cannot parse duration '\(s)': range or format error")
        default: return .noSuchOverload
        }
    }
}
