import Foundation
import TakoPlanFormat

/// Runs a plan's runs: a run's steps in order, a fan-out's children in parallel within the
/// global slots and the step's `concurrency_limit`. Shared by every task of one exec.
struct Scheduler: Sendable {
    let plan: Plan
    let options: ExecOptions
    let workspace: RunCheckouts
    let checkpoint: Checkpoint
    let launcher: any ProcessLauncher
    let conditions: any ConditionEvaluator
    let observer: any ExecObserver
    let masker: SecretMasker
    let control: ExecControl
    /// `--max-parallel`: processes (and checkouts) at once over the whole exec.
    let slots: Limiter
    /// `--cpus` and `--memory`, taken by steps that declare `resources`.
    let resources: ResourcePool
    /// The critical-path order (nil with `--schedule fifo`).
    let ranks: PlanSchedule?
    let book: ResultBook
    /// Where the steps' logs go.
    let logs: LogSettings
    /// `--stream`: each step's lines as they come.
    let lineSink: (any StepLineSink)?
    /// Closes the logs of ended steps and writes them to disk at the exec's end.
    let logSyncer: LogSyncer

    var previous: JournalState { checkpoint.previous }

    /// Appends to the journal; a write that fails stops the exec (exit 2).
    func journal(_ record: JournalRecord, waitForDisk: Bool = true) async {
        do {
            try await checkpoint.append(record, waitForDisk: waitForDisk)
        } catch {
            control.stop(.checkpointFailed(error.message))
        }
    }

    /// Runs one run and everything it starts; records its result and returns its status.
    /// The steps: decide whether the run starts (its condition reads only the event), render
    /// its inputs and env, check its repository out, run its steps in order, record the end.
    @discardableResult
    func perform(_ run: PlannedRun, event: FanOutEvent?) async -> RunStatus {
        let clock = ContinuousClock.now
        observer.observe(.runStarted(run: run.id))
        var result = RunResult(id: run.id, repo: run.repo, workflow: run.workflow, parent: run.parent, status: .succeeded)
        var scope = Self.scope(
            of: run, event: event,
            environment: options.baseEnvironment.merging(StepEnvironment.secrets(of: run, in: options.environment)) { $1 })
        let status: RunStatus
        if let stop = await decideStart(of: run, in: scope, result: &result) {
            status = stop
        } else if let failure = render(run, into: &scope) {
            status = .failed
            result.reason = failure
        } else {
            switch await checkOut(run) {
            case .failure(let stop):
                status = stop.status
                result.reason = stop.reason
            case .success(let workdir):
                let context = RunContext(run: run, workdir: workdir, secrets: StepEnvironment.secrets(of: run, in: options.environment))
                result.steps = await performSteps(of: run, in: context, scope: scope)
                status = Self.status(of: result.steps, in: run)
                // A run that succeeded needs its checkout no more; a failed one keeps it for --resume.
                if status == .succeeded && !options.keepWorkspace { workspace.discard(run: run) }
            }
        }
        await finish(&result, status: status, started: clock)
        return status
    }

    /// Whether the run starts: a child run's condition reads only the event, so it is decided
    /// before anything else of the run, and a skipped run renders nothing and checks nothing
    /// out. nil when the run starts; else how it ended, with its steps and reason in `result`.
    func decideStart(of run: PlannedRun, in scope: TemplateScope, result: inout RunResult) async -> RunStatus? {
        switch await decideStart(of: run, in: scope) {
        case .start:
            return nil
        case .skip(let why, let values):
            result.condition = run.condition
            result.conditionValues = values
            result.reason = why
            result.steps = run.steps.map { StepResult(id: $0.id, status: .skipped, reason: "the run's condition was false") }
            await skipSubtree(of: run)
            return .skipped
        case .fail(let why):
            result.reason = why
            result.steps = run.steps.map { StepResult(id: $0.id, status: .skipped, reason: "its run did not start") }
            await skipSubtree(of: run)
            return .failed
        case .stopped:
            result.reason = "stopped before its condition was decided"
            result.steps = run.steps.map { StepResult(id: $0.id, status: control.stoppedStatus, reason: "its run did not start") }
            return control.isInterrupted ? .interrupted : .cancelled
        }
    }

    /// The run's inputs and env rendered into `scope`; why not, when they cannot be.
    func render(_ run: PlannedRun, into scope: inout TemplateScope) -> String? {
        do {
            try scope.enter(run)
            return nil
        } catch {
            return "cannot render the run's inputs: \(error.message)"
        }
    }

    /// Records the run's end in the book and tells the observer.
    func finish(_ result: inout RunResult, status: RunStatus, started: ContinuousClock.Instant) async {
        result.status = status
        result.reason = result.reason.map(masker.mask)
        // A run that never started has no duration, as a skipped step has none.
        result.seconds = status == .skipped ? nil : (ContinuousClock.now - started).seconds
        await book.record(result)
        observer.observe(.runFinished(result: result))
    }

    /// Where a step (or the checkout before a run's first step, `index` 0) stands among
    /// those waiting for a slot.
    func rank(_ run: PlannedRun, step index: Int) -> ScheduleRank {
        ranks?.rank(run: run.id, step: index) ?? .fifo
    }

    /// Takes one of the exec's slots for `what`; with `--debug`, says why it waited.
    func acquireSlot(_ run: PlannedRun, step index: Int, what: String) async throws {
        let rank = rank(run, step: index)
        if let debug = options.debug {
            let (holders, waiting) = await slots.load
            if holders >= options.maxParallel || waiting > 0 {
                debug(
                    "\(what) waits: \(holders) of --max-parallel \(options.maxParallel) slots taken, \(waiting) waiting before it"
                        + (ranks == nil ? " (fifo)" : "; its rank: priority \(rank.priority), remaining path \(Self.format(rank.path))"))
            }
        }
        try await slots.acquire(rank: rank)
        do {
            try await waitForLoad(what)
        } catch {
            await slots.release()
            throw error
        }
    }

    /// `--max-load`: holding its slot, a step does not start while the one-minute load
    /// average is at or above the limit and another step is running (as `make -l`: with
    /// nothing else running it starts, so a machine loaded by others cannot stop the exec).
    func waitForLoad(_ what: String) async throws {
        guard let limit = options.maxLoad else { return }
        var said = false
        while let load = ResourcePool.loadAverage(), load >= limit, await slots.load.holders > 1 {
            if !said, let debug = options.debug {
                debug(
                    "\(what) waits: the load average is \(String(format: "%.2f", load)), at or above --max-load \(String(format: "%g", limit))"
                )
                said = true
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// A step's declared `resources`, taken after its slot; with `--debug`, says why it waited.
    func acquireResources(_ need: PlannedResources, _ run: PlannedRun, step index: Int, what: String) async throws {
        if let debug = options.debug {
            let used = await resources.used
            if used.cpuMillis + (need.cpuMillis ?? 0) > resources.cpuMillis
                || used.memoryBytes + (need.memoryBytes ?? 0) > resources.memoryBytes
            {
                debug(
                    "\(what) waits for resources: it declares \(Self.describe(need)); \(ResourcePool.cores(used.cpuMillis)) of --cpus "
                        + "\(ResourcePool.cores(resources.cpuMillis)) and \(ResourcePool.memory(used.memoryBytes)) of --memory "
                        + "\(ResourcePool.memory(resources.memoryBytes)) are taken")
            }
        }
        try await resources.acquire(need, rank: rank(run, step: index))
    }

    static func describe(_ need: PlannedResources) -> String {
        [need.cpuMillis.map { "cpu \(ResourcePool.cores($0))" }, need.memoryBytes.map { "memory \(ResourcePool.memory($0))" }]
            .compactMap { $0 }.joined(separator: ", ")
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.3g", seconds)
    }

    /// What the run's templates read before any step: the part of the process environment
    /// its steps get (the base, the names passed through, its own secrets) and the event that
    /// started it (none for the root run).
    static func scope(of run: PlannedRun, event: FanOutEvent?, environment: [String: String]) -> TemplateScope {
        var scope = TemplateScope(processEnvironment: environment, eventType: event?.type, payload: event?.payload ?? [:])
        scope.eventSchemaVersion = event?.schemaVersion
        scope.eventArtifact = event?.artifact
        scope.eventSource = event?.source
        scope.inputTypes = run.inputTypes
        return scope
    }

    /// Why a run ends before its first step.
    struct Stop: Error {
        var status: RunStatus
        var reason: String
    }

    /// The run's working folder, prepared within a global slot (a checkout is as heavy as a
    /// process).
    func checkOut(_ run: PlannedRun) async -> Result<String, Stop> {
        do {
            try await acquireSlot(run, step: 0, what: "checkout of run '\(run.id)'")
        } catch {
            return .failure(Stop(status: control.isInterrupted ? .interrupted : .cancelled, reason: "stopped before it started"))
        }
        let prepared = Result { () throws(ExecError) -> String in try workspace.prepare(run: run, reuse: options.resume) }
        await slots.release()
        return prepared.mapError { Stop(status: .failed, reason: $0.message) }
    }

    /// The run's steps in order: each sees the outputs of those before it; a failure without
    /// `continue_on_error` skips the rest; a fan-out that does not wait for its children runs
    /// in the background and its result takes its place at the end.
    func performSteps(of run: PlannedRun, in context: RunContext, scope start: TemplateScope) async -> [StepResult] {
        await withTaskGroup(of: (Int, StepResult).self) { background -> [StepResult] in
            var scope = start
            var steps: [StepResult] = []
            var blocker: String?
            for step in run.steps {
                if let blocker {
                    let skipped = StepResult(id: step.id, status: .skipped, reason: "an earlier step '\(blocker)' failed")
                    observer.observe(.stepFinished(run: run.id, result: skipped))
                    steps.append(skipped)
                    continue
                }
                if Task.isCancelled {
                    let stopped = StepResult(id: step.id, status: control.stoppedStatus, reason: "not started: the exec was stopped")
                    observer.observe(.stepFinished(run: run.id, result: stopped))
                    steps.append(stopped)
                    continue
                }
                if let fanOut = step.fanOut, !fanOut.waitForChildren {
                    let index = steps.count
                    steps.append(StepResult(id: step.id, status: .succeeded, children: fanOut.children))
                    let frozen = scope
                    background.addTask { (index, await self.performStep(step, in: context, scope: frozen)) }
                    continue
                }
                if let debug = options.debug, steps.count + 1 < run.steps.count {
                    let next = run.steps[steps.count + 1].id
                    debug(
                        step.fanOut == nil
                            ? "step '\(run.id)/\(next)' waits for step '\(run.id)/\(step.id)' before it (a dependency: its run's order)"
                            : "step '\(run.id)/\(next)' waits for the child runs of fan-out '\(run.id)/\(step.id)' (a dependency)")
                }
                let stepResult = await performStep(step, in: context, scope: scope)
                steps.append(stepResult)
                if record(stepResult, of: step, in: &scope) { blocker = step.id }
            }
            for await (index, late) in background {
                steps[index] = late
                if late.status.isFailure && options.failFast { control.stop(.failFast) }
            }
            return steps
        }
    }

    /// What a finished step leaves for the steps after it: its outputs, or why it has none.
    /// True when it blocks the rest of the run (a failure without `continue_on_error`).
    func record(_ stepResult: StepResult, of step: PlannedStep, in scope: inout TemplateScope) -> Bool {
        scope.record(step: step.id, status: stepResult.status, outputs: stepResult.outputs)
        if stepResult.status.isFailure && !step.continueOnError {
            if options.failFast { control.stop(.failFast) }
            return true
        }
        return false
    }

    /// A run failed when one of its steps failed without `continue_on_error` (a fan-out's
    /// failure included); it was stopped when a step was.
    static func status(of steps: [StepResult], in run: PlannedRun) -> RunStatus {
        let tolerated = Set(run.steps.filter(\.continueOnError).map(\.id))
        if steps.contains(where: { $0.status.isFailure && !tolerated.contains($0.id) }) { return .failed }
        if steps.contains(where: { $0.status == .interrupted }) { return .interrupted }
        if steps.contains(where: { $0.status == .cancelled }) { return .cancelled }
        return .succeeded
    }
}

/// The event a fan-out emitted, as its child runs see it.
struct FanOutEvent: Sendable {
    var type: String
    var schemaVersion: String?
    var artifact: String
    /// The publishing repository.
    var source: String
    var payload: [String: String]

    /// The event `fanOut` of `run` emits with this (rendered) payload.
    init(_ fanOut: PlannedFanOut, of run: PlannedRun, payload: [String: String]) {
        self.init(
            type: fanOut.event.type, schemaVersion: fanOut.event.schemaVersion, artifact: fanOut.event.artifact,
            source: run.repo, payload: payload)
    }

    init(type: String, schemaVersion: String?, artifact: String, source: String, payload: [String: String]) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.artifact = artifact
        self.source = source
        self.payload = payload
    }
}

/// What every step of one run shares.
struct RunContext: Sendable {
    let run: PlannedRun
    let workdir: String
    let secrets: [String: String]
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
