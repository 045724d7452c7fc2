// Optional values: optional.of / none / ofNonZeroValue, hasValue, value, and the
// optional forms of selection and indexing (`a.?b`, `a[?b]`, selection on an optional).

enum Optionals {
    static func isZero(_ v: Value) -> Bool {
        switch v {
        case .null: return true
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        case .string(let s): return s.isEmpty
        case .bytes(let b): return b.isEmpty
        case .list(let l): return l.isEmpty
        case .map(let m): return m.count == 0
        case .duration(let d): return d.seconds == 0 && d.nanos == 0
        case .timestamp(let t): return t.seconds == 0 && t.nanos == 0
        case .optional(let o): return o == nil
        case .object(let o): return o.storage.count == 0
        default: return false
        }
    }

    static func value(_ v: Value) -> Value {
        guard case .optional(let o) = v else { return .noSuchOverload }
        return o ?? .err("optional.none() dereference")
    }

    static func hasValue(_ v: Value) -> Value {
        guard case .optional(let o) = v else { return .noSuchOverload }
        return .bool(o != nil)
    }

    /// `x.?field`: optional.of(x.field) when present, optional.none() otherwise.
    static func select(_ operand: Value, _ field: String) -> Value {
        switch operand {
        case .optional(nil): return operand
        case .optional(let inner?): return select(inner, field)
        case .map(let m): return .optional(m.value(forString: field))
        case .object(let o): return .optional(o.field(field))
        case .error, .unknown: return operand
        default: return .err("no such key: '\(field)'")
        }
    }

    /// `x[?key]`.
    static func index(_ operand: Value, _ key: Value) -> Value {
        switch operand {
        case .optional(nil): return operand
        case .optional(let inner?): return index(inner, key)
        case .map(let m):
            guard MapKey(key, lookup: true) != nil else { return .err("unsupported key type") }
            return .optional(m.lookup(key))
        case .list(let items):
            guard let i = Access.listIndex(key) else { return .noSuchOverload }
            return .optional(i >= 0 && i < items.count ? items[i] : nil)
        default: return .noSuchOverload
        }
    }
}
