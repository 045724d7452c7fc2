import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoPlanFormat

/// Plan-time evaluation of CEL: what is known when the plan is made decides; what reads
/// run-time values is left undecided.
enum ExpressionPlanning {
    enum Outcome {
        case decided(Bool)
        case undecided(Set<String>)
        case failed(String)
    }

    /// A subscription filter over the event as far as it is known now: payload values with
    /// run-time holes are unknown.
    static func filter(_ e: ExpressionDecl, eventValues: [TemplatePath: String], runtimePayload: [String]) -> Outcome {
        var payload: [String: String] = [:]
        for (path, value) in eventValues where path.segments.count == 3 && path.segments[1] == "payload" {
            payload[path.segments[2]] = value
        }
        let field = { (name: String) in eventValues[TemplatePath(["event", name])] }
        var activation = Activation(TakoEnvironment.eventValues(type: field("type"), schemaVersion: field("schema_version"),
                                                                source: field("source"), artifact: field("artifact"), payload: payload))
        for key in runtimePayload {
            activation.markUnknown("event.payload.\(key)")
            activation.markUnknown("payload.\(key)")
        }
        return evaluate(e, in: TakoEnvironment.make(.filter), activation)
    }

    /// A step's `if` with the run's inputs known now; step outputs, `env` and the event's
    /// run-time parts are unknown.
    static func condition(_ e: ExpressionDecl, workflow: WorkflowDecl, inputs: [String: PlannedValue],
                          eventValues: [TemplatePath: String]?) -> Outcome {
        let kinds = workflow.inputs.map { ($0.name.value, InputKind(rawValue: $0.type.rawValue) ?? .string) }
        let steps = WorkflowGraph.allSteps(workflow.steps).map { ($0.id.value, $0.produces.outputs.map(\.name.value)) }.filter { !$0.1.isEmpty }
        let env = TakoEnvironment.make(ExpressionScope(inputs: kinds, steps: steps, allowsEnv: true, allowsEvent: true))
        var known: [String: Value] = [:]
        var unknown: [String] = ["steps", "env"]
        for (name, kind) in kinds {
            if case .value(let text)? = inputs[name], let v = kind.value(text) { known[name] = v } else { unknown.append("inputs.\(name)") }
        }
        var values: [String: Value] = ["inputs": .map(CELMap(known))]
        if let eventValues {
            var payload: [String: String] = [:]
            for (path, value) in eventValues where path.segments.count == 3 && path.segments[1] == "payload" { payload[path.segments[2]] = value }
            let field = { (name: String) in eventValues[TemplatePath(["event", name])] }
            values.merge(TakoEnvironment.eventValues(type: field("type"), schemaVersion: field("schema_version"), source: field("source"),
                                                     artifact: field("artifact"), payload: payload)) { $1 }
            for key in e.payloadKeys where payload[key] == nil { unknown += ["event.payload.\(key)", "payload.\(key)"] }
        } else {
            unknown += ["event"] + TakoEnvironment.eventAliases.keys
        }
        var activation = Activation(values)
        for u in unknown { activation.markUnknown(u) }
        return evaluate(e, in: env, activation)
    }

    private static func evaluate(_ e: ExpressionDecl, in env: Environment, _ activation: Activation) -> Outcome {
        guard let program = env.compile(e.source).program else {
            return .failed("it no longer compiles")
        }
        switch program.evaluate(activation) {
        case .value(.bool(let b)): return .decided(b)
        case .value(let other): return .failed("it gave a \(other.typeName), not a bool")
        case .error(let error): return .failed(error.message)
        case .unknown(let needed): return .undecided(needed)
        }
    }
}
