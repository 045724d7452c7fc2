// List, map and object literals. Literals made only of constants are built once.

extension ClosureBuilder {
    mutating func planList(_ elements: [Expr], optionals: Set<Int>) -> Interpretable {
        if optionals.isEmpty, let constants = constantValues(elements) {
            let list = Value.list(constants)
            return { _ in list }
        }
        let planned = elements.map { plan($0) }
        return { frame in
            var out: [Value] = []
            out.reserveCapacity(planned.count)
            var failure: Value?
            for (i, element) in planned.enumerated() {
                let v = element(&frame)
                if v.isErrorOrUnknown {
                    failure = strictFailure(failure ?? v, v)
                    continue
                }
                if optionals.contains(i) {
                    guard case .optional(let inner) = v else { return .noSuchOverload }
                    if let inner { out.append(inner) }
                } else {
                    out.append(v)
                }
            }
            if let failure { return failure }
            guard frame.charge(Int64(out.count)) else { return EvalFrame.costExceeded }
            return .list(out)
        }
    }

    func constantValues(_ exprs: [Expr]) -> [Value]? {
        var values: [Value] = []
        for e in exprs {
            guard case .constant(let c) = e.kind else { return nil }
            values.append(Value(c))
        }
        return values
    }

    mutating func planMap(_ entries: [Expr.MapEntry]) -> Interpretable {
        let planned = entries.map { (plan($0.key), plan($0.value), $0.optional) }
        let build: Interpretable = { frame in
            var keys: [MapKey] = []
            var values: [Value] = []
            var failure: Value?
            for (k, v, optional) in planned {
                let key = k(&frame)
                let value = v(&frame)
                if let f = strictFailure(key, value) {
                    failure = strictFailure(failure ?? f, f)
                    continue
                }
                guard let mapKey = MapKey(key) else { return .err("unsupported key type: \(key.typeName)") }
                if optional {
                    guard case .optional(let inner) = value else { return .noSuchOverload }
                    guard let inner else { continue }
                    keys.append(mapKey)
                    values.append(inner)
                } else {
                    keys.append(mapKey)
                    values.append(value)
                }
            }
            if let failure { return failure }
            guard let map = CELMap(keys: keys, values: values) else { return .err("Failed with repeated key") }
            guard frame.charge(Int64(keys.count)) else { return EvalFrame.costExceeded }
            return .map(map)
        }
        if entries.allSatisfy({ e in
            if case .constant = e.key.kind, case .constant = e.value.kind, !e.optional { return true }
            return false
        }) {
            let value = EvalFrame.with(Activation(), slots: 0, costLimit: nil) { build(&$0) }
            return { _ in value }
        }
        return build
    }

    mutating func planObject(_ typeName: String, _ fields: [Expr.FieldEntry]) -> Interpretable {
        let resolved = resolution.candidates(typeName).first { objectTypes[$0] != nil }
        let planned = fields.map { (plan($0.value), $0.field, $0.optional) }
        guard let resolved, let type = objectTypes[resolved] else {
            let message = "unknown type '\(typeName)'"
            return { _ in .err(message) }
        }
        return { frame in
            var values: [String: Value] = [:]
            for (v, name, optional) in planned {
                let value = v(&frame)
                if value.isErrorOrUnknown { return value }
                guard type.fields[name] != nil else { return .err("no such field '\(name)'") }
                if optional {
                    guard case .optional(let inner) = value else { return .noSuchOverload }
                    if let inner { values[name] = inner }
                } else {
                    values[name] = value
                }
            }
            return .object(CELObject(typeName: resolved, fields: values))
        }
    }
}
