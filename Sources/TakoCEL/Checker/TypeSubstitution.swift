// Type inference: a substitution from type variables to types, with unification
// that treats `dyn` as compatible with everything (as cel-go's checker does).

struct TypeSubstitution {
    var bindings: [String: CELType] = [:]
    var counter = 0

    mutating func fresh() -> CELType {
        counter += 1
        return .param("_var\(counter)")
    }

    /// Replaces the type parameters of an overload by fresh variables.
    mutating func instantiate(_ types: [CELType]) -> [CELType] {
        var renaming: [String: CELType] = [:]
        func rename(_ t: CELType) -> CELType {
            switch t {
            case .param(let name):
                if let r = renaming[name] { return r }
                let r = fresh()
                renaming[name] = r
                return r
            case .list(let e): return .list(rename(e))
            case .map(let k, let v): return .map(rename(k), rename(v))
            case .optional(let e): return .optional(rename(e))
            case .type(let e): return .type(e.map(rename))
            case .opaque(let n, let ps): return .opaque(n, ps.map(rename))
            default: return t
            }
        }
        return types.map(rename)
    }

    /// Follows bindings at the top level.
    func resolve(_ t: CELType) -> CELType {
        var current = t
        while case .param(let name) = current, let bound = bindings[name] { current = bound }
        return current
    }

    /// Applies the substitution everywhere; unbound variables become `dyn` when
    /// `finalize` is set.
    func apply(_ t: CELType, finalize: Bool = false) -> CELType {
        switch resolve(t) {
        case .param(let name): return finalize && name.hasPrefix("_var") ? .dyn : .param(name)
        case .list(let e): return .list(apply(e, finalize: finalize))
        case .map(let k, let v): return .map(apply(k, finalize: finalize), apply(v, finalize: finalize))
        case .optional(let e): return .optional(apply(e, finalize: finalize))
        case .type(let e): return .type(e.map { apply($0, finalize: finalize) })
        case .opaque(let n, let ps): return .opaque(n, ps.map { apply($0, finalize: finalize) })
        case let other: return other
        }
    }

    func occurs(_ name: String, in t: CELType) -> Bool {
        switch resolve(t) {
        case .param(let n): return n == name
        case .list(let e), .optional(let e): return occurs(name, in: e)
        case .map(let k, let v): return occurs(name, in: k) || occurs(name, in: v)
        case .type(let e): return e.map { occurs(name, in: $0) } ?? false
        case .opaque(_, let ps): return ps.contains { occurs(name, in: $0) }
        default: return false
        }
    }

    /// Whether a value of type `actual` may be passed where `formal` is expected,
    /// binding variables as needed. On failure the bindings may be partial: callers
    /// snapshot and restore.
    mutating func unify(_ formal: CELType, _ actual: CELType) -> Bool {
        // A type variable already bound widens to the more general type, so that
        // `b ? true : dyn(x)` is dyn rather than bool (as in cel-go and cel-cpp).
        if case .param(let name) = formal, let bound = bindings[name], !isParam(actual) {
            guard unify(bound, actual) else { return false }
            let general = mostGeneral(bound, actual)
            if general != resolve(bound) { bindings[name] = general }
            return true
        }
        let a = resolve(formal)
        let b = resolve(actual)
        if a == b { return true }
        if case .param(let n) = a {
            if occurs(n, in: b) { return false }
            bindings[n] = b
            return true
        }
        if case .param(let n) = b {
            if occurs(n, in: a) { return false }
            bindings[n] = a
            return true
        }
        switch (a, b) {
        case (.dyn, _), (_, .dyn), (.error, _), (_, .error): return true
        case (.any, _): return true
        case (.object, .null), (.timestamp, .null), (.duration, .null), (.optional, .null),
            (.null, .object), (.null, .timestamp), (.null, .duration), (.null, .optional):
            return true
        case (.list(let x), .list(let y)), (.optional(let x), .optional(let y)): return unify(x, y)
        case (.map(let k1, let v1), .map(let k2, let v2)): return unify(k1, k2) && unify(v1, v2)
        case (.type, .type):
            // Type values compare across types: `type(1) == type(1u)` is false, not an error.
            return true
        case (.opaque(let n1, let p1), .opaque(let n2, let p2)):
            guard n1 == n2, p1.count == p2.count else { return false }
            for (x, y) in zip(p1, p2) where !unify(x, y) { return false }
            return true
        default: return false
        }
    }

    func isParam(_ t: CELType) -> Bool {
        if case .param = t { return true }
        return false
    }

    /// The more general of two compatible types, `dyn` winning at any depth.
    func mostGeneral(_ x: CELType, _ y: CELType) -> CELType {
        let a = resolve(x)
        let b = resolve(y)
        switch (a, b) {
        case (.dyn, _), (_, .dyn): return .dyn
        case (.list(let p), .list(let q)): return .list(mostGeneral(p, q))
        case (.optional(let p), .optional(let q)): return .optional(mostGeneral(p, q))
        case (.map(let k1, let v1), .map(let k2, let v2)): return .map(mostGeneral(k1, k2), mostGeneral(v1, v2))
        case (.opaque(let n, let p1), .opaque(_, let p2)) where p1.count == p2.count:
            return .opaque(n, zip(p1, p2).map { mostGeneral($0.0, $0.1) })
        case (.param, _): return b
        default: return a
        }
    }

    /// The element type of a literal after adding an element of type `t`.
    mutating func join(_ current: CELType, _ t: CELType) -> CELType {
        let saved = bindings
        if unify(current, t) { return mostGeneral(current, t) }
        bindings = saved
        return .dyn
    }
}
