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

    init(_ context: String, supported: [String], ignored: [String: String] = [:]) {
        self.context = context
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
        ignored: goIgnored)

    static let produces = KeyTable("produces", supported: ["artifact", "outputs", "events"])

    static let event = KeyTable("an event", supported: ["type", "schema_version", "payload"])

    static let fanOut = KeyTable(
        "tako/fan-out@v1's 'with'",
        supported: ["event_type", "payload", "schema_version", "artifact", "wait_for_children", "timeout", "concurrency_limit", "fail_fast"])

    static let subscription = KeyTable(
        "a subscription", supported: ["artifact", "events", "schema_version", "filters", "workflow", "inputs"])
}
