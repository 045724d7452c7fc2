import Foundation
import TakoPlanFormat

extension Scheduler {
    /// One step of a run: kept from the journal on `--resume` when it had finished, else its
    /// condition, its templates, then its process or its fan-out, then `on_failure`.
    func performStep(_ step: PlannedStep, in context: RunContext, scope: TemplateScope) async -> StepResult {
        let key = StepKey(run: context.run.id, step: step.id)
        let wasInterrupted = previous.unfinished.contains(key)
        // A command that finished, or any step its condition skipped, is kept as it was. A
        // fan-out that finished is entered again (its payload and its children's steps come
        // from the journal), so that its subtree shows in the summary.
        if let kept = previous.kept(key), step.fanOut == nil || kept.status == .skipped {
            let result = StepResult(
                id: step.id, status: kept.status, exitCode: kept.exitCode, attempt: kept.attempt,
                seconds: kept.seconds, outputs: kept.outputs,
                reason: kept.status == .skipped ? "its condition was false" : nil, fromCheckpoint: true)
            observer.observe(.stepFinished(run: context.run.id, result: result))
            return result
        }
        if let condition = step.condition {
            let decided: Bool
            if let recorded = previous.decisions[key] {
                decided = recorded
            } else {
                // Decided under the step's deadline: `timeout_seconds` bounds the step from
                // its condition on.
                let conditions = self.conditions
                let (decision, timedOut) = await withDeadline(seconds: step.timeoutSeconds) {
                    await conditions.decide(condition, in: scope)
                }
                switch decision {
                case .value(let value):
                    decided = value
                case .failed(let error):
                    return await finished(
                        key,
                        StepResult(
                            id: step.id, status: .failed, attempt: attempt(key),
                            reason: masker.mask("cannot evaluate its condition: \(error)")), journal: true)
                case .stopped where timedOut:
                    return await finished(
                        key,
                        StepResult(
                            id: step.id, status: .timedOut, attempt: attempt(key),
                            reason: "timed out after \(step.timeoutSeconds ?? 0)s before its condition was decided"),
                        journal: true)
                case .stopped:
                    return await finished(
                        key,
                        StepResult(
                            id: step.id, status: control.stoppedStatus, attempt: attempt(key),
                            reason: "not started: the exec was stopped"), journal: false)
                }
                await journal(JournalRecord(kind: .condition, run: key.run, step: key.step, status: decided ? "true" : "false"))
            }
            if !decided {
                return await finished(
                    key,
                    StepResult(
                        id: step.id, status: .skipped, attempt: attempt(key),
                        reason: "its condition was false"), journal: true)
            }
        }
        var result: StepResult
        if let fanOut = step.fanOut {
            result = await performFanOut(step, fanOut, key: key, in: context, scope: scope)
        } else {
            result = await performCommand(step, id: step.id, key: key, in: context, scope: scope)
        }
        result.wasInterrupted = wasInterrupted
        if result.status.isFailure && !step.onFailure.isEmpty && !Task.isCancelled {
            for handler in step.onFailure {
                let id = "\(step.id)/on_failure/\(handler.id)"
                let handled = await performCommand(
                    handler, id: id, key: StepKey(run: context.run.id, step: id),
                    in: context, scope: scope)
                result.onFailure.append(handled)
            }
        }
        return result
    }

    /// The attempt a new start of `key` is: one more than every start the journal holds.
    func attempt(_ key: StepKey) -> Int { (previous.starts[key] ?? 0) + 1 }

    /// Records a step's end in the journal (unless it was interrupted: then it has no end and
    /// runs again on `--resume`) and tells the observer.
    /// `logged`: the step wrote a log, which the `LogSyncer` writes to disk with the others
    /// at the exec's end.
    func finished(_ key: StepKey, _ result: StepResult, journal writes: Bool, logged: Bool = false) async -> StepResult {
        if logged { logSyncer.closed() }
        if writes && result.status != .interrupted {
            await journal(
                JournalRecord(
                    kind: .stepFinished, run: key.run, step: key.step, attempt: result.attempt,
                    status: result.status.rawValue, exitCode: result.exitCode,
                    outputs: result.outputs, seconds: result.seconds.map { ($0 * 1000).rounded() / 1000 }))
        }
        observer.observe(.stepFinished(run: key.run, result: result))
        return result
    }

    func performCommand(_ step: PlannedStep, id: String, key: StepKey, in context: RunContext, scope: TemplateScope) async -> StepResult {
        let attempt = attempt(key)
        let command: String
        let stepEnv: [String: String]
        switch Self.renderCommand(step, in: scope) {
        case .success(let rendered):
            (command, stepEnv) = rendered
        case .failure(let unrendered):
            return await finished(
                key,
                StepResult(
                    id: id, status: unrendered.status, attempt: attempt,
                    reason: masker.mask(unrendered.reason)), journal: false)
        }
        // An `on_failure` handler ranks as the step it handles.
        let index = context.run.steps.firstIndex { $0.id == String(key.step.prefix { $0 != "/" }) } ?? 0
        do {
            try await acquireSlot(context.run, step: index, what: "step '\(key.run)/\(id)'")
        } catch {
            return await finished(
                key,
                StepResult(
                    id: id, status: control.stoppedStatus, attempt: attempt,
                    reason: "not started: the exec was stopped"), journal: false)
        }
        do {
            if let need = step.resources { try await acquireResources(need, context.run, step: index, what: "step '\(key.run)/\(id)'") }
        } catch {
            await slots.release()
            return await finished(
                key,
                StepResult(
                    id: id, status: control.stoppedStatus, attempt: attempt,
                    reason: "not started: the exec was stopped"), journal: false)
        }
        if let debug = options.debug { debug("step '\(key.run)/\(id)' starts") }
        let runner = CommandStep(
            launcher: launcher, masker: masker, grace: options.killGrace,
            scratch: workspace.scratch, logs: logs, sink: lineSink,
            maxOutput: options.maxOutputBytes)
        let environment = StepEnvironment.build(
            base: options.baseEnvironment, run: context.run, stepID: id, attempt: attempt, inputs: scope.inputs,
            runEnv: scope.env, stepEnv: stepEnv, secrets: context.secrets,
            outputsFile: runner.outputsPath(run: context.run.id, id: id, attempt: attempt))
        await journal(JournalRecord(kind: .stepStarted, run: key.run, step: key.step, attempt: attempt))
        observer.observe(.stepStarted(run: context.run.id, step: id, attempt: attempt, log: logs.path(run: context.run.id, step: id)))
        let started = ContinuousClock.now
        let ended: CommandStep.Ended
        let ran = !(control.reason != nil || Task.isCancelled)
        if !ran {
            ended = CommandStep.Ended(status: control.stoppedStatus, reason: "not started: the exec was stopped")
        } else {
            // The process group is journaled while the step runs, so that a resumed exec can
            // stop what this one leaves running if it is killed. Nothing waits for it to reach
            // the disk: the processes it names live only as long as this machine runs, and a
            // crash of tako alone keeps a written record (the page cache); a record not yet
            // written when tako dies is made up for by the search for the attempt's
            // $TAKO_OUTPUTS. Waiting held every step's end for an fsync.
            ended = await runner.run(
                step, id: id, runID: context.run.id, command: command, workdir: context.workdir,
                environment: environment, attempt: attempt
            ) { group in
                await self.journal(
                    JournalRecord(
                        kind: .processGroup, run: key.run, step: key.step, attempt: attempt,
                        group: group, groupStart: OrphanGroups.startTime(of: group)),
                    waitForDisk: false)
            }
        }
        if let need = step.resources { await resources.release(need) }
        await slots.release()
        var status = ended.status
        if status == .cancelled && control.isInterrupted { status = .interrupted }
        let result = StepResult(
            id: id, status: status, exitCode: ended.exitCode, attempt: attempt,
            seconds: (ContinuousClock.now - started).seconds, outputs: ended.outputs,
            reason: ended.reason ?? ended.logProblem.map { "its log is incomplete: \($0)" },
            tail: status.isFailure ? ended.tail : [], log: ended.log,
            command: ran ? masker.mask(command) : nil)
        return await finished(key, result, journal: true, logged: ended.logged)
    }

    /// Why a step's command was not rendered: `skipped` when it reads outputs of a step that
    /// failed or was skipped, `failed` otherwise.
    struct Unrendered: Error {
        var status: StepStatus
        var reason: String
    }

    /// A `run:` step's command and `env` rendered over the run's values (`tako exec` and
    /// `tako step` alike).
    static func renderCommand(_ step: PlannedStep, in scope: TemplateScope) -> Result<(command: String, env: [String: String]), Unrendered>
    {
        guard let run = step.run else {
            return .failure(Unrendered(status: .failed, reason: "the step has neither a command nor a fan-out"))
        }
        do {
            return .success((try scope.render(run), try scope.render(step.env)))
        } catch {
            let status: StepStatus = if case .dependsOn = error { .skipped } else { .failed }
            return .failure(Unrendered(status: status, reason: error.message))
        }
    }
}
