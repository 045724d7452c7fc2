import TakoCEL

/// Conditions evaluated with TakoCEL over the run's values: `inputs`, `env` (maps of
/// strings), `steps` (`steps.ID.outputs.NAME`, strings) and `event` (`event.type`,
/// `event.payload.KEY`). Values in a plan are strings, so a condition compares strings or
/// converts them (`int(inputs.count) > 2`). The compiler checked each condition against the
/// declared types; here they are checked again against maps of `dyn`, so a plan damaged by
/// hand gets a clear error rather than a wrong answer.
public struct CELConditionEvaluator: ConditionEvaluator {
    public init() {}

    public var isAvailable: Bool { true }

    public func evaluate(_ condition: String, in scope: TemplateScope) throws -> Bool {
        var environment = Environment()
        environment.costLimit = 1_000_000
        for name in ["inputs", "env", "steps", "event"] {
            environment.declareVariable(name, .map(.string, .dyn))
        }
        let compilation = environment.compile(condition)
        guard let program = compilation.program else {
            throw ExecError(.condition, "the condition '\(condition)' does not compile: \(compilation.renderedDiagnostics)")
        }
        switch program.evaluate(Self.values(of: scope)) {
        case .value(.bool(let decided)):
            return decided
        case .value(let other):
            throw ExecError(.condition, "the condition '\(condition)' gave a \(other.typeName), not a bool")
        case .error(let error):
            throw ExecError(.condition, "the condition '\(condition)' failed: \(error.message)")
        case .unknown(let needed):
            throw ExecError(.condition, "the condition '\(condition)' needs values that do not exist: "
                + needed.sorted().joined(separator: ", "))
        }
    }

    static func values(of scope: TemplateScope) -> [String: Value] {
        func strings(_ map: [String: String]) -> Value { .map(CELMap(map.mapValues { .string($0) })) }
        var env = scope.processEnvironment
        env.merge(scope.env) { $1 }
        var steps: [String: Value] = [:]
        for (id, outputs) in scope.outputs {
            steps[id] = .map(CELMap(["outputs": strings(outputs), "status": .string(StepStatus.succeeded.rawValue)]))
        }
        for (id, status) in scope.unavailableSteps {
            steps[id] = .map(CELMap(["outputs": .map(CELMap()), "status": .string(status.rawValue)]))
        }
        var event: [String: Value] = ["payload": strings(scope.payload)]
        if let type = scope.eventType { event["type"] = .string(type) }
        return ["inputs": strings(scope.inputs), "env": strings(env), "steps": .map(CELMap(steps)), "event": .map(CELMap(event))]
    }
}
