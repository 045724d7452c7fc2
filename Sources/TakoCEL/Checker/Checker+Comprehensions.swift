// Typing of macros: the iteration variables' types come from the range, the
// result type from the macro's kind.

extension Checker {
    mutating func checkComprehension(_ expr: Expr, _ c: Comprehension) -> CELType {
        let rangeType = subst.resolve(check(c.range))
        var var1: CELType = .dyn
        var var2: CELType = .dyn
        var isMap = false
        switch c.kind {
        case .bind:
            var1 = rangeType
        case .optMap, .optFlatMap:
            switch rangeType {
            case .optional(let inner): var1 = inner
            case .dyn, .param, .error: var1 = .dyn
            default:
                report(.typeMismatch, "expression of type '\(subst.apply(rangeType))' cannot be the target of \(c.kind.rawValue)", c.range)
                return .error
            }
        default:
            switch rangeType {
            case .list(let e):
                if c.iterVar2 != nil {
                    var1 = .int
                    var2 = e
                } else {
                    var1 = e
                }
            case .map(let k, let v):
                isMap = true
                var1 = k
                var2 = v
            case .dyn, .param, .error, .any:
                break
            default:
                report(.typeMismatch, "expression of type '\(subst.apply(rangeType))' cannot be the range of a comprehension (must be list, map, or dynamic)", c.range)
                return .error
            }
        }
        scopes.append((c.iterVar, var1))
        if let v2 = c.iterVar2 { scopes.append((v2, var2)) }
        defer { scopes.removeLast(c.iterVar2 == nil ? 1 : 2) }
        if let p = c.predicate {
            let t = check(p)
            let saved = subst.bindings
            if !subst.unify(.bool, t) {
                subst.bindings = saved
                report(.typeMismatch, "expected type 'bool' but found '\(subst.apply(t))'", p)
            }
        }
        let transformType = c.transform.map { check($0) } ?? .dyn
        switch c.kind {
        case .all, .exists, .existsOne: return .bool
        case .map, .transformList: return .list(transformType)
        case .filter: return .list(var1)
        case .transformMap: return .map(isMap ? var1 : (c.iterVar2 == nil ? .dyn : .int), transformType)
        case .transformMapEntry:
            if case .map(let k, let v) = subst.resolve(transformType) { return .map(k, v) }
            return .map(.dyn, .dyn)
        case .optMap: return .optional(transformType)
        case .optFlatMap:
            if case .optional = subst.resolve(transformType) { return transformType }
            if subst.resolve(transformType) == .dyn { return .optional(.dyn) }
            report(.typeMismatch, "optFlatMap expects an optional result, found '\(subst.apply(transformType))'", c.transform!)
            return .error
        case .bind: return transformType
        }
    }
}
