// Overload resolution for calls (namespaced functions such as `semver.major`,
// optional selection, receiver-style calls) and the typing of macros.

extension Checker {
    /// `s.matches('PATTERN')` with a constant pattern: compiled now, once, so that a pattern
    /// RE2 refuses is an error at the pattern rather than at every evaluation.
    mutating func checkConstantPattern(target: Expr?, function: String, args: [Expr]) {
        guard function == "matches" else { return }
        let all = target.map { [$0] + args } ?? args
        guard all.count == 2, case .constant(.string(let pattern)) = all[1].kind else { return }
        switch CompiledRegex.compile(pattern) {
        case .success(let regex): regexes[all[1].id] = regex
        case .failure(let error): report(.invalidRegex, error.message, all[1])
        }
    }

    func isFunction(_ name: String) -> Bool { env.functions[name] != nil }

    func isVariableRoot(_ name: String) -> Bool {
        scopes.contains { $0.0 == name } || env.variables[name] != nil
            || env.variables.keys.contains { $0.hasPrefix(name + ".") }
    }

    mutating func checkCall(_ expr: Expr, target: Expr?, function: String, args: [Expr]) -> CELType {
        if let target,
            let name = resolution.namespacedFunction(
                target: target, function: function, isFunction: isFunction, isVariable: { isVariableRoot($0) })
        {
            return resolveOverload(expr, name, receiver: nil, args: args)
        }
        if target == nil, function == "_?._", args.count == 2, case .constant(.string(let field)) = args[1].kind {
            let operand = subst.resolve(check(args[0]))
            record(args[1], .string)
            let inner: CELType
            if case .optional(let o) = operand { inner = subst.resolve(o) } else { inner = operand }
            let t = selectType(expr, inner, field)
            if case .optional = subst.resolve(t) { return t }
            return .optional(t)
        }
        if let target {
            return resolveOverload(expr, function, receiver: target, args: args)
        }
        let name = resolution.globalFunction(function, isFunction: isFunction) ?? function
        return resolveOverload(expr, name, receiver: nil, args: args)
    }

    mutating func resolveOverload(_ expr: Expr, _ name: String, receiver: Expr?, args: [Expr]) -> CELType {
        let receiverType = receiver.map { check($0) }
        let argTypes = args.map { check($0) }
        guard let decl = env.functions[name] else {
            var message = "undeclared reference to '\(name)'\(inContainer)"
            let macros = [
                "all", "exists", "exists_one", "existsOne", "map", "filter", "has", "transformList",
                "transformMap", "transformMapEntry", "optMap", "optFlatMap",
            ]
            if let s = DidYouMean.suggest(name, among: Array(env.functions.keys).filter { $0.first?.isLetter == true } + macros) {
                message += "; did you mean '\(s)'?"
            }
            report(.undeclaredReference, message, expr)
            return .error
        }
        let actual = (receiverType.map { [$0] } ?? []) + argTypes
        if actual.contains(where: { subst.resolve($0) == .error }) { return .error }
        // As in cel-go and cel-cpp, overloads are tried in order and a match keeps its
        // bindings: a type variable bound by an earlier match constrains later ones.
        var results: [CELType] = []
        for overload in decl.overloads where overload.receiver == (receiver != nil) && overload.params.count == actual.count {
            let saved = subst.bindings
            let instantiated =
                overload.hasTypeParams
                ? subst.instantiate(overload.params + [overload.result]) : overload.params + [overload.result]
            var ok = true
            for (formal, arg) in zip(instantiated.dropLast(), actual) where !subst.unify(formal, arg) {
                ok = false
                break
            }
            if ok {
                results.append(instantiated.last!)
            } else {
                subst.bindings = saved
            }
        }
        guard !results.isEmpty else {
            let shown = argTypes.map { subst.apply($0, finalize: true).description }.joined(separator: ", ")
            let applied = receiverType.map { "\(subst.apply($0, finalize: true)).(\(shown))" } ?? "(\(shown))"
            let resolved = actual.map { subst.apply($0, finalize: true) }
            report(
                .noMatchingOverload,
                "found no matching overload for '\(name)' applied to '\(applied)'"
                    + numericHint(resolved, receiver.map { [$0] + args } ?? args), expr)
            return .error
        }
        if results.count == 1 { return subst.apply(results[0]) }
        // Several overloads fit (dyn arguments): their common type, else dyn.
        let finals = results.map { subst.apply($0, finalize: true) }
        var result = finals[0]
        for r in finals.dropFirst() where result != r { result = .dyn }
        return result
    }
}

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
                report(
                    .typeMismatch,
                    "expression of type '\(subst.apply(rangeType))' cannot be the range of a comprehension (must be list, map, or dynamic)",
                    c.range)
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

extension Checker {
    /// For `inputs.retries > 2` with a double on one side and an int on the other: CEL never
    /// converts between them, so say how to write it (`2.0`, or `int(inputs.retries)`).
    func numericHint(_ types: [CELType], _ operands: [Expr]) -> String {
        guard types.count == 2, Set(types.map(\.description)) == [CELType.int.description, CELType.double.description] else { return "" }
        let intSide = types[0] == .int ? 0 : 1
        let doubleSide = 1 - intSide
        let converted = Self.sourceText(operands[doubleSide]).map { "int(\($0))" } ?? "int(...)"
        if case .constant(.int(let n)) = operands[intSide].kind {
            return "; CEL does not mix double and int: write \(n).0, or convert the other side with \(converted)"
        }
        return "; CEL does not mix double and int: convert one side, with double(...) or \(converted)"
    }

    /// The text of a name or a chain of fields (`inputs.retries`), for a message; nil for
    /// anything else.
    static func sourceText(_ expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name): return name
        case .select(let operand, let field, false): return sourceText(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }
}
