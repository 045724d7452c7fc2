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
        // The children in critical-path order (the plan's order with --schedule fifo): the
        // window below takes them from the front, so the runs that start first are the ones
        // the scheduler would pick first.
        let ordered = children.enumerated().sorted { a, b in
            let (first, second) = (rank(a.element, step: 0), rank(b.element, step: 0))
            return first != second ? first > second : a.offset < b.offset
        }.map(\.element)
        let window = max(1, min(children.count, max(Self.childWindow, 4 * options.maxParallel)))
        let (failures, timedOut) = await withDeadline(seconds: fanOut.timeoutSeconds) { () -> [String] in
            await withTaskGroup(of: (String, RunStatus).self) { group -> [String] in
                // Not started: stopped before it got a place.
                @Sendable func notStarted(_ child: PlannedRun) async -> (String, RunStatus) {
                    let status: RunStatus = self.control.isInterrupted ? .interrupted : .cancelled
                    let stepStatus: StepStatus = self.control.isInterrupted ? .interrupted : .cancelled
                    await self.book.record(
                        RunResult(
                            id: child.id, repo: child.repo, workflow: child.workflow, parent: child.parent, status: status,
                            reason: "not started: stopped while waiting for a slot",
                            steps: child.steps.map { StepResult(id: $0.id, status: stepStatus) }))
                    return (child.id, status)
                }
                @Sendable func start(_ child: PlannedRun) async -> (String, RunStatus) {
                    do {
                        if try await limit.acquire(rank: self.rank(child, step: 0)), let debug = self.options.debug {
                            debug(
                                "run '\(child.id)' waited for the concurrency_limit \(fanOut.concurrencyLimit ?? 0) of fan-out '\(key.run)/\(step.id)'"
                            )
                        }
                    } catch {
                        return await notStarted(child)
                    }
                    let status = await self.perform(child, event: event)
                    await limit.release()
                    return (child.id, status)
                }
                // A child run's task is created only when one of the first `window` ends:
                // a suspended task keeps its frames (some 20 KiB), and a fan-out to 5,000
                // runs with all of them waiting for a slot took 100 MB for nothing.
                var pending = ordered[...]
                for child in pending.prefix(window) { group.addTask { await start(child) } }
                pending = pending.dropFirst(window)
                var failed: [String] = []
                while let (id, status) = await group.next() {
                    if status == .failed {
                        failed.append(id)
                        if fanOut.failFast { group.cancelAll() }
                    }
                    guard let next = pending.popFirst() else { continue }
                    if group.isCancelled || Task.isCancelled {
                        for child in [next] + pending { _ = await notStarted(child) }
                        pending = []
                    } else {
                        group.addTask { await start(next) }
                    }
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

    /// Child runs of one fan-out in progress at once (at least four times `--max-parallel`;
    /// `concurrency_limit` bounds them further): a run waiting for its children holds no
    /// process slot, so this bounds tasks, not parallelism.
    static let childWindow = 32

    /// Every child ended well: it succeeded, or its condition skipped it.
    private func allSucceeded(_ runs: [PlannedRun]) async -> Bool {
        let book = await self.book.runs
        return runs.allSatisfy { book[$0.id]?.status == .succeeded || book[$0.id]?.status == .skipped }
    }
}
