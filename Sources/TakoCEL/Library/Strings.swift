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
        return .bool(find(Array(s.utf8), Array(t.utf8), from: 0) != nil)
    }

    static func startsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .string(let t) = b else { return .noSuchOverload }
        return .bool(hasPrefix(s, t))
    }

    static func endsWith(_ a: Value, _ b: Value) -> Value {
        guard case .string(let s) = a, case .string(let t) = b else { return .noSuchOverload }
        let su = s.utf8
        let tu = t.utf8
        guard tu.count <= su.count else { return .bool(false) }
        return .bool(su.suffix(tu.count).elementsEqual(tu))
    }

    /// Byte-wise prefix test (String.hasPrefix compares by Character, which is slower
    /// and treats canonically equivalent strings as equal; CEL compares code points).
    @inline(__always) static func hasPrefix(_ s: String, _ t: String) -> Bool {
        var a = s.utf8.makeIterator()
        for byte in t.utf8 {
            guard let other = a.next(), other == byte else { return false }
        }
        return true
    }

    /// Index of `needle` in `hay` at or after `from` (byte offsets).
    static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        if needle.isEmpty { return from <= hay.count ? from : nil }
        guard hay.count >= needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        let first = needle[0]
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
