// The inputs of one evaluation: variable values, and for partial evaluation the
// attribute paths that are not known yet.

/// Variable bindings for `Program.evaluate`.
public struct Activation: Sendable {
    public var values: [String: Value]
    /// Attribute paths that are unknown, split at dots: `steps.build.outputs.version`
    /// is `["steps", "build", "outputs", "version"]`; a `*` segment matches any field.
    public private(set) var unknownPatterns: [[String]]

    public init(_ values: [String: Value] = [:], unknown: [String] = []) {
        self.values = values
        unknownPatterns = unknown.map { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Marks an attribute path (a variable, or a variable followed by field names) unknown.
    public mutating func markUnknown(_ path: String) {
        unknownPatterns.append(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    public subscript(name: String) -> Value? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The unknown that covers `path` (or that `path` contains), if any.
    func unknown(forPath path: [String]) -> UnknownSet? {
        for pattern in unknownPatterns {
            let n = min(pattern.count, path.count)
            var match = true
            for i in 0..<n where pattern[i] != "*" && pattern[i] != path[i] {
                match = false
                break
            }
            guard match else { continue }
            // The pattern covers the path, or the path's value contains the unknown part.
            let shown = pattern.count <= path.count ? path : pattern
            return UnknownSet([shown.joined(separator: ".")])
        }
        return nil
    }
}
