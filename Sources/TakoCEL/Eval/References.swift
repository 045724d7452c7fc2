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
            if let target,
                resolution.namespacedFunction(
                    target: target, function: function, isFunction: isFunction,
                    isVariable: { name in scopes.contains(name) || (declared?.contains { $0 == name || $0.hasPrefix(name + ".") } ?? false)
                    }) == nil
            {
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

/// The static cost of an expression, in the runtime's units, with the sizes of the values
/// it builds: a string literal's bytes, a list literal's elements, the sum of both sides of
/// `+`, a `cel.bind` variable's size wherever it is read. Sizes that depend on variables are
/// unknown (at least 0, at most unbounded). `min` counts only what an evaluation that does
/// not fail certainly pays; the compiler refuses an expression whose `min` is over the limit.
struct CostEstimator {
    /// Bytes of a string or bytes value, or elements of a list or map.
    struct Size {
        var min: UInt64
        var max: UInt64?
        static let unknown = Size(min: 0, max: nil)
        static let zero = Size(min: 0, max: 0)
    }

    struct Estimate {
        var cost: CostEstimate
        var size: Size
    }

    let types: [Int64: CELType]
    var scopes: [(String, Size)] = []
    /// The minimum cost of every node, to find where the limit is crossed (kept only when
    /// `recording`: most expressions are far below it).
    var minimums: [Int64: UInt64] = [:]
    let recording: Bool

    init(types: [Int64: CELType], recording: Bool = false) {
        self.types = types
        self.recording = recording
    }

    static func estimate(_ expr: Expr, types: [Int64: CELType] = [:]) -> CostEstimate {
        var e = CostEstimator(types: types)
        return e.estimate(expr).cost
    }

    /// How a node's size is counted, from its checked type (or, unchecked, its constants).
    enum Measure { case bytes, elements, none }

    func measure(_ expr: Expr, operands: [Expr] = []) -> Measure {
        switch types[expr.id] {
        case .string?, .bytes?: return .bytes
        case .list?, .map?: return .elements
        case .some(let t) where t != .dyn && t != .any && t != .error: return .none
        default:
            for o in operands {
                switch o.kind {
                case .constant(.string), .constant(.bytes): return .bytes
                case .list, .map: return .elements
                default: continue
                }
            }
            return .none
        }
    }

    static func units(_ bytes: UInt64) -> UInt64 { bytes / 10 + (bytes % 10 == 0 ? 0 : 1) }

    static func units(_ size: Size, _ m: Measure) -> Size {
        switch m {
        case .bytes: return Size(min: units(size.min), max: size.max.map(units))
        case .elements: return size
        case .none: return .zero
        }
    }

    mutating func estimate(_ expr: Expr) -> Estimate {
        let e = estimateNode(expr)
        if recording { minimums[expr.id] = e.cost.min }
        return e
    }

    mutating func estimateNode(_ expr: Expr) -> Estimate {
        switch expr.kind {
        case .constant(let c):
            switch c {
            case .string(let s): return Estimate(cost: .zero, size: Size(min: UInt64(s.utf8.count), max: UInt64(s.utf8.count)))
            case .bytes(let b): return Estimate(cost: .zero, size: Size(min: UInt64(b.count), max: UInt64(b.count)))
            default: return Estimate(cost: .zero, size: .zero)
            }
        case .ident(let name):
            if let bound = scopes.last(where: { $0.0 == name }) { return Estimate(cost: .zero, size: bound.1) }
            return Estimate(cost: .zero, size: .unknown)
        case .select(let operand, _, _):
            return Estimate(cost: estimate(operand).cost, size: .unknown)
        case .call(let target, let function, let args):
            return call(expr, target: target, function: function, args: args)
        case .list(let elements, _):
            let parts = elements.map { estimate($0) }
            let constant = elements.allSatisfy { if case .constant = $0.kind { true } else { false } }
            let n = UInt64(elements.count)
            // A list of constants is built once, when the program is planned.
            let cost = constant ? CostEstimate.zero : Self.add(Self.combine(parts.map(\.cost)), n)
            return Estimate(cost: cost, size: Size(min: n, max: n))
        case .map(let entries):
            var parts: [CostEstimate] = []
            for entry in entries {
                parts.append(estimate(entry.key).cost)
                parts.append(estimate(entry.value).cost)
            }
            let n = UInt64(entries.count)
            return Estimate(cost: Self.add(Self.combine(parts), n), size: Size(min: 0, max: n))
        case .object(_, let fields):
            return Estimate(cost: Self.combine(fields.map { estimate($0.value).cost }), size: .unknown)
        case .comprehension(let c):
            return comprehension(c)
        }
    }

    mutating func call(_ expr: Expr, target: Expr?, function: String, args: [Expr]) -> Estimate {
        let operands = (target.map { [$0] } ?? []) + args
        let parts = operands.map { estimate($0) }
        switch function {
        case "_&&_", "_||_":
            // Short-circuits: at least the first operand.
            let first = parts.first?.cost ?? .zero
            return Estimate(cost: CostEstimate(min: first.min, max: Self.sum(parts.map(\.cost.max))), size: .zero)
        case "_?_:_" where parts.count == 3:
            let (c, t, f) = (parts[0], parts[1], parts[2])
            let cost = CostEstimate(
                min: c.cost.min &+ Swift.min(t.cost.min, f.cost.min),
                max: Self.sum([c.cost.max, Self.maximum(t.cost.max, f.cost.max)]))
            return Estimate(cost: cost, size: Size(min: Swift.min(t.size.min, f.size.min), max: Self.maximum(t.size.max, f.size.max)))
        case "_+_" where parts.count == 2:
            let m = measure(expr, operands: operands)
            let size =
                m == .none
                ? Size.zero : Size(min: parts[0].size.min &+ parts[1].size.min, max: Self.sum([parts[0].size.max, parts[1].size.max]))
            let extra = Self.units(size, m)
            return Estimate(cost: Self.add(Self.combine(parts.map(\.cost) + [CostEstimate(min: extra.min, max: extra.max)]), 1), size: size)
        case "size" where parts.count == 1:
            let m = measure(operands[0])
            let extra = m == .bytes ? Self.units(parts[0].size, .bytes) : Size.zero
            return Estimate(cost: Self.add(Self.combine([parts[0].cost, CostEstimate(min: extra.min, max: extra.max)]), 1), size: .zero)
        default:
            var cost = Self.add(Self.combine(parts.map(\.cost)), 1)
            // Functions whose cost follows their arguments' sizes: at least nothing more,
            // at most unbounded unless every size is known.
            if let fn = StandardLibrary.functions[function], fn.hasCost, cost.max != nil {
                let reads = parts.map { $0.size.max }
                if reads.contains(where: { $0 == nil }) || function == "replace" || function == "format" {
                    cost.max = nil
                } else {
                    let total = Self.sum(reads) ?? 0
                    cost.max = Self.sum([cost.max, 3 &* total])
                }
            }
            var size = Size.unknown
            if ["lowerAscii", "upperAscii", "trim", "reverse"].contains(function), let first = parts.first {
                size = Size(min: 0, max: first.size.max)
            }
            return Estimate(cost: cost, size: size)
        }
    }

    mutating func comprehension(_ c: Comprehension) -> Estimate {
        let range = estimate(c.range)
        if c.kind == .bind {
            scopes.append((c.iterVar, range.size))
            let body = c.transform.map { estimate($0) } ?? Estimate(cost: .zero, size: .unknown)
            scopes.removeLast()
            return Estimate(cost: Self.combine([range.cost, body.cost]), size: body.size)
        }
        scopes.append((c.iterVar, .unknown))
        if let v = c.iterVar2 { scopes.append((v, .unknown)) }
        let body = Self.combine([c.predicate, c.transform].compactMap { $0 }.map { estimate($0).cost })
        scopes.removeLast(c.iterVar2 == nil ? 1 : 2)
        var count: UInt64?
        switch c.range.kind {
        case .list(let elements, _): count = UInt64(elements.count)
        case .map(let entries): count = UInt64(entries.count)
        default: count = range.size.max
        }
        if c.kind == .optMap || c.kind == .optFlatMap { count = 1 }
        let size =
            c.kind == .map || c.kind == .filter || c.kind == .transformList || c.kind == .transformMap || c.kind == .transformMapEntry
            ? Size(min: 0, max: count) : Size.zero
        guard let count, let bodyMax = body.max, let rangeMax = range.cost.max else {
            return Estimate(cost: CostEstimate(min: range.cost.min, max: nil), size: size)
        }
        let perItem = bodyMax + 1
        let (product, overflow) = perItem.multipliedReportingOverflow(by: count)
        return Estimate(cost: CostEstimate(min: range.cost.min, max: overflow ? nil : Self.sum([rangeMax, product])), size: size)
    }

    /// The node where the minimum cost first goes over `limit`: the deepest node over it
    /// none of whose operands is.
    func culprit(_ expr: Expr, limit: UInt64) -> Expr? {
        guard (minimums[expr.id] ?? 0) > limit else { return nil }
        for child in expr.children {
            if let deeper = culprit(child, limit: limit) { return deeper }
        }
        return expr
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

    static func maximum(_ a: UInt64?, _ b: UInt64?) -> UInt64? {
        guard let a, let b else { return nil }
        return Swift.max(a, b)
    }

    static func add(_ e: CostEstimate, _ n: UInt64) -> CostEstimate {
        CostEstimate(min: e.min &+ n, max: e.max.flatMap { sum([$0, n]) })
    }
}

extension CostEstimate {
    static let zero = CostEstimate(min: 0, max: 0)
}

extension CostEstimator {
    /// The diagnostic for an expression that cannot run within `limit`, whatever its
    /// variables hold: its minimum cost alone is over it.
    static func overLimit(_ expr: Expr, types: [Int64: CELType], limit: Int64, source: SourceInfo) -> CELDiagnostic? {
        guard limit >= 0 else { return nil }
        var quick = CostEstimator(types: types)
        let minimum = quick.estimate(expr).cost.min
        guard minimum > UInt64(limit) else { return nil }
        var located = CostEstimator(types: types, recording: true)
        _ = located.estimate(expr)
        let at = located.culprit(expr, limit: UInt64(limit)) ?? expr
        let position = source.position(of: at.id) ?? SourcePosition(line: 1, column: 1, offset: 0)
        return CELDiagnostic(
            kind: .costLimit,
            message: "this expression costs at least \(grouped(minimum)) units, over the limit of "
                + "\(grouped(UInt64(limit))) per evaluation (a string costs one unit per ten bytes built or read, a list one per "
                + "element); build smaller values", position: position)
    }

    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}

extension Expr {
    /// The direct operands of this node, in source order.
    var children: [Expr] {
        switch kind {
        case .constant, .ident: return []
        case .select(let operand, _, _): return [operand]
        case .call(let target, _, let args): return (target.map { [$0] } ?? []) + args
        case .list(let elements, _): return elements
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .object(_, let fields): return fields.map(\.value)
        case .comprehension(let c): return [c.range] + [c.predicate, c.transform].compactMap { $0 }
        }
    }
}

extension Environment {
    func references(_ expr: Expr) -> (variables: Set<String>, attributes: Set<String>) {
        var c = ReferenceCollector(
            resolution: NameResolution(container: container),
            declared: checkTypes ? Set(variables.keys) : nil,
            isFunction: { functions[$0] != nil })
        c.collect(expr)
        return (c.variables, c.attributes)
    }
}

extension Program {
    /// A static estimate of the runtime cost, in the units of `Environment.costLimit`.
    public var costEstimate: CostEstimate { CostEstimator.estimate(expr, types: types) }
}
