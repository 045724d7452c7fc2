// Overload resolution for calls, including namespaced functions (`semver.major`),
// optional selection (`a.?b`) and receiver-style calls.

extension Checker {
    func isFunction(_ name: String) -> Bool { env.functions[name] != nil }

    func isVariableRoot(_ name: String) -> Bool {
        scopes.contains { $0.0 == name } || env.variables[name] != nil
            || env.variables.keys.contains { $0.hasPrefix(name + ".") }
    }

    mutating func checkCall(_ expr: Expr, target: Expr?, function: String, args: [Expr]) -> CELType {
        if let target, let name = resolution.namespacedFunction(
            target: target, function: function, isFunction: isFunction, isVariable: { isVariableRoot($0) }) {
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
            var message = "undeclared reference to '\(name)' (in container '\(env.container)')"
            if let s = DidYouMean.suggest(name, among: Array(env.functions.keys).filter { $0.first?.isLetter == true }) {
                message += "; did you mean '\(s)'?"
            }
            report(.undeclaredReference, message, expr)
            return .error
        }
        let actual = (receiverType.map { [$0] } ?? []) + argTypes
        if actual.contains(where: { subst.resolve($0) == .error }) { return .error }
        var results: [CELType] = []
        var firstBindings: [String: CELType]?
        let before = subst.bindings
        for overload in decl.overloads where overload.receiver == (receiver != nil) && overload.params.count == actual.count {
            subst.bindings = before
            let instantiated = subst.instantiate(overload.params + [overload.result])
            var ok = true
            for (formal, arg) in zip(instantiated.dropLast(), actual) where !subst.unify(formal, arg) {
                ok = false
                break
            }
            if ok {
                results.append(subst.apply(instantiated.last!))
                if firstBindings == nil { firstBindings = subst.bindings }
            }
        }
        subst.bindings = results.count == 1 ? firstBindings! : before
        guard !results.isEmpty else {
            let shown = argTypes.map { subst.apply($0, finalize: true).description }.joined(separator: ", ")
            let applied = receiverType.map { "\(subst.apply($0, finalize: true)).(\(shown))" } ?? "(\(shown))"
            report(.noMatchingOverload, "found no matching overload for '\(name)' applied to '\(applied)'", expr)
            return .error
        }
        if results.count == 1 { return results[0] }
        // Several overloads fit (dyn arguments): the result is their common type.
        var result = results[0]
        for r in results.dropFirst() where result != r { result = subst.join(result, r) }
        return result
    }
}
