// Resolution of names against a container, shared by the checker and the planner:
// `a.b.c` in container `x.y` may mean `x.y.a.b.c`, `x.a.b.c`, `a.b.c`, or `a.b` with
// field `c`, and so on; the longest declared name wins, innermost container first.

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
    func namespacedFunction(target: Expr, function: String, isFunction: (String) -> Bool,
                            isVariable: (String) -> Bool) -> String? {
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
