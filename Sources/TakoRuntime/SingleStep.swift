import Foundation
import TakoBasics
import TakoPlanFormat

/// How one step ended, as `tako step` writes it for the steps after it (`result.json`, an
/// Argo output parameter): its status and, when it succeeded, its outputs (masked).
public struct StepRecord: Codable, Sendable, Hashable {
    public var status: StepStatus
    public var outputs: [String: String]

    public init(status: StepStatus, outputs: [String: String] = [:]) {
        self.status = status
        self.outputs = outputs
    }
}

/// The event a fan-out emitted, as `tako step` of the fan-out writes it (`event.json`) and
/// the child runs' steps read it: the rendered payload (masked). The rest of the event
/// (type, schema version, artifact, source) is in the plan.
public struct EventRecord: Codable, Sendable, Hashable {
    public var payload: [String: String]

    public init(payload: [String: String]) { self.payload = payload }
}

/// The values of one run that exist only at run time, which a step reads: the event that
/// started the run (none for a root run) and how each earlier step of the run ended.
public struct StepValues: Codable, Sendable, Hashable {
    public var event: EventRecord?
    public var steps: [String: StepRecord]

    public init(event: EventRecord? = nil, steps: [String: StepRecord] = [:]) {
        self.event = event
        self.steps = steps
    }

    /// One line of JSON, keys sorted: what `tako step` writes and reads.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            preconditionFailure("strings and maps of strings failed to encode: \(error)")
        }
    }
}

/// What `tako step` did.
public struct SingleStepOutcome: Sendable {
    public var record: StepRecord
    /// A fan-out step's rendered event.
    public var event: EventRecord?
    /// The rendered command (masked); nil when the step is a fan-out or was not rendered.
    public var command: String?
    public var exitCode: Int32?
    /// Why it failed or was skipped (masked).
    public var reason: String?
    /// The last lines of a failed step's output (masked).
    public var tail: [String] = []
}

/// `tako step`: one step of one run of a plan, in the current checkout, with the values that
/// exist only at run time given (the event, the earlier steps' results), as an executor
/// that is not `tako exec` (Argo Workflows) runs it. Templates, conditions, the step's
/// environment and its outputs are those of `tako exec`: the same code renders, evaluates,
/// runs and captures.
public struct SingleStep: Sendable {
    public let plan: Plan
    /// tako's own environment: the base of the step's and the source of its secrets.
    public let environment: [String: String]
    public var conditions: any ConditionEvaluator
    public var launcher: any ProcessLauncher
    public var grace: Duration
    /// Names of tako's environment passed to the step beyond the base (`--pass-env`,
    /// `TAKO_PASS_ENV`), as `tako exec` passes them.
    public var passEnv: [String] = []

    /// What the run's steps get of tako's environment, as under `tako exec`: the base
    /// variables, those passed through, the run's own secrets.
    func stepEnvironment(of run: PlannedRun) -> [String: String] {
        let options = ExecOptions(planPath: "", environment: environment, passEnv: passEnv)
        return options.baseEnvironment.merging(StepEnvironment.secrets(of: run, in: environment)) { $1 }
    }

    public init(
        plan: Plan, environment: [String: String] = ProcessInfo.processInfo.environment,
        conditions: any ConditionEvaluator = CELConditionEvaluator(), launcher: any ProcessLauncher = ShellLauncher(),
        grace: Duration = .seconds(5)
    ) {
        self.plan = plan
        self.environment = environment
        self.conditions = conditions
        self.launcher = launcher
        self.grace = grace
    }

    /// The run, or an error naming the runs there are.
    public func run(_ id: String) throws(ExecError) -> PlannedRun {
        guard let run = plan.run(id: id) else {
            let ids = plan.runs.prefix(10).map(\.id).joined(separator: ", ") + (plan.runs.count > 10 ? ", …" : "")
            throw ExecError(.usage, "the plan has no run '\(id)' (its runs: \(ids)); give --run one of them")
        }
        return run
    }

    /// The step `id` of `run` (`STEP/on_failure/ID` for an `on_failure` step), and the steps
    /// whose results its scope holds: those before it in the run (for an `on_failure` step,
    /// those before the step it handles).
    public func step(_ id: String, of run: PlannedRun) throws(ExecError) -> (step: PlannedStep, earlier: [PlannedStep]) {
        let parts = id.components(separatedBy: "/on_failure/")
        if let index = run.steps.firstIndex(where: { $0.id == parts[0] }) {
            let earlier = Array(run.steps[..<index])
            if parts.count == 1 { return (run.steps[index], earlier) }
            if parts.count == 2, let handler = run.steps[index].onFailure.first(where: { $0.id == parts[1] }) {
                return (handler, earlier)
            }
        }
        var names: [String] = []
        for step in run.steps {
            names.append(step.id)
            names += step.onFailure.map { "\(step.id)/on_failure/\($0.id)" }
        }
        throw ExecError(
            .usage,
            "run '\(run.id)' has no step '\(id)' (its steps: \(names.joined(separator: ", "))); give --step one of them")
    }

    /// The values of the run before `earlier` steps, as `tako exec` has them when it reaches
    /// the step: the event, the rendered inputs and env, each earlier step's outputs or why
    /// it has none. A missing value is a usage error: the executor did not pass it.
    func scope(of run: PlannedRun, earlier: [PlannedStep], values: StepValues) throws(ExecError) -> Result<TemplateScope, ExecError> {
        var scope = Scheduler.scope(of: run, event: try event(of: run, values.event), environment: stepEnvironment(of: run))
        for step in earlier {
            guard let record = values.steps[step.id] else {
                throw ExecError(
                    .usage,
                    "no result of step '\(step.id)' of run '\(run.id)' was given; "
                        + "a step sees the results of every step before it in its run: give it in \"steps\" of --values")
            }
            scope.record(step: step.id, status: record.status, outputs: record.outputs)
        }
        do {
            try scope.enter(run)
        } catch {
            return .failure(ExecError(.plan, "cannot render the run's inputs: \(error.message)"))
        }
        return .success(scope)
    }

    /// The event that started `run`: its fan-out's, from the plan, with the given payload.
    func event(of run: PlannedRun, _ given: EventRecord?) throws(ExecError) -> FanOutEvent? {
        guard let parent = run.parent else {
            if given != nil { throw ExecError(.usage, "run '\(run.id)' is a root run: no event starts it, so none can be given") }
            return nil
        }
        let parts = parent.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let parentRun = plan.run(id: parts[0]),
            let fanOut = parentRun.steps.first(where: { $0.id == parts[1] })?.fanOut
        else {
            throw ExecError(.plan, "run '\(run.id)' is started by '\(parent)', which is not a fan-out of the plan; the plan is damaged")
        }
        guard let given else {
            throw ExecError(
                .usage,
                "run '\(run.id)' is started by the fan-out '\(parent)': give the event it emitted "
                    + "(the fan-out step's event.json)")
        }
        return FanOutEvent(fanOut, of: parentRun, payload: given.payload)
    }

    var masker: (PlannedRun) -> SecretMasker {
        { run in SecretMasker(values: StepEnvironment.secrets(of: run, in: environment).values) }
    }

    /// Decides a child run's condition over the event its fan-out emitted, as `tako exec`
    /// does before the run starts. Throws when there is no condition or it cannot be decided.
    public func decide(run id: String, event given: EventRecord?) throws(ExecError) -> (decided: Bool, values: [String: String]) {
        let run = try run(id)
        guard let condition = run.condition else {
            throw ExecError(
                .usage, "run '\(id)' has no condition (no `if:`), so it always starts; give --step STEP to run one of its steps")
        }
        let scope = Scheduler.scope(of: run, event: try event(of: run, given), environment: stepEnvironment(of: run))
        let values = Scheduler.conditionValues(condition, in: scope, masker: masker(run))
        do {
            return (try conditions.evaluate(condition, in: scope), values)
        } catch {
            throw ExecError(.condition, "cannot evaluate the condition of run '\(id)': \(error)")
        }
    }

    /// `perform` in a task that `control` stops: a SIGTERM or SIGINT to tako (through a
    /// `SignalForwarder` on `control`) ends the step's process group as under `tako exec`,
    /// SIGTERM, then SIGKILL after `grace`, and the step is `interrupted`. The launcher should
    /// list its process groups in `control.processes`, so that a second signal kills at once.
    public func perform(
        run runID: String, step stepID: String, values: StepValues, workdir: String, attempt: Int = 1,
        scratch: String, sink: (any StepLineSink)?, control: ExecControl, announce: (@Sendable (String) -> Void)? = nil
    ) async throws(ExecError) -> SingleStepOutcome {
        let task = Task { () -> Result<SingleStepOutcome, ExecError> in
            do throws(ExecError) {
                return .success(
                    try await perform(
                        run: runID, step: stepID, values: values, workdir: workdir, attempt: attempt, scratch: scratch,
                        sink: sink, announce: announce))
            } catch {
                return .failure(error)
            }
        }
        control.attach(task)
        var outcome = try await task.value.get()
        control.detach()
        if control.isInterrupted && outcome.record.status == .cancelled { outcome.record.status = .interrupted }
        return outcome
    }

    /// Runs step `stepID` of run `runID` in `workdir`: its condition, its templates, then its
    /// process (or, for a fan-out, its event), as `tako exec` would at that point of the run.
    /// `announce` gets the rendered command (masked) just before its process starts.
    public func perform(
        run runID: String, step stepID: String, values: StepValues, workdir: String, attempt: Int = 1,
        scratch: String, sink: (any StepLineSink)?, announce: (@Sendable (String) -> Void)? = nil
    ) async throws(ExecError) -> SingleStepOutcome {
        let run = try run(runID)
        let (step, earlier) = try step(stepID, of: run)
        let masker = masker(run)
        let scope: TemplateScope
        switch try self.scope(of: run, earlier: earlier, values: values) {
        case .success(let ready): scope = ready
        case .failure(let error): return SingleStepOutcome(record: StepRecord(status: .failed), reason: masker.mask(error.message))
        }
        // An on_failure step has no condition of its own to decide here; a step's is decided
        // before anything of it renders.
        if let condition = step.condition {
            do {
                if try !conditions.evaluate(condition, in: scope) {
                    return SingleStepOutcome(record: StepRecord(status: .skipped), reason: "its condition was false")
                }
            } catch {
                return SingleStepOutcome(
                    record: StepRecord(status: .failed), reason: masker.mask("cannot evaluate its condition: \(error)"))
            }
        }
        if let fanOut = step.fanOut {
            do {
                let payload = masker.mask(try scope.render(fanOut.event.payload))
                return SingleStepOutcome(record: StepRecord(status: .succeeded), event: EventRecord(payload: payload))
            } catch {
                let status: StepStatus = if case .dependsOn = error { .skipped } else { .failed }
                return SingleStepOutcome(
                    record: StepRecord(status: status),
                    reason: "cannot render the event payload: \(masker.mask(error.message))")
            }
        }
        let command: String
        let stepEnv: [String: String]
        switch Scheduler.renderCommand(step, in: scope) {
        case .success(let rendered): (command, stepEnv) = rendered
        case .failure(let unrendered):
            return SingleStepOutcome(record: StepRecord(status: unrendered.status), reason: masker.mask(unrendered.reason))
        }
        let runner = CommandStep(
            launcher: launcher, masker: masker, grace: grace, scratch: ScratchFolder(scratch), logs: LogSettings(folder: nil),
            sink: sink,
            maxOutput: ExecOptions.defaultMaxOutputBytes)
        let environment = StepEnvironment.build(
            base: ExecOptions(planPath: "", environment: environment, passEnv: passEnv).baseEnvironment, run: run, stepID: stepID,
            attempt: attempt, inputs: scope.inputs, runEnv: scope.env, stepEnv: stepEnv,
            secrets: StepEnvironment.secrets(of: run, in: environment),
            outputsFile: runner.outputsPath(run: run.id, id: stepID, attempt: attempt))
        announce?(masker.mask(command))
        let ended = await runner.run(
            step, id: stepID, runID: run.id, command: command, workdir: workdir,
            environment: environment, attempt: attempt)
        return SingleStepOutcome(
            record: StepRecord(status: ended.status, outputs: ended.outputs), command: masker.mask(command),
            exitCode: ended.exitCode, reason: ended.reason, tail: ended.status.isFailure ? ended.tail : [])
    }
}
