/// The keys each kind of mapping accepts, and how each is treated. One table per context,
/// so that "unknown key" suggestions always come from the keys that context accepts.
struct KeyTable: Sendable {
    enum Treatment: Sendable {
        /// Lowered into the IR.
        case supported
        /// Parsed by the Go tool and never acted on: accepted with a warning naming what is not done.
        case ignoredByGoTool(String)
    }

    let context: String
    let entries: [String: Treatment]
    /// Keys of neighbouring tools (GitHub Actions, the Go tool's drafts) that people write
    /// here by habit, with what to write instead: still errors, with a better hint than an
    /// edit distance can give.
    let foreignKeys: [String: String]

    init(_ context: String, supported: [String], ignored: [String: String] = [:], foreign: [String: String] = [:]) {
        self.context = context
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

    static let manifest = KeyTable("the file", supported: ["version", "artifacts", "workflows", "subscriptions"])

    static let artifact = KeyTable("an artifact", supported: ["path", "ecosystem", "description"])

    static let workflow = KeyTable(
        "a workflow", supported: ["on", "description", "inputs", "env", "secrets", "steps"], ignored: goIgnored)

    static let input = KeyTable("an input", supported: ["type", "required", "default", "description", "validation"])

    static let validation = KeyTable("a validation", supported: ["enum", "min", "max", "pattern"])

    static let step = KeyTable(
        "a step",
        supported: ["id", "name", "if", "run", "uses", "with", "env", "timeout", "continue_on_error", "produces", "on_failure"],
        ignored: goIgnored, foreign: stepHabits)

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

    static let produces = KeyTable("produces", supported: ["artifact", "outputs", "events"])

    static let event = KeyTable("an event", supported: ["type", "schema_version", "payload"])

    static let fanOut = KeyTable(
        "tako/fan-out@v1's 'with'",
        supported: ["event_type", "payload", "schema_version", "artifact", "wait_for_children", "timeout", "concurrency_limit", "fail_fast"])

    static let subscription = KeyTable(
        "a subscription", supported: ["artifact", "events", "schema_version", "filters", "workflow", "inputs"])
}
