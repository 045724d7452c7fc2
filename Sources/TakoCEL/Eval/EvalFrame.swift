// The mutable state of one evaluation: comprehension variables and the cost meter.
// A Program is immutable; each evaluation gets a fresh frame.

/// A compiled node: evaluates itself in a frame.
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

    init(activation: UnsafePointer<Activation>, slots: Int, costLimit: Int64?) {
        self.activation = activation
        hasUnknowns = !activation.pointee.unknownPatterns.isEmpty
        locals = slots == 0 ? [] : Array(repeating: .null, count: slots)
        self.costLimit = costLimit ?? .max
    }

    /// Runs `body` with a frame over `activation`.
    @inline(__always) static func with<R>(_ activation: Activation, slots: Int, costLimit: Int64?,
                                           _ body: (inout EvalFrame) -> R) -> R {
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
