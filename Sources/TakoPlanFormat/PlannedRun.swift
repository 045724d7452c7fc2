/// One execution of one workflow of one repository.
public struct PlannedRun: Codable, Sendable, Hashable {
    public var id: String
    public var repo: String
    public var workflow: String
    /// `RUN/STEP` of the fan-out step that starts this run; nil for the root run.
    public var parent: String?
    public var trigger: PlannedTrigger?
    public var inputs: [String: PlannedValue]
    /// The declared type of each input (`string`, `boolean`, `number`), so that a condition
    /// evaluated at run time sees `inputs.dry` as a bool and `inputs.retries` as a number.
    public var inputTypes: [String: String]
    /// The workflow's `env`, given to every step (a step's own `env` wins).
    public var env: [String: PlannedValue]
    /// Names of the secrets the workflow takes from `tako exec`'s environment. Only names:
    /// values are never written anywhere.
    public var secrets: [String]
    /// Where the workflow is declared, `owner/repo/tako.yml:LINE:COL`.
    public var provenance: String
    public var steps: [PlannedStep]
    /// The subscription's filters the compiler could not decide (they read event values
    /// that exist only at run time), as checked CEL over `event` and its aliases, several
    /// filters joined with `&&`. `tako exec` evaluates it when the run would start: false
    /// skips the run and everything it would start. nil when the run always starts (every
    /// filter decided true at plan time, or none).
    public var condition: String?
    /// The subscription's `priority`: among steps waiting for a slot, those of runs with a
    /// higher priority start first (before the critical-path order). nil when the
    /// subscription gives none; a run without one takes its parent run's.
    public var priority: Int?

    public init(
        id: String, repo: String, workflow: String, parent: String?, trigger: PlannedTrigger?,
        inputs: [String: PlannedValue], inputTypes: [String: String] = [:], env: [String: PlannedValue] = [:], secrets: [String] = [],
        provenance: String, steps: [PlannedStep], condition: String? = nil, priority: Int? = nil
    ) {
        self.condition = condition
        self.priority = priority
        self.inputTypes = inputTypes
        self.env = env
        self.secrets = secrets
        self.id = id
        self.repo = repo
        self.workflow = workflow
        self.parent = parent
        self.trigger = trigger
        self.inputs = inputs
        self.provenance = provenance
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case id, repo, workflow, parent, trigger, inputs, inputTypes = "input_types", env, secrets, provenance, steps, condition, priority
    }
}

/// Why a child run exists: the event that reached it and the subscription that matched.
public struct PlannedTrigger: Codable, Sendable, Hashable {
    public var eventType: String
    public var schemaVersion: String?
    /// `owner/repo:artifact` of the publisher.
    public var artifact: String
    /// Provenance of the matching subscription.
    public var subscription: String

    public init(eventType: String, schemaVersion: String?, artifact: String, subscription: String) {
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.artifact = artifact
        self.subscription = subscription
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type", schemaVersion = "schema_version", artifact, subscription
    }
}

/// A value known when the plan was made, or a template over values that exist only at
/// run time (step outputs, event payloads rendered from them). Encoded as
/// `{"value": "..."}` or `{"template": "..."}`.
public enum PlannedValue: Codable, Sendable, Hashable {
    case value(String)
    case template(String)

    enum CodingKeys: String, CodingKey { case value, template }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(String.self, forKey: .value) {
            self = .value(v)
        } else if let t = try c.decodeIfPresent(String.self, forKey: .template) {
            self = .template(t)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected 'value' or 'template'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .value(let v): try c.encode(v, forKey: .value)
        case .template(let t): try c.encode(t, forKey: .template)
        }
    }

    /// True when the value was known when the plan was made.
    public var isKnown: Bool {
        if case .value = self { return true }
        return false
    }
}
