// A compiled, checked expression: immutable, Sendable, evaluated any number of times
// from any number of threads.

/// The result of an evaluation.
public enum EvalResult: Sendable {
    case value(Value)
    case error(CELError)
    /// Partial evaluation could not decide: these attribute paths are needed.
    case unknown(Set<String>)

    public var value: Value? {
        if case .value(let v) = self { return v }
        return nil
    }
}

public struct Program: Sendable {
    let root: Interpretable
    let slots: Int
    public let costLimit: Int64?
    /// The checked (or, unchecked, the parsed) expression tree.
    public let expr: Expr
    public let source: SourceInfo
    /// The checker's type of the whole expression (`dyn` when unchecked).
    public let resultType: CELType
    /// The checker's type of every node.
    public let types: [Int64: CELType]
    /// The environment the program was compiled in (for `referencedVariables`).
    let environment: Environment

    /// The variables the expression reads (qualified names as declared).
    public var referencedVariables: Set<String> { environment.references(expr).variables }
    /// The attribute paths the expression reads, e.g. `steps.build.outputs.version`:
    /// a variable followed by the fields selected from it.
    public var referencedAttributes: Set<String> { environment.references(expr).attributes }

    init(
        root: @escaping Interpretable, slots: Int, costLimit: Int64?, expr: Expr, source: SourceInfo,
        resultType: CELType, types: [Int64: CELType], environment: Environment
    ) {
        self.root = root
        self.slots = slots
        self.costLimit = costLimit
        self.expr = expr
        self.source = source
        self.resultType = resultType
        self.types = types
        self.environment = environment
    }

    /// Evaluates against `activation`.
    public func evaluate(_ activation: Activation = Activation()) -> EvalResult {
        let (v, exceeded) = EvalFrame.with(activation, slots: slots, costLimit: costLimit) { frame in
            (root(&frame), frame.exceeded)
        }
        if exceeded { return .error(CELError("operation cancelled: actual cost limit exceeded")) }
        switch v {
        case .error(let e): return .error(e)
        case .unknown(let u): return .unknown(u.attributes)
        default: return .value(v)
        }
    }

    /// Where in the source an evaluation error arose (the call or attribute that
    /// produced it), when known.
    public func position(of error: CELError) -> SourcePosition? {
        error.nodeID.flatMap { source.position(of: $0) }
    }

    /// Convenience: evaluates with plain variable values.
    public func evaluate(_ values: [String: Value]) -> EvalResult {
        evaluate(Activation(values))
    }

    /// The evaluation's result value alone, errors and unknowns included (fast path
    /// for benchmarks and tight loops).
    public func evaluateValue(_ activation: Activation) -> Value {
        EvalFrame.with(activation, slots: slots, costLimit: costLimit) { frame in
            let v = root(&frame)
            return frame.exceeded ? EvalFrame.costExceeded : v
        }
    }
}
