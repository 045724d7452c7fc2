// Names: resolution against a container (shared by the checker and the planner),
// and attribute nodes: a name chain `a.b.c` becomes one node that finds its variable
// (longest declared name first), walks the remaining fields, and reports unknown
// attribute paths during partial evaluation.

struct NameResolution: Sendable {
    let container: String

    /// `name` qualified by each enclosing container, innermost first. A leading dot
    /// means the name is already absolute.
    func candidates(_ name: String) -> [String] {
        if name.hasPrefix(".") { return [String(name.dropFirst())] }
        var result: [String] = []
        var prefix = container
        while !prefix.isEmpty {
            result.append(prefix + "." + name)
            if let dot = prefix.lastIndex(of: ".") { prefix = String(prefix[..<dot]) } else { prefix = "" }
        }
        result.append(name)
        return result
    }

    /// For a dotted name, every (qualified variable name, remaining fields) split,
    /// longest variable name first.
    func splits(_ segments: [String]) -> [(name: String, fields: [String])] {
        var out: [(String, [String])] = []
        for k in stride(from: segments.count, through: 1, by: -1) {
            let head = segments[0..<k].joined(separator: ".")
            for candidate in candidates(head) {
                out.append((candidate, Array(segments[k...])))
            }
        }
        return out
    }

    /// The global function a call denotes when its target is a name chain such as
    /// `semver` in `semver.major(v)` or `optional` in `optional.of(x)`.
    func namespacedFunction(
        target: Expr, function: String, isFunction: (String) -> Bool,
        isVariable: (String) -> Bool
    ) -> String? {
        guard let qualified = target.qualifiedName else { return nil }
        let root = qualified.hasPrefix(".") ? String(qualified.dropFirst()) : qualified
        let first = String(root.split(separator: ".").first ?? "")
        if !qualified.hasPrefix("."), isVariable(first) { return nil }
        for candidate in candidates(qualified + "." + function) where isFunction(candidate) {
            return candidate
        }
        return nil
    }

    /// The function a global call denotes.
    func globalFunction(_ function: String, isFunction: (String) -> Bool) -> String? {
        candidates(function).first(where: isFunction)
    }
}

extension ClosureBuilder {
    /// One step after the variable: a field or a constant index.
    enum Step: Sendable {
        case field(String)
        case index(Value)

        var name: String {
            switch self {
            case .field(let f): return f
            case .index(let v): return Format.text(v) ?? "?"
            }
        }
    }

    /// Splits `expr` into a root and the select/constant-index steps applied to it.
    func chain(_ expr: Expr) -> (root: Expr, steps: [Step]) {
        var steps: [Step] = []
        var current = expr
        while true {
            switch current.kind {
            case .select(let operand, let field, false):
                steps.append(.field(field))
                current = operand
            case .call(nil, "_[_]", let args) where args.count == 2:
                if case .constant(let c) = args[1].kind, case .string = c {
                    steps.append(.index(Value(c)))
                    current = args[0]
                } else {
                    return (current, steps.reversed())
                }
            default:
                return (current, steps.reversed())
            }
        }
    }

    mutating func planAttribute(_ expr: Expr) -> Interpretable {
        let (root, steps) = chain(expr)
        guard case .ident(let rootName) = root.kind else {
            // Selection on a computed value.
            guard case .select(let operand, let field, _) = expr.kind else { return plan(expr) }
            let o = plan(operand)
            return { frame in Access.select(o(&frame), field) }
        }
        if !rootName.hasPrefix("."), let slot = local(rootName) {
            if steps.isEmpty { return { frame in frame.locals[slot] } }
            let fieldSteps = steps
            return { frame in ClosureBuilder.walk(frame.locals[slot], fieldSteps) }
        }
        // Names written as fields of the root: `a.b.c` → segments a, b, c (up to the
        // first index step).
        var segments = [rootName.hasPrefix(".") ? String(rootName.dropFirst()) : rootName]
        for step in steps {
            guard case .field(let f) = step else { break }
            segments.append(f)
        }
        let absolute = rootName.hasPrefix(".")
        var splits: [(name: String, rest: [Step])] = []
        for k in stride(from: segments.count, through: 1, by: -1) {
            let head = segments[0..<k].joined(separator: ".")
            let candidates = absolute ? [head] : resolution.candidates(head)
            for candidate in candidates {
                splits.append((candidate, Array(steps[(k - 1)...])))
            }
        }
        // A type name used as a value: `int`, `list`, a declared object type.
        let fullName = segments.joined(separator: ".")
        var typeValue: Value?
        for candidate in (absolute ? [fullName] : resolution.candidates(fullName))
        where StandardLibrary.typeNames.contains(candidate) || objectTypes[candidate] != nil {
            typeValue = .type(candidate)
            break
        }
        if let declared {
            if let hit = splits.first(where: { declared.contains($0.name) }) {
                return ClosureBuilder.variable(hit.name, hit.rest)
            }
            if let typeValue, steps.count == segments.count - 1 { return { _ in typeValue } }
            let message =
                "undeclared reference to '\(fullName)'" + (resolution.container.isEmpty ? "" : " (in container '\(resolution.container)')")
            return { _ in .err(message) }
        }
        // Unchecked: resolve against the activation at run time.
        let candidates = splits
        let fallback = steps.count == segments.count - 1 ? typeValue : nil
        let message =
            "undeclared reference to '\(rootName)'" + (resolution.container.isEmpty ? "" : " (in container '\(resolution.container)')")
        return { frame in
            for candidate in candidates {
                if let value = frame.activation.pointee.lookup(candidate.name) {
                    if frame.hasUnknowns, let u = ClosureBuilder.unknown(&frame, candidate.name, candidate.rest) { return .unknown(u) }
                    return ClosureBuilder.walk(value, candidate.rest)
                }
                if frame.hasUnknowns, let u = ClosureBuilder.unknown(&frame, candidate.name, candidate.rest) { return .unknown(u) }
            }
            return fallback ?? .err(message)
        }
    }

    static func variable(_ name: String, _ steps: [Step]) -> Interpretable {
        if steps.count == 2, case .field(let f1) = steps[0], case .field(let f2) = steps[1] {
            // The common `event.payload.version` shape, unrolled.
            return { frame in
                if frame.hasUnknowns, let u = unknown(&frame, name, steps) { return .unknown(u) }
                guard let value = frame.activation.pointee.lookup(name) else { return missing(name) }
                return Access.select(Access.select(value, f1), f2)
            }
        }
        return { frame in
            if frame.hasUnknowns, let u = unknown(&frame, name, steps) { return .unknown(u) }
            guard let value = frame.activation.pointee.lookup(name) else { return missing(name) }
            return walk(value, steps)
        }
    }

    static func missing(_ name: String) -> Value {
        .err("no such attribute: '\(name)' is not bound in the activation")
    }

    static func unknown(_ frame: inout EvalFrame, _ name: String, _ steps: [Step]) -> UnknownSet? {
        var path = name.split(separator: ".").map(String.init)
        path.append(contentsOf: steps.map(\.name))
        return frame.activation.pointee.unknown(forPath: path)
    }

    @inline(__always) static func walk(_ start: Value, _ steps: [Step]) -> Value {
        var value = start
        for step in steps {
            switch step {
            case .field(let f): value = Access.select(value, f)
            case .index(let k): value = Access.index(value, k)
            }
            if case .error = value { return value }
        }
        return value
    }
}
