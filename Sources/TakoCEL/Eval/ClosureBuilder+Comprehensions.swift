// Macros at run time: each comprehension kind is its own loop over a list or map,
// with the iteration variables in frame slots.

extension ClosureBuilder {
    mutating func planComprehension(_ c: Comprehension) -> Interpretable {
        let range = plan(c.range)
        let slot1 = slotCount
        let slot2 = slotCount + 1
        slotCount += 2
        scopes.append((c.iterVar, slot1))
        if let v2 = c.iterVar2 { scopes.append((v2, slot2)) }
        // Planned without Optional.map, whose generic result would wrap the closures
        // in reabstraction thunks.
        var plannedPredicate: Interpretable?
        if let p = c.predicate { plannedPredicate = plan(p) }
        var plannedTransform: Interpretable?
        if let t = c.transform { plannedTransform = plan(t) }
        let predicate = plannedPredicate
        let transform = plannedTransform
        scopes.removeLast(c.iterVar2 == nil ? 1 : 2)
        let two = c.iterVar2 != nil
        let kind = c.kind

        switch kind {
        case .bind:
            let body = transform!
            return { frame in
                frame.locals[slot1] = range(&frame)
                return body(&frame)
            }
        case .optMap, .optFlatMap:
            let body = transform!
            return { frame in
                let o = range(&frame)
                guard case .optional(let inner) = o else { return o.isErrorOrUnknown ? o : .noSuchOverload }
                guard let inner else { return o }
                frame.locals[slot1] = inner
                let r = body(&frame)
                if kind == .optMap { return r.isErrorOrUnknown ? r : .optional(r) }
                if case .optional = r { return r }
                return r.isErrorOrUnknown ? r : .noSuchOverload
            }
        default:
            break
        }
        let loop: @Sendable (inout EvalFrame, Value) -> Value = { frame, r in
            let count: Int
            var items: [Value] = []
            var map = CELMap()
            switch r {
            case .list(let l): items = l; count = l.count
            case .map(let m): map = m; count = m.count
            default: return r.isErrorOrUnknown ? r : .noSuchOverload
            }
            let isMap = { if case .map = r { return true } else { return false } }()
            var failure: Value?
            var results: [Value] = []
            if kind != .all && kind != .exists && kind != .existsOne { results.reserveCapacity(count) }
            var resultKeys: [MapKey] = []
            var found = 0
            for i in 0..<count {
                guard frame.charge(1) else { return EvalFrame.costExceeded }
                if isMap {
                    frame.locals[slot1] = map.keys[i].value
                    if two { frame.locals[slot2] = map.values[i] }
                } else if two {
                    frame.locals[slot1] = .int(Int64(i))
                    frame.locals[slot2] = items[i]
                } else {
                    frame.locals[slot1] = items[i]
                }
                switch kind {
                case .all, .exists:
                    let decisive = kind == .exists
                    let p = predicate!(&frame)
                    if case .bool(let b) = p {
                        if b == decisive { return p }
                    } else if p.isErrorOrUnknown {
                        failure = strictFailure(failure ?? p, p)
                    } else {
                        failure = failure ?? .noSuchOverload
                    }
                case .existsOne:
                    let p = predicate!(&frame)
                    guard case .bool(let b) = p else { return p.isErrorOrUnknown ? p : .noSuchOverload }
                    if b { found += 1 }
                case .filter:
                    let p = predicate!(&frame)
                    guard case .bool(let b) = p else { return p.isErrorOrUnknown ? p : .noSuchOverload }
                    if b { results.append(frame.locals[slot1]) }
                case .map, .transformList, .transformMap, .transformMapEntry:
                    if let predicate {
                        let p = predicate(&frame)
                        guard case .bool(let b) = p else { return p.isErrorOrUnknown ? p : .noSuchOverload }
                        if !b { continue }
                    }
                    let t = transform!(&frame)
                    if t.isErrorOrUnknown { return t }
                    if kind == .transformMap {
                        resultKeys.append(isMap ? map.keys[i] : .int(Int64(i)))
                    }
                    results.append(t)
                default:
                    break
                }
            }
            switch kind {
            case .all, .exists: return failure ?? .bool(kind == .all)
            case .existsOne: return .bool(found == 1)
            case .transformMap:
                return CELMap(keys: resultKeys, values: results).map(Value.map) ?? .err("Failed with repeated key")
            case .transformMapEntry:
                var keys: [MapKey] = []
                var values: [Value] = []
                for entry in results {
                    guard case .map(let m) = entry, m.count == 1 else { return .noSuchOverload }
                    keys.append(m.keys[0])
                    values.append(m.values[0])
                }
                return CELMap(keys: keys, values: values).map(Value.map) ?? .err("Failed with repeated key")
            default: return .list(results)
            }
        }
        if !two, let fast = listFastPath(kind, range, predicate, transform, slot1, loop) { return fast }
        return { frame in loop(&frame, range(&frame)) }
    }

    /// Tight loops for the common one-variable macros over a list; anything else (a
    /// map range, an error or unknown range) goes to the general loop.
    func listFastPath(
        _ kind: Comprehension.Kind, _ range: @escaping Interpretable, _ predicate: Interpretable?,
        _ transform: Interpretable?, _ slot: Int,
        _ general: @escaping @Sendable (inout EvalFrame, Value) -> Value
    ) -> Interpretable? {
        switch (kind, predicate, transform) {
        case (.map, nil, let t?):
            return { frame in
                let r = range(&frame)
                guard case .list(let items) = r else { return general(&frame, r) }
                var results: [Value] = []
                results.reserveCapacity(items.count)
                for item in items {
                    guard frame.charge(1) else { return EvalFrame.costExceeded }
                    frame.locals[slot] = item
                    let v = t(&frame)
                    if v.isErrorOrUnknown { return v }
                    results.append(v)
                }
                return .list(results)
            }
        case (.filter, let p?, _):
            return { frame in
                let r = range(&frame)
                guard case .list(let items) = r else { return general(&frame, r) }
                var results: [Value] = []
                results.reserveCapacity(items.count)
                for item in items {
                    guard frame.charge(1) else { return EvalFrame.costExceeded }
                    frame.locals[slot] = item
                    switch p(&frame) {
                    case .bool(true): results.append(item)
                    case .bool(false): break
                    case let other: return other.isErrorOrUnknown ? other : .noSuchOverload
                    }
                }
                return .list(results)
            }
        case (.all, let p?, _), (.exists, let p?, _):
            let decisive = kind == .exists
            return { frame in
                let r = range(&frame)
                guard case .list(let items) = r else { return general(&frame, r) }
                var failure: Value?
                for item in items {
                    guard frame.charge(1) else { return EvalFrame.costExceeded }
                    frame.locals[slot] = item
                    let v = p(&frame)
                    if case .bool(let b) = v {
                        if b == decisive { return v }
                    } else if v.isErrorOrUnknown {
                        failure = strictFailure(failure ?? v, v)
                    } else {
                        failure = failure ?? .noSuchOverload
                    }
                }
                return failure ?? .bool(!decisive)
            }
        default:
            return nil
        }
    }
}
