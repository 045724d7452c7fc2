import Foundation
import TakoPlanFormat

extension Scheduler {
    /// `tako/fan-out@v1`: renders the event payload (or takes it from the journal, so a
    /// resumed exec passes on exactly what the first one did), starts the child runs within
    /// `concurrency_limit`, and fails when any child run fails. `fail_fast` stops the
    /// siblings at the first failure; `timeout_seconds` bounds the whole subtree.
    func performFanOut(
        _ step: PlannedStep, _ fanOut: PlannedFanOut, key: StepKey, in context: RunContext,
        scope: TemplateScope
    ) async -> StepResult {
        let kept = previous.kept(key) != nil
        let attempt = kept ? (previous.finished[key]?.attempt ?? 1) : attempt(key)
        let payload: [String: String]
        if let recorded = previous.payloads[key] {
            payload = recorded
        } else {
            do {
                payload = masker.mask(try scope.render(fanOut.event.payload))
            } catch {
                let status: StepStatus = if case .dependsOn = error { .skipped } else { .failed }
                return await finished(
                    key,
                    StepResult(
                        id: step.id, status: status, attempt: attempt,
                        reason: "cannot render the event payload: \(masker.mask(error.message))",
                        children: fanOut.children), journal: false)
            }
            await journal(JournalRecord(kind: .payload, run: key.run, step: key.step, payload: payload))
        }
        if !kept {
            await journal(JournalRecord(kind: .stepStarted, run: key.run, step: key.step, attempt: attempt))
        }
        observer.observe(.fanOutStarted(run: key.run, step: step.id, children: fanOut.children, attempt: attempt))
        let started = ContinuousClock.now
        let children = fanOut.children.compactMap { plan.run(id: $0) }
        let limit = Limiter(limit: fanOut.concurrencyLimit ?? max(1, children.count))
        let event = FanOutEvent(fanOut, of: context.run, payload: payload)
        let (failures, timedOut) = await withDeadline(seconds: fanOut.timeoutSeconds) { () -> [String] in
            await withTaskGroup(of: (String, RunStatus).self) { group -> [String] in
                for child in children {
                    group.addTask {
                        do {
                            if try await limit.acquire(rank: self.rank(child, step: 0)), let debug = self.options.debug {
                                debug(
                                    "run '\(child.id)' waited for the concurrency_limit \(fanOut.concurrencyLimit ?? 0) of fan-out '\(key.run)/\(step.id)'"
                                )
                            }
                        } catch {
                            let status: RunStatus = self.control.isInterrupted ? .interrupted : .cancelled
                            let stepStatus: StepStatus = self.control.isInterrupted ? .interrupted : .cancelled
                            await self.book.record(
                                RunResult(
                                    id: child.id, repo: child.repo, workflow: child.workflow, parent: child.parent, status: status,
                                    reason: "not started: stopped while waiting for a slot",
                                    steps: child.steps.map { StepResult(id: $0.id, status: stepStatus) }))
                            return (child.id, status)
                        }
                        let status = await self.perform(child, event: event)
                        await limit.release()
                        return (child.id, status)
                    }
                }
                var failed: [String] = []
                for await (id, status) in group where status == .failed {
                    failed.append(id)
                    if fanOut.failFast { group.cancelAll() }
                }
                return failed
            }
        }
        var result = StepResult(
            id: step.id, status: .succeeded, attempt: attempt,
            seconds: (ContinuousClock.now - started).seconds, children: fanOut.children)
        if timedOut {
            result.status = .timedOut
            result.reason = "its child runs did not finish within \(fanOut.timeoutSeconds ?? 0)s"
        } else if !failures.isEmpty {
            result.status = .failed
            result.reason = "child run\(failures.count == 1 ? "" : "s") failed: " + failures.sorted().joined(separator: ", ")
        } else if Task.isCancelled || control.reason != nil, await !allSucceeded(children) {
            result.status = control.stoppedStatus
            result.reason = "stopped before its child runs finished"
        }
        if kept && result.status == .succeeded {
            result.fromCheckpoint = true
            observer.observe(.stepFinished(run: key.run, result: result))
            return result
        }
        return await finished(key, result, journal: true)
    }

    /// Every child ended well: it succeeded, or its condition skipped it.
    private func allSucceeded(_ runs: [PlannedRun]) async -> Bool {
        let book = await self.book.runs
        return runs.allSatisfy { book[$0.id]?.status == .succeeded || book[$0.id]?.status == .skipped }
    }
}
