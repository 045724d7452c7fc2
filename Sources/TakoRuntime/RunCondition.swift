import TakoBasics
import TakoPlanFormat

extension Scheduler {
    /// What a child run's condition (its subscription's filters the compiler left for run
    /// time) says about starting it.
    enum RunStart {
        case start
        /// False: the run and its subtree are skipped, for this reason, with the values the
        /// condition read (masked).
        case skip(String, values: [String: String])
        /// It could not be evaluated: the run fails, for this reason.
        case fail(String)
        /// The exec, or the deadline of the fan-out that starts the run, stopped it first.
        case stopped
    }

    /// Decides `run.condition` over the event its fan-out emitted (in `scope`), or takes the
    /// decision from the journal on `--resume`, so a run skipped the first time stays skipped
    /// and one started stays started. A new decision is journaled before anything of the run
    /// happens, as a `condition` record with the run and no step.
    func decideStart(of run: PlannedRun, in scope: TemplateScope) async -> RunStart {
        guard let condition = run.condition else { return .start }
        // Decided by an earlier exec: the values it read then are not known (the environment
        // may have changed since), so none are shown.
        if let recorded = previous.runDecisions[run.id] {
            return recorded ? .start : .skip("its condition was false (decided by an earlier exec): \(condition)", values: [:])
        }
        let values = conditionValues(condition, in: scope)
        let decided: Bool
        switch await conditions.decide(condition, in: scope) {
        case .value(let value): decided = value
        case .failed(let error): return .fail("cannot evaluate its condition: \(error)")
        case .stopped: return .stopped
        }
        await journal(JournalRecord(kind: .condition, run: run.id, status: decided ? "true" : "false"))
        return decided ? .start : .skip("its condition was false: \(condition)" + Self.describe(values), values: values)
    }

    /// The values a condition reads, by the name it reads them with (`event.payload.version`,
    /// `payload.version`, `event_type`), masked; a name with no value is left out.
    func conditionValues(_ condition: String, in scope: TemplateScope) -> [String: String] {
        Self.conditionValues(condition, in: scope, masker: masker)
    }

    static func conditionValues(_ condition: String, in scope: TemplateScope, masker: SecretMasker) -> [String: String] {
        let reads = CELConditionEvaluator.environment().compile(condition).program?.referencedAttributes ?? []
        var out: [String: String] = [:]
        for name in reads {
            let segments = name.split(separator: ".").map(String.init)
            let value: String?
            switch (segments.first, segments.count) {
            case ("payload", 2): value = scope.payload[segments[1]]
            case ("event_type", 1): value = scope.eventType
            case ("schema_version", 1): value = scope.eventSchemaVersion
            case ("source", 1): value = scope.eventSource
            default: value = scope.value(of: TemplatePath(segments))
            }
            if let value { out[name] = masker.mask(value) }
        }
        return out
    }

    /// ` (event.payload.version = "2.0.0")`, names sorted; empty when there are none.
    static func describe(_ values: [String: String]) -> String {
        guard !values.isEmpty else { return "" }
        return " (" + values.sorted { $0.key < $1.key }.map { "\($0.key) = \(JSONText.string($0.value))" }.joined(separator: ", ") + ")"
    }

    /// Books every run that `run`'s fan-outs would have started, all the way down, as
    /// skipped: `run` did not start.
    func skipSubtree(of run: PlannedRun) async {
        for step in run.steps {
            for child in (step.fanOut?.children ?? []).compactMap({ plan.run(id: $0) }) {
                let skipped = RunResult(
                    id: child.id, repo: child.repo, workflow: child.workflow, parent: child.parent, status: .skipped,
                    reason: "not started: run \(run.id) did not start",
                    steps: child.steps.map { StepResult(id: $0.id, status: .skipped, reason: "its run did not start") })
                await book.record(skipped)
                observer.observe(.runFinished(result: skipped))
                await skipSubtree(of: child)
            }
        }
    }
}
