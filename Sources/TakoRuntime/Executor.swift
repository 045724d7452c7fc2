import Foundation
import TakoBasics
import TakoPlanFormat
import TakoRepos

/// `tako exec`: one entry point that checks what must hold before anything runs (no
/// condition this build cannot evaluate, a plan that is not stale, a workspace outside the
/// cache, a checkpoint that is ours), then runs the plan and returns what happened.
public struct Executor: Sendable {
    public let plan: Plan
    public let options: ExecOptions
    /// nil: `ShellLauncher` listing its processes in the exec's `ExecControl`.
    public var launcher: (any ProcessLauncher)?
    public var conditions: any ConditionEvaluator
    public var observer: any ExecObserver
    /// `--stream`: every step's lines as they come.
    public var lineSink: (any StepLineSink)?

    public init(
        plan: Plan, options: ExecOptions, launcher: (any ProcessLauncher)? = nil,
        conditions: any ConditionEvaluator = CELConditionEvaluator(), observer: any ExecObserver = SilentObserver(),
        lineSink: (any StepLineSink)? = nil
    ) {
        self.plan = plan
        self.options = options
        self.launcher = launcher
        self.conditions = conditions
        self.observer = observer
        self.lineSink = lineSink
    }

    /// The masker of this plan: the values of every secret its runs name.
    public var masker: SecretMasker {
        SecretMasker(values: plan.runs.flatMap(\.secrets).compactMap { options.environment[$0] })
    }

    /// Everything checked before a step runs; a failure is an exit-2 error.
    public func preflight() throws(ExecError) {
        // First: nothing below (nor any step) may meet an ID that is not a safe name, or
        // runs that do not form a tree.
        try PlanStructure.check(plan)
        for run in plan.runs {
            if let condition = run.condition {
                let which = "run '\(run.id)' (\(run.trigger?.subscription ?? run.provenance))"
                // A run's condition is its subscription's filters over the event that started
                // it; a run no fan-out starts has no event to decide it with.
                guard run.parent != nil else {
                    throw ExecError(
                        .plan,
                        "\(which) has a condition but no fan-out starts it, so it has no event to decide it with; the plan is damaged")
                }
                guard conditions.isAvailable else {
                    throw ExecError(.condition, "\(which) has a condition: " + UnavailableConditionEvaluator.message)
                }
                do {
                    try conditions.check(condition)
                } catch {
                    throw ExecError(.condition, "\(which): \(error)")
                }
            }
            for step in run.steps + run.steps.flatMap(\.onFailure) {
                guard let condition = step.condition else { continue }
                guard conditions.isAvailable else {
                    throw ExecError(
                        .condition,
                        "step '\(step.id)' of run '\(run.id)' (\(step.provenance)) has a condition: "
                            + UnavailableConditionEvaluator.message)
                }
                do {
                    try conditions.check(condition)
                } catch {
                    throw ExecError(.condition, "step '\(step.id)' of run '\(run.id)' (\(step.provenance)): \(error)")
                }
            }
        }
        try TemplateCheck.check(plan)
        try checkResources()
        if !options.allowStale { try StalePlanCheck.check(plan) }
        let workspace = RunCheckouts(root: options.workspaceFolder, plan: plan)
        try workspace.checkUsable(cacheRoots: RunCheckouts.cacheRoots(of: plan) + [GitCache.defaultRoot(environment: options.environment)])
        try workspace.checkRootsExist()
    }

    /// A step whose declared `resources` exceed `--cpus` or `--memory` could never start:
    /// refused before anything runs.
    func checkResources() throws(ExecError) {
        var refused: [String] = []
        for run in plan.runs {
            for step in run.steps + run.steps.flatMap(\.onFailure) {
                guard let need = step.resources else { continue }
                var over: [String] = []
                if let cpu = need.cpuMillis, cpu > options.cpuMillis {
                    over.append("cpu \(ResourcePool.cores(cpu)), more than --cpus \(ResourcePool.cores(options.cpuMillis))")
                }
                if let memory = need.memoryBytes, memory > options.memoryBytes {
                    over.append("memory \(ResourcePool.memory(memory)), more than --memory \(ResourcePool.memory(options.memoryBytes))")
                }
                if !over.isEmpty {
                    refused.append("step '\(step.id)' of run '\(run.id)' (\(step.provenance)) declares " + over.joined(separator: " and "))
                }
            }
        }
        guard refused.isEmpty else {
            throw ExecError(
                .usage,
                refused.joined(separator: "; ") + "; it could never start: give tako exec more (--cpus, --memory), "
                    + "or lower the step's resources")
        }
    }

    /// Runs the plan. Stopping `control` (a signal, `--fail-fast`) stops every step and
    /// still returns an outcome; only problems found before the first step throw.
    public func execute(control: ExecControl = ExecControl()) async throws(ExecError) -> ExecOutcome {
        try preflight()
        let checkpoint = try Checkpoint.open(path: options.checkpointPath, planDigest: plan.digest, resume: options.resume)
        if options.resume {
            // What a killed exec left running is stopped before any step starts again.
            let previous = checkpoint.previous
            var orphans = previous.groups.values.flatMap { $0 }
            // A step killed between its start and its group's record: found by its
            // `$TAKO_OUTPUTS`, which names the attempt.
            let scratch = RunCheckouts(root: options.workspaceFolder, plan: plan)
            let unrecorded = previous.unfinished.filter { previous.groups[$0] == nil }.map { key in
                "TAKO_OUTPUTS="
                    + CommandStep.outputsPath(
                        scratch: scratch.scratch.path, run: key.run, id: key.step,
                        attempt: previous.starts[key] ?? 1)
            }
            orphans += OrphanGroups.groups(withEnvironment: Set(unrecorded))
            if !orphans.isEmpty { _ = await OrphanGroups.stop(orphans, grace: options.killGrace) }
        }
        // The workspace is held under the checkpoint's lock: taken after it, released before it.
        let held: WorkspaceLock
        do {
            held = try WorkspaceLock.acquire(
                folder: options.workspaceFolder,
                marker: .init(
                    checkpoint: OwnedFile.resolved(ExecOptions.absolute(options.checkpointPath)),
                    plan: OwnedFile.resolved(ExecOptions.absolute(options.planPath))))
        } catch {
            await checkpoint.close()
            throw error
        }
        do {
            var opening = JournalRecord(kind: .execStarted, planDigest: plan.digest)
            opening.traceID = options.traceID
            try await checkpoint.append(opening)
        } catch {
            held.release()
            await checkpoint.close()
            throw error
        }
        let logs = options.logs
        observer.observe(
            .execStarted(
                planDigest: plan.digest, checkpoint: ExecOptions.absolute(options.checkpointPath),
                logs: logs.folder, resumed: options.resume))
        let started = ContinuousClock.now
        let scheduler = Scheduler(
            plan: plan, options: options,
            workspace: RunCheckouts(root: options.workspaceFolder, plan: plan),
            checkpoint: checkpoint, launcher: launcher ?? ShellLauncher(registry: control.processes), conditions: conditions,
            observer: observer, masker: masker,
            control: control, slots: Limiter(limit: options.maxParallel),
            resources: ResourcePool(cpuMillis: options.cpuMillis, memoryBytes: options.memoryBytes),
            ranks: options.schedule == .fifo ? nil : PlanSchedule(plan: plan, expected: options.history.expected(run:step:)),
            book: ResultBook(), logs: logs, lineSink: lineSink,
            logSyncer: LogSyncer(folder: logs.folder))
        let roots = plan.runs.filter { $0.parent == nil }
        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                for run in roots {
                    group.addTask { await scheduler.perform(run, event: nil) }
                }
            }
        }
        control.attach(work)
        await work.value
        control.detach()
        // Every log on disk before the exec's end is journaled.
        let unsynced = await scheduler.logSyncer.drain()
        let book = await scheduler.book.runs
        let runs = plan.runs.map { run in
            book[run.id]
                ?? RunResult(
                    id: run.id, repo: run.repo, workflow: run.workflow, parent: run.parent,
                    status: control.isInterrupted ? .interrupted : .skipped,
                    reason: "not started",
                    steps: run.steps.map { StepResult(id: $0.id, status: control.isInterrupted ? .interrupted : .skipped) })
        }
        let status: ExecOutcome.Status
        if case .checkpointFailed(let message) = control.reason {
            held.release()
            await checkpoint.close()
            throw ExecError(.checkpointIO, message)
        } else if control.isInterrupted {
            status = .interrupted
        } else if control.reason == .failFast || runs.contains(where: { $0.status == .failed || $0.status == .cancelled }) {
            status = .failed
        } else {
            status = .succeeded
        }
        do {
            try await checkpoint.append(JournalRecord(kind: .execFinished, status: status.rawValue))
        } catch {
            held.release()
            await checkpoint.close()
            throw error
        }
        // A succeeded exec needs its checkouts no more (a failed one keeps them for --resume).
        var workspaceProblem: String?
        if status == .succeeded && !options.keepWorkspace {
            workspaceProblem = held.removeContents(runs: plan.runs.map(\.id))
        } else {
            held.release()
        }
        await checkpoint.close()
        var outcome = ExecOutcome(planDigest: plan.digest, status: status, seconds: (ContinuousClock.now - started).seconds, runs: runs)
        outcome.unsyncedLogs = unsynced
        outcome.workspaceProblem = workspaceProblem
        observer.observe(.execFinished(outcome: outcome))
        return outcome
    }
}
