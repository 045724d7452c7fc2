import TakoBasics
import TakoExpressions
import TakoIR
import TakoPlanFormat
import TakoResolve

/// Expands the workflow graph from the root into runs: every path through the graph is
/// one run, so a workflow reached by two events runs twice (a diamond stays a diamond).
/// Runs are numbered in depth-first order, a parent before its children.
struct RunExpansion {
    let linked: LinkedWorkspace
    let maxDepth: Int
    let maxRuns: Int
    var runs: [PlannedRun?] = []
    /// Each run's edges, in step order; the plan lists them in run order.
    private var edgesByRun: [String: [PlannedEdge]] = [:]
    var diagnostics: [Diagnostic] = []
    /// Subscriptions whose filters were false, or left for run time (for `--explain`).
    var decisions: [FilterDecision] = []
    private var stopped = false
    /// Each filter and `if` compiled once for the whole plan.
    private let programs = ProgramCache()

    init(linked: LinkedWorkspace, maxDepth: Int, maxRuns: Int) {
        self.linked = linked
        self.maxDepth = maxDepth
        self.maxRuns = maxRuns
    }

    /// One run of `ref` and, depth first, every run its fan-outs start; its id, or nil when
    /// the plan stopped (too many runs) or the workflow does not exist.
    @discardableResult
    mutating func expand(
        _ ref: WorkflowRef, parent: String?, trigger: PlannedTrigger?, inputs: [String: PlannedValue], depth: Int,
        event: [TemplatePath: String]? = nil, condition: String? = nil, priority: Int? = nil
    ) -> String? {
        guard !stopped, let workflow = linked.workspace.manifests[ref.repo]?.workflow(named: ref.workflow) else { return nil }
        guard runs.count < maxRuns else {
            stopped = true
            diagnostics.append(
                Diagnostic(
                    .tooManyRuns, "the plan would have more than \(maxRuns) runs; check the subscriptions for an unintended fan-out",
                    at: nil))
            return nil
        }
        // The run takes its number before its children, which are numbered while its steps
        // are planned.
        let id = "r\(runs.count + 1)"
        let slot = runs.count
        runs.append(nil)
        let known = StepPlanning.knownInputs(inputs)
        let kinds = Dictionary(
            uniqueKeysWithValues: workflow.inputs.map { ($0.name.value, InputKind(rawValue: $0.type.rawValue) ?? .string) })
        let steps = planSteps(of: workflow, ref: ref, runID: id, inputs: inputs, known: known, kinds: kinds, event: event, depth: depth)
        addEdges(run: id, steps: steps)
        runs[slot] = PlannedRun(
            id: id, repo: ref.repo, workflow: ref.workflow, parent: parent, trigger: trigger, inputs: inputs,
            inputTypes: Dictionary(uniqueKeysWithValues: workflow.inputs.map { ($0.name.value, $0.type.rawValue) }),
            env: Dictionary(
                uniqueKeysWithValues: workflow.env.map {
                    ($0.name.value, StepPlanning.value($0.value, known: known, kinds: kinds, programs: programs))
                }),
            secrets: workflow.secrets.map(\.value), provenance: workflow.name.range.description, steps: steps,
            condition: condition, priority: priority)
        return id
    }

    /// The run's steps, each with its condition decided where its values are known, and each
    /// fan-out with its child runs (expanded here, so numbered after this run).
    private mutating func planSteps(
        of workflow: WorkflowDecl, ref: WorkflowRef, runID: String, inputs: [String: PlannedValue],
        known: [TemplatePath: String], kinds: [String: InputKind], event: [TemplatePath: String]?,
        depth: Int
    ) -> [PlannedStep] {
        var steps: [PlannedStep] = []
        var failures: [Diagnostic] = []
        let programs = self.programs
        let decide = { (step: StepDecl) -> String? in
            guard let c = step.condition else { return nil }
            let site = ref.repo + "\u{0}" + ref.workflow + "\u{0}" + step.id.value
            switch ExpressionPlanning.condition(c, workflow: workflow, inputs: inputs, eventValues: event, programs: programs, site: site) {
            case .decided(true): return nil
            case .decided(false): return "false"
            case .undecided: return c.source
            case .failed(let why):
                failures.append(
                    Diagnostic(.conditionError, "the 'if' of step '\(step.id.value)' fails when the plan is made: \(why)", at: c.range))
                return nil
            }
        }
        for step in workflow.steps {
            var planned = StepPlanning.plan(step, repo: ref.repo, known: known, kinds: kinds, programs: programs, decide: decide)
            if case .fanOut(let fan) = step.action {
                planned.fanOut?.children = children(of: ref, step: step, fan: fan, runID: runID, known: known, depth: depth)
            }
            steps.append(planned)
        }
        diagnostics += failures
        return steps
    }

    private mutating func children(
        of ref: WorkflowRef, step: StepDecl, fan: FanOutDecl, runID: String,
        known: [TemplatePath: String], depth: Int
    ) -> [String] {
        guard let resolved = linked.fanOut(at: FanOutSite(workflow: ref, step: step.id.value)) else { return [] }
        guard !resolved.resolution.matches.isEmpty else { return [] }
        guard depth < maxDepth else {
            stopped = true
            diagnostics.append(
                Diagnostic(
                    .fanOutTooDeep, "the fan-out goes deeper than \(maxDepth) levels; raise the limit with --max-depth if this is intended",
                    at: step.range))
            return []
        }
        let eventValues = Self.eventValues(of: fan, from: ref, known: known, programs: programs)
        let runtimePayload = fan.event.payload.map(\.key.value).filter { eventValues[TemplatePath(["event", "payload", $0])] == nil }
        var ids: [String] = []
        // A filter's outcome depends only on its source and this event: each distinct filter
        // is evaluated once for all the subscribers of this fan-out.
        var outcomes: [String: ExpressionPlanning.Outcome] = [:]
        for match in resolved.resolution.matches {
            guard let leftForRunTime = filtersLeft(match, eventValues: eventValues, runtimePayload: runtimePayload, outcomes: &outcomes)
            else { continue }
            let child = WorkflowRef(repo: match.subscriber.repo, workflow: match.workflow.name.value)
            let inputs = Self.inputs(of: match, eventValues: eventValues, programs: programs)
            let trigger = PlannedTrigger(
                eventType: fan.eventType.value, schemaVersion: fan.event.schemaVersion?.value,
                artifact: "\(ref.repo):\(fan.artifact)", subscription: match.subscriber.subscription.range.description)
            let stepRef = "\(runID)/\(step.id.value)"
            if let childID = expand(
                child, parent: stepRef, trigger: trigger, inputs: inputs, depth: depth + 1, event: eventValues,
                condition: Self.condition(leftForRunTime.map(\.filter.source)),
                priority: match.subscriber.subscription.priority?.value)
            {
                ids.append(childID)
                for (filter, needed) in leftForRunTime {
                    decisions.append(
                        .leftForRunTime(
                            filter, subscriber: match.subscriber.repo, workflow: child.workflow, run: childID,
                            reads: needed, fanOut: stepRef))
                }
            }
        }
        return ids
    }

    /// What the children of `fan` can know of its event when the plan is made: its type,
    /// source, artifact and schema version, and the payload values with no run-time holes.
    static func eventValues(
        of fan: FanOutDecl, from ref: WorkflowRef, known: [TemplatePath: String],
        programs: ProgramCache
    ) -> [TemplatePath: String] {
        var values: [TemplatePath: String] = [
            TemplatePath(["event", "type"]): fan.eventType.value,
            TemplatePath(["event", "source"]): ref.repo,
            TemplatePath(["event", "artifact"]): "\(ref.repo):\(fan.artifact)",
        ]
        if let v = fan.event.schemaVersion?.value { values[TemplatePath(["event", "schema_version"])] = v }
        for entry in fan.event.payload {
            if case .value(let v) = StepPlanning.value(entry.value, known: known, programs: programs) {
                values[TemplatePath(["event", "payload", entry.key.value])] = v
            }
        }
        return values
    }

    /// A child run's inputs: each input of the subscribed workflow from the subscription's
    /// mapping over the event, or its default (empty without one).
    static func inputs(of match: SubscriptionMatch, eventValues: [TemplatePath: String], programs: ProgramCache) -> [String: PlannedValue] {
        var inputs: [String: PlannedValue] = [:]
        for decl in match.workflow.inputs {
            if let mapping = match.subscriber.subscription.inputs.first(where: { $0.name.value == decl.name.value }) {
                inputs[decl.name.value] = StepPlanning.value(mapping.value, known: eventValues, programs: programs)
            } else {
                inputs[decl.name.value] = .value(decl.defaultValue?.value.rendered ?? "")
            }
        }
        return inputs
    }

    /// The filters of the subscription that tako exec must decide, each with the run-time
    /// values it reads, or nil when the subscription is not triggered. A filter decided true
    /// is dropped; one decided false drops the edge (and is kept as a decision); one that
    /// reads event values produced at run time is kept for the child run's condition.
    private mutating func filtersLeft(
        _ match: SubscriptionMatch, eventValues: [TemplatePath: String], runtimePayload: [String],
        outcomes: inout [String: ExpressionPlanning.Outcome]
    ) -> [(filter: ExpressionDecl, needed: Set<String>)]? {
        var left: [(filter: ExpressionDecl, needed: Set<String>)] = []
        for filter in match.subscriber.subscription.filters {
            let outcome: ExpressionPlanning.Outcome
            if let known = outcomes[filter.source] {
                outcome = known
            } else {
                outcome = ExpressionPlanning.filter(filter, eventValues: eventValues, runtimePayload: runtimePayload, programs: programs)
                outcomes[filter.source] = outcome
            }
            switch outcome {
            case .decided(true):
                continue
            case .decided(false):
                decisions.append(.falseFilter(filter, subscriber: match.subscriber.repo))
                return nil
            case .undecided(let needed):
                if !left.contains(where: { $0.filter.source == filter.source }) { left.append((filter, needed)) }
            case .failed(let why):
                diagnostics.append(Diagnostic(.filterError, "the filter '\(filter.source)' fails for this event: \(why)", at: filter.range))
                return nil
            }
        }
        return left
    }

    /// A child run's condition: the filters left for run time, in file order, all of which
    /// must hold; nil when there are none.
    static func condition(_ sources: [String]) -> String? {
        switch sources.count {
        case 0: return nil
        case 1: return sources[0]
        default: return sources.map { "(\($0))" }.joined(separator: " && ")
        }
    }

    /// Every edge, run by run in plan order.
    var edges: [PlannedEdge] {
        runs.compactMap { $0 }.flatMap { edgesByRun[$0.id] ?? [] }
    }

    /// For each step in order: its fan-out edges, the edge to the next step, and the wait of
    /// the next step for the fan-out's children.
    private mutating func addEdges(run: String, steps: [PlannedStep]) {
        var out: [PlannedEdge] = []
        for (i, step) in steps.enumerated() {
            let here = "\(run)/\(step.id)"
            let fanChildren = step.fanOut?.children ?? []
            for child in fanChildren { out.append(PlannedEdge(from: here, to: child, kind: .fanOut)) }
            guard i + 1 < steps.count else { continue }
            let next = "\(run)/\(steps[i + 1].id)"
            out.append(PlannedEdge(from: here, to: next, kind: .step))
            if step.fanOut?.waitForChildren == true {
                for child in fanChildren { out.append(PlannedEdge(from: child, to: next, kind: .wait)) }
            }
        }
        edgesByRun[run] = out
    }
}
