import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoPlanFormat
import TakoResolve
import TakoTemplates

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
    static func filter(
        _ e: ExpressionDecl, eventValues: [TemplatePath: String], runtimePayload: [String],
        programs: ProgramCache = ProgramCache()
    ) -> Outcome {
        var activation = Activation(event(eventValues).values)
        for key in runtimePayload {
            activation.markUnknown("event.payload.\(key)")
            activation.markUnknown("payload.\(key)")
        }
        return evaluate(programs.filter(e.source), activation)
    }

    /// A step's `if` with the run's inputs known now; step outputs, `env` and the event's
    /// run-time parts are unknown.
    /// `site` names where the condition stands (repository, workflow, step): a condition is
    /// compiled once per site for the whole plan, however many runs evaluate it.
    static func condition(
        _ e: ExpressionDecl, workflow: WorkflowDecl, inputs: [String: PlannedValue],
        eventValues: [TemplatePath: String]?, programs: ProgramCache = ProgramCache(), site: String? = nil
    ) -> Outcome {
        // The outcome depends only on the condition's text and the values (and types) of what
        // it reads: runs that agree on them (every run reached with the same channel, in
        // whichever repository) share it.
        let memo = memoKey(e, workflow: workflow, inputs: inputs, eventValues: eventValues)
        if let memo, let known = programs.outcomes[memo] { return known }
        let outcome = evaluateCondition(e, workflow: workflow, inputs: inputs, eventValues: eventValues, programs: programs, site: site)
        if let memo { programs.outcomes[memo] = outcome }
        return outcome
    }

    /// The condition's text, then each attribute's value now (with an input's declared type),
    /// or a mark for one known only at run time; nil when the condition reads a whole root
    /// (`inputs`, `event`), which this cannot key.
    private static func memoKey(
        _ e: ExpressionDecl, workflow: WorkflowDecl, inputs: [String: PlannedValue],
        eventValues: [TemplatePath: String]?
    ) -> String? {
        var key = e.source
        for attribute in e.attributes {
            var parts = attribute.split(separator: ".").map(String.init)
            if parts.count == 1, let field = TakoEnvironment.eventAliases[parts[0]], parts[0] != "payload" { parts = ["event", field] }
            guard parts.count >= 2 else { return nil }
            switch parts[0] {
            case "inputs":
                let type = workflow.input(named: parts[1])?.type.rawValue ?? "?"
                if case .value(let v)? = inputs[parts[1]] { key += "\u{1}" + type + "\u{3}" + v } else { key += "\u{1}\u{2}" }
                continue
            case "payload": parts = ["event"] + parts
            case "steps", "env": key += "\u{1}\u{2}"; continue
            default: break
            }
            guard parts[0] == "event" else { return nil }
            let path = parts[1] == "payload" ? Array(parts.prefix(3)) : Array(parts.prefix(2))
            if let v = eventValues?[TemplatePath(path)] { key += "\u{1}" + v } else { key += "\u{1}\u{2}" }
        }
        return key
    }

    private static func evaluateCondition(
        _ e: ExpressionDecl, workflow: WorkflowDecl, inputs: [String: PlannedValue],
        eventValues: [TemplatePath: String]?, programs: ProgramCache, site: String?
    ) -> Outcome {
        let kinds = workflow.inputs.map { ($0.name.value, InputKind(rawValue: $0.type.rawValue) ?? .string) }
        let program = programs.condition(at: site) {
            let steps = Linker.allSteps(workflow.steps).map { ($0.id.value, $0.produces.outputs.map(\.name.value)) }
            return programs.condition(e.source, inputs: kinds, steps: steps)
        }
        var known: [String: Value] = [:]
        var unknown: [String] = ["steps", "env"]
        for (name, kind) in kinds {
            if case .value(let text)? = inputs[name], let v = kind.value(text) { known[name] = v } else { unknown.append("inputs.\(name)") }
        }
        var values: [String: Value] = ["inputs": .map(CELMap(known))]
        if let eventValues {
            let (eventCEL, payload) = event(eventValues)
            values.merge(eventCEL) { $1 }
            for key in e.payloadKeys where payload[key] == nil { unknown += ["event.payload.\(key)", "payload.\(key)"] }
        } else {
            unknown += ["event"] + TakoEnvironment.eventAliases.keys
        }
        var activation = Activation(values)
        for u in unknown { activation.markUnknown(u) }
        return evaluate(program, activation)
    }

    /// A template hole's text when every value it reads is known now; nil when it must wait
    /// for run time (or fails now, and will fail then with the run's context).
    static func hole(_ h: TemplateHole, known: [TemplatePath: String], kinds: [String: InputKind], programs: ProgramCache) -> String? {
        if let path = h.path {
            guard let v = known[TemplatePath(path)] else { return nil }
            if h.pipes.isEmpty { return v }
            // A path's text is the value as given ("3.50" stays "3.50" through `trim`); only
            // `json` needs its type (a number input is a JSON number).
            let typed = h.pipes.contains(.json) && path.first == "inputs" && path.count == 2
            let value: Value = typed ? (kinds[path[1]]?.value(v) ?? .string(v)) : .string(v)
            return try? TemplateRendering.render(value, pipes: h.pipes).get()
        }
        for read in h.reads where !isKnown(read, known: known, kinds: kinds) { return nil }
        guard let program = programs.hole(h.expression) else { return nil }
        var inputs: [String: Value] = [:]
        for (path, text) in known where path.segments.count == 2 && path.segments[0] == "inputs" {
            inputs[path.segments[1]] = kinds[path.segments[1]]?.value(text) ?? .string(text)
        }
        var values = event(known).values
        values["inputs"] = .map(CELMap(inputs))
        return try? TemplateRendering.render(program.evaluate(Activation(values)), pipes: h.pipes).get()
    }

    /// Whether an attribute an expression reads has its value now: an input given to the plan
    /// (all of them, for `inputs` read whole), or a part of the event known now. Step outputs,
    /// `env` and a payload read whole are known only at run time.
    private static func isKnown(_ read: String, known: [TemplatePath: String], kinds: [String: InputKind]) -> Bool {
        var segments = read.split(separator: ".").map(String.init)
        switch segments.first {
        case "payload": segments = ["event"] + segments
        case "event_type": segments = ["event", "type"]
        case "schema_version", "source": segments = ["event", segments[0]]
        case "inputs" where segments.count == 1:
            return kinds.keys.allSatisfy { known[TemplatePath(["inputs", $0])] != nil }
        default: break
        }
        if segments.count > 3 && segments[0] == "event" && segments[1] == "payload" { segments = Array(segments.prefix(3)) }
        if segments.count > 2 && segments[0] == "inputs" { segments = Array(segments.prefix(2)) }
        return known[TemplatePath(segments)] != nil
    }

    /// The event as far as the plan knows it (`event.*` paths with plan-time values), as the
    /// CEL values of `event` and its aliases, and its known payload.
    private static func event(_ eventValues: [TemplatePath: String]) -> (values: [String: Value], payload: [String: String]) {
        var payload: [String: String] = [:]
        for (path, value) in eventValues where path.segments.count == 3 && path.segments[1] == "payload" {
            payload[path.segments[2]] = value
        }
        let field = { (name: String) in eventValues[TemplatePath(["event", name])] }
        let values = TakoEnvironment.eventValues(
            type: field("type"), schemaVersion: field("schema_version"),
            source: field("source"), artifact: field("artifact"), payload: payload)
        return (values, payload)
    }

    private static func evaluate(_ program: Program?, _ activation: Activation) -> Outcome {
        guard let program else {
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

/// Compiled programs for one plan: a filter or an `if` is compiled once, not once per run
/// that evaluates it. A program depends only on its source and its environment, which for
/// a filter is always the same and for an `if` is made from its workflow's inputs and the
/// outputs of its steps (so workflows that declare the same share it).
final class ProgramCache {
    private var filterEnvironment: Environment?
    private var filters: [String: Program?] = [:]
    private var conditions: [ConditionKey: Program?] = [:]
    private var holes: [String: Program?] = [:]
    private var sites: [String: Program?] = [:]
    /// Step conditions' outcomes by site and the values they read (`ExpressionPlanning.condition`).
    var outcomes: [String: ExpressionPlanning.Outcome] = [:]

    private struct ConditionKey: Hashable {
        var inputs: [String]
        var kinds: [InputKind]
        var steps: [String]
        var outputs: [[String]]
        var source: String
    }

    init() {}

    func filter(_ source: String) -> Program? {
        if let cached = filters[source] { return cached }
        let env = filterEnvironment ?? TakoEnvironment.make(.filter)
        filterEnvironment = env
        let program = env.compile(source).program
        filters[source] = .some(program)
        return program
    }

    /// The program of the condition at `site`, made by `compile` the first time.
    func condition(at site: String?, _ compile: () -> Program?) -> Program? {
        guard let site else { return compile() }
        if let cached = sites[site] { return cached }
        let program = compile()
        sites[site] = .some(program)
        return program
    }

    /// A template hole's expression, in the evaluation environment (lowering checked its types).
    func hole(_ source: String) -> Program? {
        if let cached = holes[source] { return cached }
        let program = TakoEnvironment.evaluation.compile(source).program
        holes[source] = .some(program)
        return program
    }

    func condition(_ source: String, inputs: [(String, InputKind)], steps: [(String, [String])]) -> Program? {
        let key = ConditionKey(
            inputs: inputs.map(\.0), kinds: inputs.map(\.1), steps: steps.map(\.0), outputs: steps.map(\.1), source: source)
        if let cached = conditions[key] { return cached }
        let env = TakoEnvironment.make(ExpressionScope(inputs: inputs, steps: steps, allowsEnv: true, allowsEvent: true))
        let program = env.compile(source).program
        conditions[key] = .some(program)
        return program
    }
}
