import TakoCEL
import TakoExpressions

/// Conditions evaluated with TakoCEL over the run's values, in the shape the compiler
/// checked them in (TakoExpressions' environment): `inputs` typed by the plan's
/// `input_types` (`boolean` → bool, `number` → double, else string), `env`, `steps`
/// (`steps.ID.outputs.NAME` strings and `steps.ID.status`), `event` (`type`,
/// `schema_version`, `source`, `artifact`, `payload`) and its aliases `payload`,
/// `event_type`, `schema_version`, `source`, in TakoExpressions' evaluation environment.
///
/// The `semver.*` functions and the typing of inputs come from TakoExpressions, the same
/// library the compiler checked the condition with.
public struct CELConditionEvaluator: ConditionEvaluator {
    public init() {}

    public var isAvailable: Bool { true }

    static func environment() -> Environment { TakoEnvironment.evaluation }

    public func check(_ condition: String) throws {
        let compilation = Self.environment().compile(condition)
        if compilation.program == nil {
            throw ExecError(.condition, "the condition '\(condition)' does not compile here: \(compilation.renderedDiagnostics)")
        }
    }

    public func evaluate(_ condition: String, in scope: TemplateScope) throws -> Bool {
        let compilation = Self.environment().compile(condition)
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
            throw ExecError(
                .condition,
                "the condition '\(condition)' needs values that do not exist: "
                    + needed.sorted().joined(separator: ", "))
        }
    }

    /// An input's value as a condition sees it (TakoExpressions' typing); a text that does not
    /// fit its declared type stays a string, so the condition fails with a clear error.
    static func input(_ text: String, type: String?) -> Value {
        type.flatMap(InputKind.init(rawValue:))?.value(text) ?? .string(text)
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
        var inputs: [String: Value] = [:]
        for (name, text) in scope.inputs { inputs[name] = input(text, type: scope.inputTypes[name]) }
        var event: [String: Value] = ["payload": strings(scope.payload)]
        let fields = [
            "type": scope.eventType, "schema_version": scope.eventSchemaVersion,
            "artifact": scope.eventArtifact, "source": scope.eventSource,
        ]
        for (key, value) in fields { if let value { event[key] = .string(value) } }
        return [
            "inputs": .map(CELMap(inputs)), "env": strings(env), "steps": .map(CELMap(steps)), "event": .map(CELMap(event)),
            "payload": strings(scope.payload), "event_type": event["type"] ?? .null,
            "schema_version": event["schema_version"] ?? .null, "source": event["source"] ?? .null,
        ]
    }
}
