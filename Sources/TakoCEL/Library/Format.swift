// `string.format(list)` from the strings extension: %s %d %f %e %b %o %x %X and %%.

import Foundation

enum Format {
    static func format(_ a: Value, _ b: Value) -> Value {
        guard case .string(let pattern) = a, case .list(let args) = b else { return .noSuchOverload }
        var out = ""
        var next = 0
        let cs = Array(pattern.unicodeScalars)
        var i = 0
        while i < cs.count {
            let c = cs[i]
            i += 1
            guard c == "%" else {
                out.unicodeScalars.append(c)
                continue
            }
            guard i < cs.count else { return .err("could not parse formatting clause: unterminated clause") }
            if cs[i] == "%" {
                out += "%"
                i += 1
                continue
            }
            var precision: Int?
            if cs[i] == "." {
                i += 1
                var p = 0
                while i < cs.count, isDigit(cs[i]) {
                    p = min(p * 10 + Int(cs[i].value - 48), 1_000)  // capped: no overflow, no huge strings
                    i += 1
                }
                precision = p
            }
            guard i < cs.count else { return .err("could not parse formatting clause: unterminated clause") }
            let verb = cs[i]
            i += 1
            guard "sdfeboxX".unicodeScalars.contains(verb) else {
                return .err("could not parse formatting clause: unrecognized formatting clause \"\(verb)\"")
            }
            guard next < args.count else { return .err("index \(next) out of range") }
            let arg = args[next]
            next += 1
            switch clause(verb, precision, arg) {
            case .success(let text): out += text
            case .failure(let error): return .error(error)
            }
        }
        return .string(out)
    }

    static func failure(_ message: String) -> Result<String, CELError> {
        .failure(CELError("error during formatting: " + message))
    }

    static func special(_ d: Double) -> String? {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return nil
    }

    static func clause(_ verb: Unicode.Scalar, _ precision: Int?, _ arg: Value) -> Result<String, CELError> {
        switch verb {
        case "s":
            return text(arg).map { .success($0) }
                ?? failure(
                    "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given \(arg.typeName)"
                )
        case "d":
            switch arg {
            case .int(let i): return .success(String(i))
            case .uint(let u): return .success(String(u))
            case .double(let d):
                // cel-cpp prints a double under %d in fixed-point notation.
                return .success(special(d) ?? String(format: "%.\(precision ?? 6)f", d))
            default: return failure("decimal clause can only be used on integers, was given \(arg.typeName)")
            }
        case "f", "e":
            let d: Double
            switch arg {
            case .double(let x): d = x
            case .int(let x): d = Double(x)
            case .uint(let x): d = Double(x)
            default:
                let name = verb == "f" ? "fixed-point" : "scientific"
                return failure("\(name) clause can only be used on doubles, was given \(arg.typeName)")
            }
            if let s = special(d) { return .success(s) }
            return .success(String(format: "%.\(precision ?? 6)\(verb)", d))
        case "b":
            switch arg {
            case .int(let i): return .success(i < 0 ? "-" + String(i.magnitude, radix: 2) : String(i, radix: 2))
            case .uint(let u): return .success(String(u, radix: 2))
            case .bool(let b): return .success(b ? "1" : "0")
            default: return failure("only integers and bools can be formatted as binary, was given \(arg.typeName)")
            }
        case "o":
            switch arg {
            case .int(let i): return .success(i < 0 ? "-" + String(i.magnitude, radix: 8) : String(i, radix: 8))
            case .uint(let u): return .success(String(u, radix: 8))
            default: return failure("octal clause can only be used on integers, was given \(arg.typeName)")
            }
        default:
            let upper = verb == "X"
            var text: String
            switch arg {
            case .int(let i): text = i < 0 ? "-" + String(i.magnitude, radix: 16) : String(i, radix: 16)
            case .uint(let u): text = String(u, radix: 16)
            case .string(let s): text = s.utf8.map { String($0, radix: 16).leftPadded(2) }.joined()
            case .bytes(let b): text = b.map { String($0, radix: 16).leftPadded(2) }.joined()
            default: return failure("only integers, byte buffers, and strings can be formatted as hex, was given \(arg.typeName)")
            }
            if upper { text = text.uppercased() }
            return .success(text)
        }
    }

    /// The `%s` rendering of a value.
    static func text(_ v: Value) -> String? {
        switch v {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return special(d) ?? String(format: "%g", d)
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .null: return "null"
        case .type(let name): return name
        case .timestamp(let t):
            // Like cel-cpp: the fraction without trailing zeros.
            var text = t.description
            if text.contains(".") {
                text.removeLast()
                while text.hasSuffix("0") { text.removeLast() }
                text += "Z"
            }
            return text
        case .duration(let d): return d.description
        case .list(let items):
            var parts: [String] = []
            for item in items {
                guard let t = text(item) else { return nil }
                parts.append(t)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let m):
            var parts: [(String, String)] = []
            for (i, key) in m.keys.enumerated() {
                guard let k = text(key.value), let value = text(m.values[i]) else { return nil }
                parts.append((k, value))
            }
            parts.sort { $0.0 < $1.0 }
            return "{" + parts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        default: return nil
        }
    }
}
