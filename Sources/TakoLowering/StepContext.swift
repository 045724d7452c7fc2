import TakoBasics
import TakoExpressions
import TakoIR

/// What the steps of one workflow know about each other while they are lowered in order:
/// every id (to catch duplicates and later references), and the outputs and events of the
/// steps already lowered.
struct StepContext {
    let inputs: [String]
    /// The inputs with their types, for conditions.
    var inputKinds: [(name: String, kind: InputKind)] = []
    /// Whether a subscription of this file starts the workflow (then `event` is in scope).
    var subscribed = false
    let artifacts: [String]
    /// Every step id of the list being lowered, in order.
    var ids: [String]
    /// Ids already claimed in this workflow, with where.
    var claimed: [String: SourceRange] = [:]
    /// Steps lowered so far, in order, with their outputs.
    var done: [(id: String, outputs: [String])] = []
    /// Events declared by the steps lowered so far: type → (step, event, artifact).
    var events: [String: (step: String, event: EventDecl, artifact: String?)] = [:]

    init(inputs: [String], artifacts: [String], ids: [String]) {
        self.inputs = inputs
        self.artifacts = artifacts
        self.ids = ids
    }

    /// Records a step id, reporting a duplicate against the first.
    mutating func claim(_ id: Located<String>, lowerer: inout Lowerer) -> Bool {
        if let first = claimed[id.value] {
            lowerer.report(
                .duplicateId, "duplicate step id '\(id.value)' in this workflow", at: id.range,
                notes: [.firstDefined(id.value, at: first)])
            return false
        }
        claimed[id.value] = id.range
        return true
    }

    static let runCommand = "a run command"

    func scope(for step: String, what: String) -> HoleScope {
        let position = ids.firstIndex(of: step) ?? ids.count
        return HoleScope(
            inputs: inputKinds, steps: done, laterSteps: Array(ids[position...].dropFirst()), allowsEvent: subscribed,
            isShellCommand: what == Self.runCommand, what: what, currentStep: step)
    }

    mutating func finish(_ id: String, outputs: [String], events: [EventDecl] = [], artifact: String? = nil) {
        done.append((id, outputs))
        for e in events { self.events[e.type.value] = (id, e, artifact) }
    }

    /// The context of a step's `on_failure` list: the same workflow, with the failing step
    /// not counted as done.
    func nested(failing: String, ids: [String]) -> StepContext {
        var c = StepContext(inputs: inputs, artifacts: artifacts, ids: ids)
        c.inputKinds = inputKinds
        c.subscribed = subscribed
        c.claimed = claimed
        c.done = done
        c.events = events
        return c
    }

    mutating func absorbIDs(from nested: StepContext) {
        for (id, range) in nested.claimed where claimed[id] == nil { claimed[id] = range }
    }
}
