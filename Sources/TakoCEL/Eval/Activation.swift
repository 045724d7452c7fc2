// The inputs of one evaluation (variable values and, for partial evaluation, the
// attribute paths not known yet) and the frame that carries them, with the
// comprehension variables and the cost meter, down the tree of closures.

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

typealias Interpretable = @Sendable (inout EvalFrame) -> Value

/// Lives on the stack of `Program.evaluate` and is passed down by reference (inout),
/// so an evaluation allocates nothing for its own bookkeeping.
struct EvalFrame {
    /// The caller's activation, valid for the duration of the evaluation.
    let activation: UnsafePointer<Activation>
    let hasUnknowns: Bool
    var locals: [Value]
    var cost: Int64 = 0
    let costLimit: Int64
    var exceeded = false
    /// Patterns `matches` compiled during this evaluation (computed ones; constant patterns
    /// are compiled with the program).
    var regexes: [String: CompiledRegex] = [:]

    init(activation: UnsafePointer<Activation>, slots: Int, costLimit: Int64?) {
        self.activation = activation
        hasUnknowns = !activation.pointee.unknownPatterns.isEmpty
        locals = slots == 0 ? [] : Array(repeating: .null, count: slots)
        self.costLimit = costLimit ?? .max
    }

    /// Runs `body` with a frame over `activation`.
    @inline(__always) static func with<R>(
        _ activation: Activation, slots: Int, costLimit: Int64?,
        _ body: (inout EvalFrame) -> R
    ) -> R {
        withUnsafePointer(to: activation) { pointer in
            var frame = EvalFrame(activation: pointer, slots: slots, costLimit: costLimit)
            return body(&frame)
        }
    }

    /// Charges `amount`; false once the budget is spent.
    @inline(__always) mutating func charge(_ amount: Int64) -> Bool {
        cost &+= amount
        if cost > costLimit {
            exceeded = true
            return false
        }
        return true
    }

    static let costExceeded = Value.err("operation cancelled: actual cost limit exceeded")

    /// What reading or producing `bytes` bytes of string costs: one unit per ten bytes,
    /// rounded up (cel-go's traversal factor of 0.1).
    @inline(__always) static func sizeCost(bytes: Int) -> Int64 { Int64((bytes + 9) / 10) }

    /// `pattern` compiled, at most once per evaluation.
    mutating func regex(_ pattern: String) -> Result<CompiledRegex, CELError> {
        if let known = regexes[pattern] { return .success(known) }
        let compiled = CompiledRegex.compile(pattern)
        if case .success(let regex) = compiled, regexes.count < 64 { regexes[pattern] = regex }
        return compiled
    }
}

/// Merges the error and unknown outcomes of strict arguments: unknowns win over
/// errors, and several unknowns are merged.
@inline(__always) func strictFailure(_ a: Value, _ b: Value) -> Value? {
    switch (a, b) {
    case (.unknown(let x), .unknown(let y)): return .unknown(x.merged(y))
    case (.unknown, _): return a
    case (_, .unknown): return b
    case (.error, _): return a
    case (_, .error): return b
    default: return nil
    }
}

func strictFailure(_ values: [Value]) -> Value? {
    var failure: Value?
    for v in values {
        switch v {
        case .unknown(let u):
            if case .unknown(let prior)? = failure { failure = .unknown(prior.merged(u)) } else { failure = v }
        case .error:
            if failure == nil { failure = v }
        default: break
        }
    }
    return failure
}
