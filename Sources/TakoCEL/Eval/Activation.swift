// The inputs of one evaluation: variable values, and for partial evaluation the
// attribute paths that are not known yet. Few variables are usual, so they are kept
// in arrays and searched linearly; many get a hash index.

/// Variable bindings for `Program.evaluate`.
public struct Activation: Sendable {
    private var names: [String] = []
    private var slots: [Value] = []
    private var index: [String: Int]?
    /// Attribute paths that are unknown, split at dots: `steps.build.outputs.version`
    /// is `["steps", "build", "outputs", "version"]`; a `*` segment matches any field.
    public private(set) var unknownPatterns: [[String]]

    public init(_ values: [String: Value] = [:], unknown: [String] = []) {
        unknownPatterns = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) { self[name] = value }
        for path in unknown { markUnknown(path) }
    }

    /// Marks an attribute path (a variable, or a variable followed by field names) unknown.
    public mutating func markUnknown(_ path: String) {
        unknownPatterns.append(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// All bindings.
    public var values: [String: Value] {
        Dictionary(uniqueKeysWithValues: zip(names, slots))
    }

    public subscript(name: String) -> Value? {
        get { lookup(name) }
        set {
            if let i = position(name) {
                if let newValue {
                    slots[i] = newValue
                } else {
                    names.remove(at: i)
                    slots.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                names.append(name)
                slots.append(newValue)
                if index != nil { index![name] = names.count - 1 } else if names.count > 8 { rebuildIndex() }
            }
        }
    }

    private mutating func rebuildIndex() {
        index = names.count > 8 ? Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }) : nil
    }

    @inline(__always) private func position(_ name: String) -> Int? {
        if let index { return index[name] }
        for i in names.indices where UTF8Bytes.equal(names[i], name) { return i }
        return nil
    }

    @inline(__always) func lookup(_ name: String) -> Value? {
        position(name).map { slots[$0] }
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
