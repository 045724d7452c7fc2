// What a call costs beyond its one unit, from the sizes of its arguments: strings and bytes
// one unit per ten bytes read or built, lists and maps one unit per element. It is charged
// before the call runs, so a result too large for the evaluation's budget is never built:
// a string doubled again and again stops at the cost limit, not at the machine's memory.

enum SizeCost {
    /// One unit per ten bytes, rounded up (cel-go's string traversal factor of 0.1).
    @inline(__always) static func units(_ bytes: Int) -> Int64 { EvalFrame.sizeCost(bytes: bytes) }

    /// Bytes of a string or bytes value; 0 for anything else.
    @inline(__always) static func bytes(_ v: Value) -> Int {
        switch v {
        case .string(let s): return s.utf8.count
        case .bytes(let b): return b.count
        default: return 0
        }
    }

    /// Elements of a list or map; 0 for anything else.
    @inline(__always) static func elements(_ v: Value) -> Int {
        switch v {
        case .list(let l): return l.count
        case .map(let m): return m.count
        default: return 0
        }
    }

    /// Reading a string or bytes value, or walking a list or map.
    @inline(__always) static func traversal(_ v: Value) -> Int64 {
        units(bytes(v)) + Int64(elements(v))
    }

    /// A rough size in bytes of any value, for `format`, whose output prints its arguments;
    /// lists and maps are walked at most `depth` levels deep.
    static func printedBytes(_ v: Value, depth: Int = 4) -> Int {
        switch v {
        case .string(let s): return s.utf8.count
        case .bytes(let b): return b.count * 4
        case .list(let l):
            guard depth > 0 else { return l.count * 8 }
            return l.reduce(2) { $0 &+ printedBytes($1, depth: depth - 1) &+ 2 }
        case .map(let m):
            guard depth > 0 else { return m.count * 16 }
            var total = 2
            for (k, value) in zip(m.keys, m.values) {
                total = total &+ printedBytes(k.value, depth: depth - 1) &+ printedBytes(value, depth: depth - 1) &+ 4
            }
            return total
        default: return 24
        }
    }

    /// `a + b`: the concatenated string, bytes or list.
    static let add: @Sendable (Value, Value) -> Int64 = { a, b in
        switch (a, b) {
        case (.string(let x), .string(let y)): return units(x.utf8.count + y.utf8.count)
        case (.bytes(let x), .bytes(let y)): return units(x.count + y.count)
        case (.list(let x), .list(let y)): return Int64(x.count + y.count)
        default: return 0
        }
    }

    /// Equality and ordering read both sides as far as the shorter one.
    static let compare: @Sendable (Value, Value) -> Int64 = { a, b in
        switch (a, b) {
        case (.string, .string), (.bytes, .bytes): return units(min(bytes(a), bytes(b)))
        case (.list(let x), .list(let y)): return Int64(min(x.count, y.count))
        case (.map(let x), .map(let y)): return Int64(min(x.count, y.count))
        default: return 0
        }
    }

    /// Functions that read every argument once (`contains`, `size`, `lowerAscii`, ...).
    static let readUnary: @Sendable (Value) -> Int64 = { traversal($0) }
    static let readBinary: @Sendable (Value, Value) -> Int64 = { traversal($0) + traversal($1) }
    static let readNary: @Sendable ([Value]) -> Int64 = { $0.reduce(0) { $0 + traversal($1) } }

    /// `size(x)`: a string's size counts its code points, which reads it; a list's or map's
    /// is known.
    static let size: @Sendable (Value) -> Int64 = { units(bytes($0)) }

    /// `strings.quote(s)`: up to two bytes out for every byte in.
    static let quote: @Sendable (Value) -> Int64 = { units(3 * bytes($0)) }

    /// `list.join(sep)`: the joined string (and the walk over the list).
    static let join: @Sendable ([Value]) -> Int64 = { args in
        guard case .list(let items)? = args.first else { return 0 }
        let separator = args.count > 1 ? bytes(args[1]) : 0
        var total = separator &* max(0, items.count - 1)
        for item in items { total = total &+ bytes(item) }
        return units(total) + Int64(items.count)
    }

    /// `s.replace(old, new[, n])`: the text read and the string built, whose size is counted
    /// exactly (occurrences found on the bytes) before it exists.
    static let replace: @Sendable ([Value]) -> Int64 = { args in
        guard args.count >= 3, case .string(let s) = args[0], case .string(let old) = args[1],
            case .string(let new) = args[2]
        else { return 0 }
        var limit = Int.max
        if args.count == 4, case .int(let n) = args[3], n >= 0 { limit = Int(clamping: n) }
        let occurrences: Int
        if old.isEmpty {
            // An empty pattern matches before every code point and at the end.
            occurrences = min(limit, s.unicodeScalars.count + 1)
        } else {
            occurrences = UTF8Bytes.occurrences(of: old, in: s, limit: limit)
        }
        let grown = max(0, new.utf8.count - old.utf8.count) &* occurrences
        return units(s.utf8.count) + units(s.utf8.count &+ grown)
    }

    /// `s.split(sep)`: the text read twice (searched, then copied into the parts).
    static let split: @Sendable ([Value]) -> Int64 = { args in
        guard let first = args.first else { return 0 }
        return 2 * units(bytes(first))
    }

    /// `format(list)`: the format string and what the arguments print as.
    static let format: @Sendable (Value, Value) -> Int64 = { f, list in
        units(bytes(f) &+ printedBytes(list))
    }

    /// `string(b)`, `bytes(s)`: the value copied.
    static let convert: @Sendable (Value) -> Int64 = { units(bytes($0)) }
}
