/// The keys each kind of mapping accepts, and how each is treated. One table per context,
/// so that "unknown key" suggestions always come from the keys that context accepts.
struct KeyTable: Sendable {
    enum Treatment: Sendable {
        /// Lowered into the IR.
        case supported
        /// Parsed by the Go tool and never acted on: accepted with a warning naming what is not done.
        case ignoredByGoTool(String)
    }

    /// A key this project reads that the Go tool had no field for, in a file of the Go dialect.
    enum GoKey: Sendable {
        /// Read as here (it changes no run), with a warning: kept by `takoc migrate`.
        case kept(String)
        /// Not read, as by the Go tool, with a warning: commented out by `takoc migrate`.
        case dropped(String)

        var hint: String {
            switch self {
            case .kept(let h), .dropped(let h): return h
            }
        }
    }

    let context: String
    let entries: [String: Treatment]
    /// In the Go dialect: this project's keys the Go tool dropped.
    var goDialect: [String: GoKey] = [:]
    /// In the Go dialect: what a key the Go tool dropped was probably meant to say.
    var goHabits: [String: String] = [:]
    /// Keys of neighbouring tools (GitHub Actions, the Go tool's drafts) that people write
    /// here by habit, with what to write instead: still errors, with a better hint than an
    /// edit distance can give.
    let foreignKeys: [String: String]

    init(
        _ context: String, supported: [String], ignored: [String: String] = [:], foreign: [String: String] = [:],
        goDialect: [String: GoKey] = [:], goHabits: [String: String] = [:]
    ) {
        self.context = context
        self.goDialect = goDialect
        self.goHabits = goHabits
        self.foreignKeys = foreign
        var entries: [String: Treatment] = [:]
        for key in supported { entries[key] = .supported }
        for (key, why) in ignored { entries[key] = .ignoredByGoTool(why) }
        self.entries = entries
    }

    var allKeys: [String] { entries.keys.sorted() }
}

enum KeyTables {

    /// Keys the Go tool parsed and never acted on (language.md §1), where it accepted them.
    static let goIgnored = [
        "image": "steps run with sh -c on the machine running tako exec, not in a container image",
        "resources": "resource limits are not enforced",
        "long_running": "long-running steps are not treated differently",
        "cache_key_files": "step caching is not done",
        "network": "network settings are not applied",
        "capabilities": "capabilities are not applied",
        "volumes": "volumes are not mounted",
        "security_profile": "security profiles are not applied",
    ]

    static let manifest = KeyTable(
        "the file", supported: ["version", "artifacts", "workflows", "subscriptions"],
        goHabits: [
            "dependents": "'subscriptions' in each dependent repository's tako.yml, to the events this repository publishes",
            "metadata": "free-form data, which this project keeps under a key starting with 'x-' (such as 'x-metadata')",
            "repos": "each repository's own tako.yml; a file describes one repository and names others only in 'subscriptions'",
            "events": "events declared where a step publishes them, under 'produces.events' or a 'tako/fan-out@v1' step's 'with'",
            "name": "the repository's name, which comes from the cache (owner/repo), not from the file",
            "description": "a YAML comment; the file has no description",
        ])

    static let artifact = KeyTable(
        "an artifact", supported: ["path", "ecosystem", "description"],
        goDialect: ["description": .kept("a description, which this project shows and keeps")])

    static let workflow = KeyTable(
        "a workflow", supported: ["on", "description", "inputs", "env", "secrets", "steps"], ignored: goIgnored,
        goDialect: ["description": .kept("a description, which this project shows and keeps")])

    static let input = KeyTable("an input", supported: ["type", "required", "default", "description", "validation"])

    static let validation = KeyTable(
        "a validation", supported: ["enum", "min", "max", "pattern"],
        goDialect: [
            "pattern": .dropped("a regular expression the value must match, which this project checks once the file says version \"1\"")
        ])

    static let step = KeyTable(
        "a step",
        supported: [
            "id", "name", "if", "run", "uses", "with", "env", "timeout", "continue_on_error", "produces", "on_failure", "resources",
        ],
        ignored: goIgnored.filter { $0.key != "resources" }, foreign: stepHabits,
        goDialect: [
            "resources": .kept("the step's resource requests, which tako exec admits steps by (--cpus, --memory)"),
            "name": .kept("a label for the step, which this project shows in plans and keeps"),
            "timeout": .dropped("a time limit for the step, which this project applies once the file says version \"1\""),
            "continue_on_error": .dropped(
                "letting the workflow go on after this step fails, which this project does once the file says version \"1\""),
        ])

    static let stepHabits = [
        "timeout-minutes": "write a duration: 'timeout: 5m'",
        "timeout_minutes": "write a duration: 'timeout: 5m'",
        "working-directory": "steps run at the root of the repository's checkout; write 'cd DIR && ...' in 'run'",
        "working_directory": "steps run at the root of the repository's checkout; write 'cd DIR && ...' in 'run'",
        "shell": "steps run with 'sh -c'; call another shell from 'run'",
        "needs": "the steps of a workflow run in order; another repository's workflow is started through a subscription",
        "depends_on": "the steps of a workflow run in order; another repository's workflow is started through a subscription",
        "outputs": "declare outputs under 'produces: { outputs: ... }'",
        "events": "declare events under 'produces: { events: ... }'",
    ]

    static let resources = KeyTable("a step's resources", supported: ["cpu", "memory"])

    static let produces = KeyTable("produces", supported: ["artifact", "outputs", "events"])

    static let event = KeyTable("an event", supported: ["type", "schema_version", "payload"])

    static let fanOut = KeyTable(
        "tako/fan-out@v1's 'with'",
        supported: [
            "event_type", "payload", "schema_version", "artifact", "wait_for_children", "timeout", "concurrency_limit", "fail_fast",
        ],
        goDialect: [
            "fail_fast": .dropped(
                "cancelling the other child runs when one fails, which this project does once the file says version \"1\"")
        ])

    static let subscription = KeyTable(
        "a subscription", supported: ["artifact", "events", "schema_version", "filters", "workflow", "inputs", "priority"])
}
