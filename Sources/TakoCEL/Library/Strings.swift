// String functions: the core ones (size, contains, startsWith, endsWith) and the
// strings extension (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace,
// split, substring, trim, join, reverse, strings.quote). Indices count code points.

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

enum StringsExt {
    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func charAt(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .int(let i) = b else { return .noSuchOverload }
        let cs = scalars(s)
        guard i >= 0, i <= cs.count else { return .err("index out of range: \(i)") }
        return .string(i == cs.count ? "" : String(cs[Int(i)]))
    }

    static func indexOf(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], from: Int) -> Int? {
        guard from <= s.count - t.count else { return t.isEmpty && from <= s.count ? from : nil }
        var i = from
        while i + t.count <= s.count {
            if s[i..<i + t.count].elementsEqual(t) { return i }
            i += 1
        }
        return nil
    }

    static func indexOf(_ args: [Value]) -> Value {
        guard args.count >= 2, args.count <= 3, case .string(let s) = args[0], case .string(let t) = args[1] else { return .noSuchOverload }
        let cs = scalars(s)
        var start = 0
        if args.count == 3 {
            guard case .int(let i) = args[2] else { return .noSuchOverload }
            guard i >= 0, i <= cs.count else { return .err("index out of range: \(i)") }
            start = Int(i)
        }
        return .int(Int64(indexOf(cs, scalars(t), from: start) ?? -1))
    }

    static func lastIndexOf(_ args: [Value]) -> Value {
        guard args.count >= 2, args.count <= 3, case .string(let s) = args[0], case .string(let t) = args[1] else { return .noSuchOverload }
        let cs = scalars(s)
        let ts = scalars(t)
        var start = cs.count
        if args.count == 3 {
            guard case .int(let i) = args[2] else { return .noSuchOverload }
            guard i >= 0, i <= cs.count else { return .err("index out of range: \(i)") }
            start = Int(i)
        }
        var i = min(start, cs.count - ts.count)
        while i >= 0 {
            if cs[i..<i + ts.count].elementsEqual(ts) { return .int(Int64(i)) }
            i -= 1
        }
        return .int(-1)
    }

    static func mapASCII(_ v: Value, upper: Bool) -> Value {
        guard case .string(let s) = v else { return .noSuchOverload }
        return .string(UTF8Bytes.mapASCII(s, upper: upper))
    }

    static func replace(_ args: [Value]) -> Value {
        guard args.count >= 3, args.count <= 4, case .string(let s) = args[0], case .string(let old) = args[1],
            case .string(let new) = args[2]
        else { return .noSuchOverload }
        var limit = -1
        if args.count == 4 {
            guard case .int(let n) = args[3] else { return .noSuchOverload }
            limit = Int(clamping: n)
        }
        if limit == 0 { return .string(s) }
        let cs = scalars(s)
        let os = scalars(old)
        let ns = scalars(new)
        var out: [Unicode.Scalar] = []
        var i = 0
        var done = 0
        while i <= cs.count {
            if limit >= 0 && done >= limit { break }
            if os.isEmpty {
                out.append(contentsOf: ns)
                done += 1
                if i < cs.count { out.append(cs[i]) }
                i += 1
                continue
            }
            guard let at = indexOf(cs, os, from: i) else { break }
            out.append(contentsOf: cs[i..<at])
            out.append(contentsOf: ns)
            i = at + os.count
            done += 1
        }
        if i < cs.count { out.append(contentsOf: cs[i...]) }
        return .string(string(out))
    }

    static func split(_ args: [Value]) -> Value {
        guard args.count >= 2, args.count <= 3, case .string(let s) = args[0], case .string(let sep) = args[1] else {
            return .noSuchOverload
        }
        var limit = -1
        if args.count == 3 {
            guard case .int(let n) = args[2] else { return .noSuchOverload }
            limit = Int(clamping: n)
        }
        if limit == 0 { return .list([]) }
        if !sep.isEmpty { return .list(UTF8Bytes.split(s, sep, limit: limit)) }
        if s.isEmpty { return .list([.string("")]) }
        let cs = scalars(s)
        var parts: [Value] = []
        do {
            for (k, c) in cs.enumerated() {
                if limit > 0 && parts.count == limit - 1 {
                    parts.append(.string(string(cs[k...])))
                    return .list(parts)
                }
                parts.append(.string(String(c)))
            }
            return .list(parts)
        }
    }

    static func substring(_ args: [Value]) -> Value {
        guard args.count >= 2, args.count <= 3, case .string(let s) = args[0], case .int(let start) = args[1] else {
            return .noSuchOverload
        }
        let cs = scalars(s)
        var end = Int64(cs.count)
        if args.count == 3 {
            guard case .int(let e) = args[2] else { return .noSuchOverload }
            end = e
        }
        guard start >= 0, start <= cs.count else { return .err("index out of range: \(start)") }
        guard end >= 0, end <= cs.count else { return .err("index out of range: \(end)") }
        guard start <= end else { return .err("invalid substring range. start: \(start), end: \(end)") }
        return .string(string(cs[Int(start)..<Int(end)]))
    }

    static func trim(_ v: Value) -> Value {
        guard case .string(let s) = v else { return .noSuchOverload }
        return .string(UTF8Bytes.trim(s))
    }

    static func join(_ args: [Value]) -> Value {
        guard args.count >= 1, args.count <= 2, case .list(let items) = args[0] else { return .noSuchOverload }
        var sep = ""
        if args.count == 2 {
            guard case .string(let s) = args[1] else { return .noSuchOverload }
            sep = s
        }
        var parts: [String] = []
        for item in items {
            guard case .string(let s) = item else { return .noSuchOverload }
            parts.append(s)
        }
        return .string(parts.joined(separator: sep))
    }

    static func reverse(_ v: Value) -> Value {
        guard case .string(let s) = v else { return .noSuchOverload }
        return .string(string(s.unicodeScalars.reversed()))
    }

    static func quote(_ v: Value) -> Value {
        guard case .string(let s) = v else { return .noSuchOverload }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                out.unicodeScalars.append(c)
            }
        }
        return .string(out + "\"")
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
