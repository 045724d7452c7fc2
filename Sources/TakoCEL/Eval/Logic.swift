// The non-strict operators: `&&`, `||`, `?:`, and the optional `or`/`orValue`.
// `&&` and `||` are commutative in their treatment of errors and unknowns: a false
// (resp. true) on either side decides, unknowns win over errors otherwise.

enum Logic {
    static func and(_ a: @escaping Interpretable, _ b: @escaping Interpretable) -> Interpretable {
        { frame in
            let l = a(&frame)
            if case .bool(false) = l { return l }
            let r = b(&frame)
            if case .bool(let rb) = r {
                if !rb { return r }
                if case .bool = l { return l }
            }
            return combine(l, r)
        }
    }

    static func or(_ a: @escaping Interpretable, _ b: @escaping Interpretable) -> Interpretable {
        { frame in
            let l = a(&frame)
            if case .bool(true) = l { return l }
            let r = b(&frame)
            if case .bool(let rb) = r {
                if rb { return r }
                if case .bool = l { return l }
            }
            return combine(l, r)
        }
    }

    /// Neither side decided: unknowns, then errors, then a type error.
    static func combine(_ l: Value, _ r: Value) -> Value {
        if let failure = strictFailure(l, r) { return failure }
        return .err("no matching overload for logical operator")
    }

    static func conditional(_ c: @escaping Interpretable, _ t: @escaping Interpretable, _ f: @escaping Interpretable) -> Interpretable {
        { frame in
            switch c(&frame) {
            case .bool(true): return t(&frame)
            case .bool(false): return f(&frame)
            case let other: return other.isErrorOrUnknown ? other : .noSuchOverload
            }
        }
    }

    static func optionalOr(_ a: @escaping Interpretable, _ b: @escaping Interpretable) -> Interpretable {
        { frame in
            let l = a(&frame)
            switch l {
            case .optional(.some): return l
            case .optional(nil):
                let r = b(&frame)
                if case .optional = r { return r }
                return r.isErrorOrUnknown ? r : .noSuchOverload
            default: return l.isErrorOrUnknown ? l : .noSuchOverload
            }
        }
    }

    static func optionalOrValue(_ a: @escaping Interpretable, _ b: @escaping Interpretable) -> Interpretable {
        { frame in
            let l = a(&frame)
            switch l {
            case .optional(let v?): return v
            case .optional(nil): return b(&frame)
            default: return l.isErrorOrUnknown ? l : .noSuchOverload
            }
        }
    }
}
