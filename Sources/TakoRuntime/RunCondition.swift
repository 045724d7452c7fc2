import TakoPlanFormat

extension Scheduler {
    /// What a child run's condition (its subscription's filters the compiler left for run
    /// time) says about starting it.
    enum RunStart {
        case start
        /// False: the run and its subtree are skipped, for this reason.
        case skip(String)
        /// It could not be evaluated: the run fails, for this reason.
        case fail(String)
    }

    /// Decides `run.condition` over the event its fan-out emitted (in `scope`), or takes the
    /// decision from the journal on `--resume`, so a run skipped the first time stays skipped
    /// and one started stays started. A new decision is journaled before anything of the run
    /// happens, as a `condition` record with the run and no step.
    func decideStart(of run: PlannedRun, in scope: TemplateScope) async -> RunStart {
        guard let condition = run.condition else { return .start }
        if let recorded = previous.runDecisions[run.id] {
            return recorded ? .start : .skip("its condition was false (decided by an earlier exec): \(condition)")
        }
        let decided: Bool
        do {
            decided = try conditions.evaluate(condition, in: scope)
        } catch {
            return .fail("cannot evaluate its condition: \(error)")
        }
        await journal(JournalRecord(kind: .condition, run: run.id, status: decided ? "true" : "false"))
        return decided ? .start : .skip("its condition was false: \(condition)")
    }

    /// Books every run that `run`'s fan-outs would have started, all the way down, as
    /// skipped: `run` did not start.
    func skipSubtree(of run: PlannedRun) async {
        for step in run.steps {
            for child in (step.fanOut?.children ?? []).compactMap({ plan.run(id: $0) }) {
                await book.record(RunResult(
                    id: child.id, repo: child.repo, workflow: child.workflow, parent: child.parent, status: .skipped,
                    reason: "not started: run \(run.id) did not start",
                    steps: child.steps.map { StepResult(id: $0.id, status: .skipped, reason: "its run did not start") }))
                await skipSubtree(of: child)
            }
        }
    }
}
