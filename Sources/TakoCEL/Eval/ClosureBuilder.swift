// Turns an expression tree into a tree of closures, once per program. Names,
// functions and comprehension variables are resolved here so that evaluation does
// no lookups beyond the activation's variables. The non-strict operators (`&&`, `||`,
// `?:`, optional `or`/`orValue`) are built here too.

struct ClosureBuilder {
    let functions: [String: BuiltinFunction]
    let resolution: NameResolution
    /// Declared variables when the program was checked; nil for unchecked programs,
    /// whose names are resolved against the activation at run time.
    let declared: Set<String>?
    let objectTypes: [String: ObjectType]
    /// Constant `matches` patterns the checker already compiled, by node ID.
    var regexes: [Int64: CompiledRegex] = [:]
    /// Comprehension variables in scope: name → slot, innermost last.
    var scopes: [(String, Int)] = []
    var slotCount = 0

    func local(_ name: String) -> Int? {
        scopes.last(where: { $0.0 == name })?.1
    }

    func isVariable(_ name: String) -> Bool {
        local(name) != nil || (declared?.contains(name) ?? false)
    }

    mutating func plan(_ expr: Expr) -> Interpretable {
        switch expr.kind {
        case .constant(let c):
            let v = Value(c)
            return { _ in v }
        case .ident(let name) where !name.hasPrefix(".") && local(name) != nil:
            // A comprehension variable: read straight from its slot.
            return planAttribute(expr)
        case .ident, .select(_, _, false):
            let attribute = planAttribute(expr)
            let id = expr.id
            return { frame in attribute(&frame).located(id) }
        case .select(let operand, let field, true):
            let o = plan(operand)
            return { frame in Access.has(o(&frame), field) }
        case .call(let target, let function, let args):
            return planCall(expr, target: target, function: function, args: args)
        case .list(let elements, let optionals):
            return planList(elements, optionals: Set(optionals))
        case .map(let entries):
            return planMap(entries)
        case .object(let typeName, let fields):
            return planObject(typeName, fields)
        case .comprehension(let c):
            return planComprehension(c)
        }
    }

    mutating func planCall(_ expr: Expr, target: Expr?, function: String, args: [Expr]) -> Interpretable {
        // Namespaced global functions written like receiver calls: semver.major(x).
        if let target,
            let name = resolution.namespacedFunction(
                target: target, function: function, isFunction: { functions[$0] != nil }, isVariable: { isVariable($0) })
        {
            return planStrict(name, args, id: expr.id)
        }
        switch (target, function, args.count) {
        case (nil, "_&&_", 2): return Logic.and(plan(args[0]), plan(args[1]))
        case (nil, "_||_", 2): return Logic.or(plan(args[0]), plan(args[1]))
        case (nil, "_?_:_", 3): return Logic.conditional(plan(args[0]), plan(args[1]), plan(args[2]))
        case (nil, "@not_strictly_false", 1):
            let a = plan(args[0])
            return { frame in
                if case .bool(false) = a(&frame) { return .bool(false) }
                return .bool(true)
            }
        case (let target?, "or", 1): return Logic.optionalOr(plan(target), plan(args[0]))
        case (let target?, "orValue", 1): return Logic.optionalOrValue(plan(target), plan(args[0]))
        case (nil, "matches", 2), (.some, "matches", 1):
            let all = target.map { [$0] + args } ?? args
            if case .constant(.string(let pattern)) = all[1].kind {
                let text = plan(all[0])
                let compiled = regexes[all[1].id].map { Result<CompiledRegex, CELError>.success($0) } ?? CompiledRegex.compile(pattern)
                switch compiled {
                case .failure(let error):
                    return { frame in
                        let t = text(&frame)
                        return t.isErrorOrUnknown ? t : .error(error)
                    }
                case .success(let regex):
                    return { frame in
                        let t = text(&frame)
                        guard case .string(let s) = t else { return t.isErrorOrUnknown ? t : .noSuchOverload }
                        guard frame.charge(1 + EvalFrame.sizeCost(bytes: s.utf8.count)) else { return EvalFrame.costExceeded }
                        return .bool(regex.matches(s))
                    }
                }
            }
            // A pattern computed at run time: compiled once per evaluation (the frame keeps
            // what it compiled), so a comprehension does not compile it for every element.
            let text = plan(all[0])
            let pattern = plan(all[1])
            let id = expr.id
            return { frame in
                let t = text(&frame)
                let p = pattern(&frame)
                if let failure = strictFailure(t, p) { return failure }
                guard case .string(let s) = t, case .string(let source) = p else { return Value.noSuchOverload.located(id) }
                guard frame.charge(1 + EvalFrame.sizeCost(bytes: s.utf8.count + source.utf8.count)) else { return EvalFrame.costExceeded }
                switch frame.regex(source) {
                case .success(let regex): return .bool(regex.matches(s))
                case .failure(let error): return Value.error(error).located(id)
                }
            }
        default: break
        }
        let name: String
        if target == nil {
            name = resolution.globalFunction(function, isFunction: { functions[$0] != nil }) ?? function
        } else {
            name = function
        }
        return planStrict(name, target.map { [$0] + args } ?? args, id: expr.id)
    }

    /// A call that evaluates all its arguments and fails when one of them fails.
    /// One- and two-argument calls keep their argument closures in locals rather than
    /// an array, so calling them needs no reabstraction thunk.
    mutating func planStrict(_ name: String, _ args: [Expr], id: Int64) -> Interpretable {
        // A function whose cost follows the size of its arguments (SizeCost) is charged that
        // before it runs, so that a result too large for the budget is never built.
        if let fn = functions[name], fn.hasCost {
            let planned = args.map { plan($0) }
            guard fn.accepts(planned.count) else {
                let message = "no matching overload for '\(name)'"
                return { frame in
                    let values = planned.map { $0(&frame) }
                    return strictFailure(values) ?? Value.err(message).located(id)
                }
            }
            if planned.count == 2, let f = fn.binary, let cost = fn.binaryCost {
                let a = planned[0]
                let b = planned[1]
                return { frame in
                    let x = a(&frame)
                    let y = b(&frame)
                    if let failure = strictFailure(x, y) { return failure }
                    guard frame.charge(1 &+ cost(x, y)) else { return EvalFrame.costExceeded }
                    return f(x, y).located(id)
                }
            }
            if planned.count == 1, let f = fn.unary, let cost = fn.unaryCost {
                let a = planned[0]
                return { frame in
                    let x = a(&frame)
                    if x.isErrorOrUnknown { return x }
                    guard frame.charge(1 &+ cost(x)) else { return EvalFrame.costExceeded }
                    return f(x).located(id)
                }
            }
            return { frame in
                let values = planned.map { $0(&frame) }
                if let failure = strictFailure(values) { return failure }
                guard frame.charge(1 &+ fn.extraCost(values)) else { return EvalFrame.costExceeded }
                return fn.call(values).located(id)
            }
        }
        if let fn = functions[name], args.count == 1, let f = fn.unary {
            let a = plan(args[0])
            return { frame in
                let x = a(&frame)
                if x.isErrorOrUnknown { return x }
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return f(x).located(id)
            }
        }
        if let fn = functions[name], args.count == 2, let f = fn.binary {
            let a = plan(args[0])
            let b = plan(args[1])
            return { frame in
                let x = a(&frame)
                let y = b(&frame)
                if let failure = strictFailure(x, y) { return failure }
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return f(x, y).located(id)
            }
        }
        let planned = args.map { plan($0) }
        guard let fn = functions[name], fn.accepts(planned.count) else {
            let message = "no matching overload for '\(name)'"
            return { frame in
                let values = planned.map { $0(&frame) }
                return strictFailure(values) ?? Value.err(message).located(id)
            }
        }
        switch planned.count {
        case 0 where fn.nullary != nil:
            let f = fn.nullary!
            return { frame in
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return f().located(id)
            }
        case 1 where fn.unary != nil:
            let f = fn.unary!
            let a = planned[0]
            return { frame in
                let x = a(&frame)
                if x.isErrorOrUnknown { return x }
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return f(x).located(id)
            }
        case 2 where fn.binary != nil:
            let f = fn.binary!
            let a = planned[0]
            let b = planned[1]
            return { frame in
                let x = a(&frame)
                let y = b(&frame)
                if let failure = strictFailure(x, y) { return failure }
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return f(x, y).located(id)
            }
        default:
            return { frame in
                let values = planned.map { $0(&frame) }
                if let failure = strictFailure(values) { return failure }
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                return fn.call(values).located(id)
            }
        }
    }
}

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
