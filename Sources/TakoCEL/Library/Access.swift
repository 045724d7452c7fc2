// Field selection, indexing and presence tests on maps, lists and objects, and the
// optional values: optional.of / none / ofNonZeroValue, hasValue, value, and the
// optional forms of selection and indexing (`a.?b`, `a[?b]`, selection on an optional).

enum Access {
    /// An integral index from an int, uint or integral double.
    static func listIndex(_ v: Value) -> Int? {
        switch v {
        case .int(let i): return Int(exactly: i)
        case .uint(let u): return Int(exactly: u)
        case .double(let d): return Int(exactly: d)
        default: return nil
        }
    }

    @inline(__always) static func select(_ operand: Value, _ field: String) -> Value {
        switch operand {
        case .map(let m):
            if let v = m.value(forString: field) { return v }
            return .err("no such key: '\(field)'")
        case .object(let o):
            if let v = o.field(field) { return v }
            return .err("no such field '\(field)'")
        case .optional(nil): return operand
        case .optional(let inner?): return Optionals.select(inner, field)
        case .error, .unknown: return operand
        default:
            return .err("type '\(operand.typeName)' does not support field selection")
        }
    }

    static func has(_ operand: Value, _ field: String) -> Value {
        switch operand {
        case .map(let m): return .bool(m.value(forString: field) != nil)
        case .object(let o): return .bool(o.field(field) != nil)
        case .optional(nil): return .bool(false)
        case .optional(let inner?): return has(inner, field)
        case .error, .unknown: return operand
        default: return .err("invalid type for field selection: \(operand.typeName)")
        }
    }

    static func index(_ operand: Value, _ key: Value) -> Value {
        switch (operand, key) {
        case (.error, _), (.unknown, _): return operand
        case (_, .error), (_, .unknown): return key
        case (.list(let items), _):
            guard let i = listIndex(key) else {
                if case .double = key { return .err("invalid list index: \(Format.text(key) ?? "")") }
                return .noSuchOverload
            }
            guard i >= 0, i < items.count else { return .err("index out of range: \(i)") }
            return items[i]
        case (.map(let m), _):
            guard MapKey(key, lookup: true) != nil || isKeyType(key) else {
                if case .double = key { return .err("no such key: \(Format.text(key) ?? "")") }
                return .err("unsupported key type: \(key.typeName)")
            }
            return m.lookup(key) ?? .err("no such key: \(Format.text(key) ?? "")")
        case (.optional(nil), _): return operand
        case (.optional(let inner?), _): return Optionals.index(inner, key)
        default: return .noSuchOverload
        }
    }

    static func isKeyType(_ v: Value) -> Bool {
        switch v {
        case .bool, .int, .uint, .string, .double: return true
        default: return false
        }
    }
}

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
