// Macro expansion at parse time: has, all, exists, exists_one/existsOne, map, filter,
// the two-variable forms, transformList/transformMap(Entry), optMap/optFlatMap, cel.bind.

extension Parser {
    /// Builds a call node, expanding it when it is a macro.
    mutating func makeCall(target: Expr?, function: String, args: [Expr], offset: Int) -> Expr {
        if options.macros, let expanded = expandMacro(target: target, function: function, args: args, offset: offset) {
            return expanded
        }
        return node(.call(target: target, function: function, args: args), at: offset)
    }

    private mutating func expandMacro(target: Expr?, function: String, args: [Expr], offset: Int) -> Expr? {
        guard let target else {
            guard function == "has", args.count == 1 else { return nil }
            guard case .select(let operand, let field, false) = args[0].kind else {
                error("invalid argument to has() macro", offset: offset, kind: .invalidMacro)
                return errorNode(at: offset)
            }
            return node(.select(operand: operand, field: field, testOnly: true), at: offset)
        }
        if function == "bind", args.count == 3, case .ident("cel") = target.kind {
            guard let name = simpleName(args[0], offset: offset) else { return errorNode(at: offset) }
            return comprehension(.bind, name, nil, range: args[1], predicate: nil, transform: args[2], offset: offset)
        }
        let kind: Comprehension.Kind
        var twoVars = false
        switch (function, args.count) {
        case ("all", 2): kind = .all
        case ("all", 3): kind = .all; twoVars = true
        case ("exists", 2): kind = .exists
        case ("exists", 3): kind = .exists; twoVars = true
        case ("exists_one", 2), ("existsOne", 2): kind = .existsOne
        case ("exists_one", 3), ("existsOne", 3): kind = .existsOne; twoVars = true
        case ("map", 2), ("map", 3): kind = .map
        case ("filter", 2): kind = .filter
        case ("transformList", 3), ("transformList", 4): kind = .transformList; twoVars = true
        case ("transformMap", 3), ("transformMap", 4): kind = .transformMap; twoVars = true
        case ("transformMapEntry", 3), ("transformMapEntry", 4): kind = .transformMapEntry; twoVars = true
        case ("optMap", 2): kind = .optMap
        case ("optFlatMap", 2): kind = .optFlatMap
        default: return nil
        }
        guard let first = simpleName(args[0], offset: offset) else { return errorNode(at: offset) }
        var second: String?
        var rest = Array(args.dropFirst())
        if twoVars {
            guard let name = simpleName(args[1], offset: offset) else { return errorNode(at: offset) }
            if name == first {
                error("duplicate variable name: \(name)", offset: offset, kind: .invalidMacro)
                return errorNode(at: offset)
            }
            second = name
            rest.removeFirst()
        }
        var predicate: Expr?
        var transform: Expr?
        switch kind {
        case .all, .exists, .existsOne, .filter:
            predicate = rest[0]
        case .map, .transformList, .transformMap, .transformMapEntry:
            if rest.count == 2 {
                predicate = rest[0]
                transform = rest[1]
            } else {
                transform = rest[0]
            }
        case .optMap, .optFlatMap, .bind:
            transform = rest[0]
        }
        return comprehension(kind, first, second, range: target, predicate: predicate, transform: transform, offset: offset)
    }

    private mutating func comprehension(
        _ kind: Comprehension.Kind, _ first: String, _ second: String?, range: Expr,
        predicate: Expr?, transform: Expr?, offset: Int
    ) -> Expr {
        let c = Comprehension(
            kind: kind, iterVar: first, iterVar2: second, range: range,
            predicate: predicate, transform: transform)
        return node(.comprehension(c), at: offset)
    }

    private mutating func simpleName(_ expr: Expr, offset: Int) -> String? {
        if case .ident(let name) = expr.kind, !name.hasPrefix(".") { return name }
        error("argument must be a simple name", offset: source.offsets[expr.id] ?? offset, kind: .invalidMacro)
        return nil
    }
}
