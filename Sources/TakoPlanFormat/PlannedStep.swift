/// One step of a planned run: a shell command, or a fan-out to child runs.
public struct PlannedStep: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    /// `owner/repo/tako.yml:LINE:COL` of the step in its file.
    public var provenance: String
    /// The command for `sh -c`, with every hole known at plan time already filled in.
    public var run: PlannedValue?
    public var env: [String: PlannedValue]
    public var outputs: [PlannedOutput]
    public var fanOut: PlannedFanOut?
    public var timeoutSeconds: Int?
    public var continueOnError: Bool
    /// A CEL condition left for run time (it reads values that exist only then); nil when the
    /// step always runs. Conditions decided at plan time never reach the plan.
    public var condition: String?
    /// Steps run when this step fails, in order.
    public var onFailure: [PlannedStep]
    /// The step's `resources`: `tako exec` starts it only while the declared totals of the
    /// running steps, with it, fit `--cpus` and `--memory`. nil when it declares none.
    public var resources: PlannedResources?

    public init(
        id: String, name: String? = nil, provenance: String, run: PlannedValue? = nil, env: [String: PlannedValue] = [:],
        outputs: [PlannedOutput] = [], fanOut: PlannedFanOut? = nil, timeoutSeconds: Int? = nil, continueOnError: Bool = false,
        condition: String? = nil, onFailure: [PlannedStep] = []
    ) {
        self.condition = condition
        self.onFailure = onFailure
        self.id = id
        self.name = name
        self.provenance = provenance
        self.run = run
        self.env = env
        self.outputs = outputs
        self.fanOut = fanOut
        self.timeoutSeconds = timeoutSeconds
        self.continueOnError = continueOnError
    }

    enum CodingKeys: String, CodingKey {
        case id, name, provenance, run, env, outputs
        case fanOut = "fan_out", timeoutSeconds = "timeout_seconds", continueOnError = "continue_on_error"
        case condition, onFailure = "on_failure", resources
    }
}

/// A step's resource requests, in millicores and bytes.
public struct PlannedResources: Codable, Sendable, Hashable {
    public var cpuMillis: Int?
    public var memoryBytes: Int?

    public init(cpuMillis: Int? = nil, memoryBytes: Int? = nil) {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
    }

    enum CodingKeys: String, CodingKey {
        case cpuMillis = "cpu_millis", memoryBytes = "memory_bytes"
    }
}

/// How a step output gets its value.
public struct PlannedOutput: Codable, Sendable, Hashable {
    public enum Source: String, Codable, Sendable, Hashable {
        case stdout, stderr, file
        /// A `NAME=VALUE` line the step wrote to `$TAKO_OUTPUTS`.
        case outputsFile = "outputs_file"
    }

    public var name: String
    public var source: Source
    /// For `file`: the path inside the checkout.
    public var path: String?

    public init(name: String, source: Source, path: String? = nil) {
        self.name = name
        self.source = source
        self.path = path
    }
}

public struct PlannedEvent: Codable, Sendable, Hashable {
    public var type: String
    public var schemaVersion: String?
    /// `owner/repo:artifact` of the publisher.
    public var artifact: String
    public var payload: [String: PlannedValue]

    public init(type: String, schemaVersion: String?, artifact: String, payload: [String: PlannedValue]) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.artifact = artifact
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case type, schemaVersion = "schema_version", artifact, payload
    }
}

/// `tako/fan-out@v1`: emits the event and starts the child runs the planner matched to it.
public struct PlannedFanOut: Codable, Sendable, Hashable {
    public var event: PlannedEvent
    /// IDs of the runs this step starts, in plan order.
    public var children: [String]
    public var waitForChildren: Bool
    public var concurrencyLimit: Int?
    public var failFast: Bool
    public var timeoutSeconds: Int?

    public init(
        event: PlannedEvent, children: [String], waitForChildren: Bool = true, concurrencyLimit: Int? = nil,
        failFast: Bool = false, timeoutSeconds: Int? = nil
    ) {
        self.event = event
        self.children = children
        self.waitForChildren = waitForChildren
        self.concurrencyLimit = concurrencyLimit
        self.failFast = failFast
        self.timeoutSeconds = timeoutSeconds
    }

    enum CodingKeys: String, CodingKey {
        case event, children, waitForChildren = "wait_for_children", concurrencyLimit = "concurrency_limit"
        case failFast = "fail_fast", timeoutSeconds = "timeout_seconds"
    }
}
