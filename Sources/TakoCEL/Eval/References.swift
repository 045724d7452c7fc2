// What an expression reads: the variables and attribute paths it references (for
// the planner: which inputs a condition needs), and a static cost estimate.

/// A static estimate of an expression's runtime cost, in the units of the cost limit.
public struct CostEstimate: Sendable, Equatable {
    public var min: UInt64
    /// nil when unbounded (a comprehension over a range of unknown size).
    public var max: UInt64?
}

struct ReferenceCollector {
    let resolution: NameResolution
    let declared: Set<String>?
    let isFunction: (String) -> Bool
    var scopes: [String] = []
    var variables: Set<String> = []
    var attributes: Set<String> = []

    mutating func collect(_ expr: Expr) {
        switch expr.kind {
        case .constant: break
        case .ident, .select(_, _, false):
            let (root, fields) = chain(expr)
            if case .ident(let name) = root.kind {
                if !name.hasPrefix("."), scopes.contains(name) { return }
                let segments = [name.hasPrefix(".") ? String(name.dropFirst()) : name] + fields
                let (variable, rest) = resolve(segments, absolute: name.hasPrefix("."))
                if declared?.contains(variable) != true, StandardLibrary.typeNames.contains(segments.joined(separator: ".")) { return }
                variables.insert(variable)
                attributes.insert(([variable] + rest).joined(separator: "."))
            } else {
                collect(root)
            }
        case .select(let operand, _, true): collect(operand)
        case .call(let target, let function, let args):
            if let target, resolution.namespacedFunction(
                target: target, function: function, isFunction: isFunction,
                isVariable: { name in scopes.contains(name) || (declared?.contains { $0 == name || $0.hasPrefix(name + ".") } ?? false) }) == nil {
                collect(target)
            }
            for a in args { collect(a) }
        case .list(let elements, _): for e in elements { collect(e) }
        case .map(let entries):
            for e in entries {
                collect(e.key)
                collect(e.value)
            }
        case .object(_, let fields): for f in fields { collect(f.value) }
        case .comprehension(let c):
            collect(c.range)
            scopes.append(c.iterVar)
            if let v = c.iterVar2 { scopes.append(v) }
            if let p = c.predicate { collect(p) }
            if let t = c.transform { collect(t) }
            scopes.removeLast(c.iterVar2 == nil ? 1 : 2)
        }
    }

    func chain(_ expr: Expr) -> (Expr, [String]) {
        var fields: [String] = []
        var current = expr
        while case .select(let operand, let field, false) = current.kind {
            fields.append(field)
            current = operand
        }
        return (current, fields.reversed())
    }

    func resolve(_ segments: [String], absolute: Bool) -> (String, [String]) {
        if let declared {
            for k in stride(from: segments.count, through: 1, by: -1) {
                let head = segments[0..<k].joined(separator: ".")
                for candidate in (absolute ? [head] : resolution.candidates(head)) where declared.contains(candidate) {
                    return (candidate, Array(segments[k...]))
                }
            }
        }
        return (segments[0], Array(segments.dropFirst()))
    }
}

enum CostEstimator {
    static func estimate(_ expr: Expr) -> CostEstimate {
        switch expr.kind {
        case .constant, .ident: return CostEstimate(min: 0, max: 0)
        case .select(let operand, _, _): return estimate(operand)
        case .call(let target, let function, let args):
            var parts = args.map(estimate)
            if let target { parts.append(estimate(target)) }
            if function == "_&&_" || function == "_||_" || function == "_?_:_" {
                // Short-circuits: at least the first operand.
                let first = parts.first ?? CostEstimate(min: 0, max: 0)
                return CostEstimate(min: first.min, max: sum(parts.map(\.max)))
            }
            return add(combine(parts), 1)
        case .list(let elements, _):
            return add(combine(elements.map(estimate)), UInt64(elements.count))
        case .map(let entries):
            return add(combine(entries.flatMap { [estimate($0.key), estimate($0.value)] }), UInt64(entries.count))
        case .object(_, let fields):
            return combine(fields.map { estimate($0.value) })
        case .comprehension(let c):
            let range = estimate(c.range)
            let body = combine([c.predicate, c.transform].compactMap { $0 }.map(estimate))
            var size: UInt64?
            switch c.range.kind {
            case .list(let elements, _): size = UInt64(elements.count)
            case .map(let entries): size = UInt64(entries.count)
            default: size = nil
            }
            if c.kind == .bind || c.kind == .optMap || c.kind == .optFlatMap { size = 1 }
            guard let size, let bodyMax = body.max, let rangeMax = range.max else {
                return CostEstimate(min: range.min, max: nil)
            }
            let perItem = bodyMax + 1
            let (product, overflow) = perItem.multipliedReportingOverflow(by: size)
            return CostEstimate(min: range.min, max: overflow ? nil : sum([rangeMax, product]))
        }
    }

    static func combine(_ parts: [CostEstimate]) -> CostEstimate {
        CostEstimate(min: parts.reduce(0) { $0 &+ $1.min }, max: sum(parts.map(\.max)))
    }

    static func sum(_ values: [UInt64?]) -> UInt64? {
        var total: UInt64 = 0
        for v in values {
            guard let v else { return nil }
            let (r, o) = total.addingReportingOverflow(v)
            if o { return nil }
            total = r
        }
        return total
    }

    static func add(_ e: CostEstimate, _ n: UInt64) -> CostEstimate {
        CostEstimate(min: e.min &+ n, max: e.max.flatMap { sum([$0, n]) })
    }
}

extension Environment {
    func references(_ expr: Expr) -> (variables: Set<String>, attributes: Set<String>) {
        var c = ReferenceCollector(resolution: NameResolution(container: container),
                                   declared: checkTypes ? Set(variables.keys) : nil,
                                   isFunction: { functions[$0] != nil })
        c.collect(expr)
        return (c.variables, c.attributes)
    }
}

extension Program {
    /// A static estimate of the runtime cost, in the units of `Environment.costLimit`.
    public var costEstimate: CostEstimate { CostEstimator.estimate(expr) }
}
