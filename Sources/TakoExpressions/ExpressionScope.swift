import TakoBasics
import TakoCEL

/// The declared type of a workflow input, as CEL sees it.
public enum InputKind: String, Sendable, Hashable {
    case string, boolean, number

    public var celType: CELType {
        switch self {
        case .string: .string
        case .boolean: .bool
        case .number: .double
        }
    }

    /// The value a condition sees for an input whose plan value is `text`; nil when the text
    /// does not fit the type.
    public func value(_ text: String) -> Value? {
        switch self {
        case .string: return .string(text)
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        case .number: return Double(text).map(Value.double)
        }
    }
}

/// What an expression may read where it stands (language.md §6).
public struct ExpressionScope: Sendable {
    /// The workflow's inputs with their types; nil where inputs are not available.
    public var inputs: [(name: String, kind: InputKind)]?
    /// Steps that have run before this point, with the outputs each declares; nil where steps
    /// are not available.
    public var steps: [(id: String, outputs: [String])]?
    public var allowsEnv: Bool
    /// `event` and its aliases (`payload`, `event_type`, `schema_version`, `source`).
    public var allowsEvent: Bool

    public init(inputs: [(name: String, kind: InputKind)]?, steps: [(id: String, outputs: [String])]?, allowsEnv: Bool, allowsEvent: Bool) {
        self.inputs = inputs
        self.steps = steps
        self.allowsEnv = allowsEnv
        self.allowsEvent = allowsEvent
    }

    /// A subscription filter: the event only.
    public static let filter = ExpressionScope(inputs: nil, steps: nil, allowsEnv: false, allowsEvent: true)
}

/// The CEL environment tako's expressions are checked and evaluated in.
public enum TakoEnvironment {
    public static let eventTypeName = "tako.Event"
    public static let eventFields = ["type", "schema_version", "source", "artifact", "payload"]
    /// The tako files' short names for parts of the event.
    public static let eventAliases = ["payload": "payload", "event_type": "type", "schema_version": "schema_version", "source": "source"]

    /// The standard library with the semver functions, declared once: every environment
    /// starts from a copy of it and shares its function tables (declaring the functions in
    /// each new environment copied both tables, for every expression of every file).
    private static let base: Environment = {
        var env = Environment()
        for f in SemverLibrary.functions { env.declareFunction(f) }
        return env
    }()

    public static func make(_ scope: ExpressionScope, costLimit: Int64 = 1_000_000) -> Environment {
        var env = base
        env.costLimit = costLimit
        if scope.allowsEvent {
            var fields: [String: CELType] = ["payload": .map(.string, .string)]
            for f in eventFields where f != "payload" { fields[f] = .string }
            env.declareType(ObjectType(name: eventTypeName, fields: fields))
            env.declareVariable("event", .object(eventTypeName))
            for (alias, field) in eventAliases { env.declareVariable(alias, fields[field]!) }
        }
        if scope.allowsEnv { env.declareVariable("env", .map(.string, .string)) }
        if let inputs = scope.inputs {
            if inputs.allSatisfy({ Identifier.isValid($0.name) }) {
                env.declareType(
                    ObjectType(name: "tako.Inputs", fields: Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.kind.celType) })))
                env.declareVariable("inputs", .object("tako.Inputs"))
            } else {
                env.declareVariable("inputs", .map(.string, .dyn))
            }
        }
        // What GitHub Actions calls a step's `outcome` or `conclusion` is its `status` here.
        env.fieldHints = ["outcome": "status", "conclusion": "status", "output": "outputs", "result": "status"]
        if let inputs = scope.inputs {
            for input in inputs where Identifier.isValid(input.name) { env.nameHints[input.name] = "inputs.\(input.name)" }
        }
        if var steps = scope.steps {
            // Every earlier step has a status (`steps.ID.status`), outputs or not. A step
            // without an id of its own (`step-2`) cannot be named with a dot: left out, so
            // that it does not make the other steps untyped.
            steps = steps.filter { Identifier.isValid($0.id) || !$0.outputs.isEmpty }
            if steps.allSatisfy({ Identifier.isValid($0.id) && $0.outputs.allSatisfy(Identifier.isValid) }) {
                var stepFields: [String: CELType] = [:]
                for step in steps {
                    let outputs = ObjectType(
                        name: "tako.Outputs.\(step.id)", fields: Dictionary(uniqueKeysWithValues: step.outputs.map { ($0, .string) }))
                    env.declareType(outputs)
                    env.declareType(
                        ObjectType(name: "tako.Step.\(step.id)", fields: ["outputs": .object(outputs.name), "status": .string]))
                    stepFields[step.id] = .object("tako.Step.\(step.id)")
                }
                env.declareType(ObjectType(name: "tako.Steps", fields: stepFields))
                env.declareVariable("steps", .object("tako.Steps"))
            } else {
                env.declareVariable("steps", .map(.string, .dyn))
            }
        }
        return env
    }

    /// The environment plans and `tako exec` evaluate in: the compiler already checked every
    /// expression against the declared types, so the names are maps of `dyn` here, and a
    /// plan damaged by hand still gets a clear error rather than a wrong answer.
    public static let evaluation: Environment = {
        var environment = base
        environment.costLimit = 1_000_000
        for name in ["inputs", "env", "steps", "event"] { environment.declareVariable(name, .map(.string, .dyn)) }
        environment.declareVariable("payload", .map(.string, .string))
        for name in ["event_type", "schema_version", "source"] { environment.declareVariable(name, .dyn) }
        return environment
    }()

    /// The `event` value and its aliases, for an activation.
    public static func eventValues(
        type: String?, schemaVersion: String?, source: String?, artifact: String?, payload: [String: String]
    ) -> [String: Value] {
        var fields: [String: Value] = ["payload": .map(CELMap(payload.mapValues(Value.string)))]
        if let type { fields["type"] = .string(type) }
        if let schemaVersion { fields["schema_version"] = .string(schemaVersion) }
        if let source { fields["source"] = .string(source) }
        if let artifact { fields["artifact"] = .string(artifact) }
        var values: [String: Value] = ["event": .object(CELObject(typeName: eventTypeName, fields: fields))]
        for (alias, field) in eventAliases { if let v = fields[field] { values[alias] = v } }
        return values
    }
}
