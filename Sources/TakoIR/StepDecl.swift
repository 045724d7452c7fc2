import TakoBasics
import TakoSemver

public struct StepDecl: Sendable, Hashable {
    public var id: Located<String>
    /// True when the file gave no `id` and the step is `step-N`.
    public var idIsImplicit: Bool
    public var name: String?
    /// `if`: the step runs only when this is true.
    public var condition: ExpressionDecl?
    public var action: StepAction
    public var env: [EnvEntry]
    public var timeout: Located<DurationValue>?
    public var continueOnError: Bool
    public var produces: ProducesDecl
    public var onFailure: [StepDecl]
    /// `resources`: what the step needs while it runs; `tako exec` admits steps while the
    /// declared totals fit its `--cpus` and `--memory`.
    public var resources: Located<ResourceRequest>?
    /// The whole step in its file.
    public var range: SourceRange

    public init(
        id: Located<String>, idIsImplicit: Bool, name: String?, condition: ExpressionDecl? = nil, action: StepAction, env: [EnvEntry],
        timeout: Located<DurationValue>?, continueOnError: Bool, produces: ProducesDecl, onFailure: [StepDecl], range: SourceRange
    ) {
        self.condition = condition
        self.id = id
        self.idIsImplicit = idIsImplicit
        self.name = name
        self.action = action
        self.env = env
        self.timeout = timeout
        self.continueOnError = continueOnError
        self.produces = produces
        self.onFailure = onFailure
        self.range = range
    }
}

/// A step's `resources`, in the units of Kubernetes requests.
public struct ResourceRequest: Sendable, Hashable {
    /// `cpu: 2` is 2000, `cpu: 500m` is 500.
    public var cpuMillis: Int?
    /// `memory: 4Gi` is 4 << 30.
    public var memoryBytes: Int?

    public init(cpuMillis: Int? = nil, memoryBytes: Int? = nil) {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
    }
}

public enum StepAction: Sendable, Hashable {
    /// A shell command for `sh -c`.
    case run(Template)
    /// `uses: tako/fan-out@v1`. Boxed: a fan-out is a few hundred bytes, and most steps
    /// run a command (every step of an organisation is kept until the plan is written).
    indirect case fanOut(FanOutDecl)
}

public struct ProducesDecl: Sendable, Hashable {
    public var artifact: Located<String>?
    public var outputs: [OutputDecl]
    public var events: [EventDecl]

    public init(artifact: Located<String>? = nil, outputs: [OutputDecl] = [], events: [EventDecl] = []) {
        self.artifact = artifact
        self.outputs = outputs
        self.events = events
    }
}

public struct OutputDecl: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case stdout, stderr
        case file(String)
        /// A `NAME=VALUE` line in the `$TAKO_OUTPUTS` file.
        case outputsFile
    }

    public var name: Located<String>
    public var source: Source

    public init(name: Located<String>, source: Source) {
        self.name = name
        self.source = source
    }
}

public struct PayloadEntry: Sendable, Hashable {
    public var key: Located<String>
    public var value: Template

    public init(key: Located<String>, value: Template) {
        self.key = key
        self.value = value
    }
}

/// An event a step declares under `produces.events`.
public struct EventDecl: Sendable, Hashable {
    public var type: Located<String>
    public var schemaVersion: Located<String>?
    /// The versions `schemaVersion` declares: exactly one for `1.2.0`, several for a range
    /// such as `^1.2` (a publisher that may emit any of them).
    public var schemaVersions: VersionRange?
    public var payload: [PayloadEntry]
    public var range: SourceRange

    public init(
        type: Located<String>, schemaVersion: Located<String>?, schemaVersions: VersionRange? = nil, payload: [PayloadEntry],
        range: SourceRange
    ) {
        self.schemaVersions = schemaVersions
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.range = range
    }
}

/// `tako/fan-out@v1` with its parameters resolved to defaults. The event is either
/// declared by an earlier step (`declaredBy`) or given inline (`inline`).
public struct FanOutDecl: Sendable, Hashable {
    public var eventType: Located<String>
    /// The event as emitted: the earlier step's declaration, or the inline one.
    public var event: EventDecl
    /// The step whose `produces.events` declares the event, when not inline.
    public var declaredBy: String?
    /// The publishing artifact's name (explicit, the declaring step's, the only one, or `default`).
    public var artifact: String
    public var waitForChildren: Bool
    public var timeout: Located<DurationValue>?
    public var concurrencyLimit: Int?
    public var failFast: Bool

    public init(
        eventType: Located<String>, event: EventDecl, declaredBy: String?, artifact: String, waitForChildren: Bool,
        timeout: Located<DurationValue>?, concurrencyLimit: Int?, failFast: Bool
    ) {
        self.eventType = eventType
        self.event = event
        self.declaredBy = declaredBy
        self.artifact = artifact
        self.waitForChildren = waitForChildren
        self.timeout = timeout
        self.concurrencyLimit = concurrencyLimit
        self.failFast = failFast
    }
}
