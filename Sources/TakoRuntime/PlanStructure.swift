import TakoBasics
import TakoPlanFormat

/// The shape a plan must have before `tako exec` runs any of it, whatever its digest says
/// (the digest proves the file is whole, not who wrote it): run and step IDs that are safe
/// as one path segment and unique, every child run under exactly one fan-out, runs that
/// form a tree from the root runs, positive limits and timeouts, repositories that exist.
/// Run and step IDs become folder and file names (checkouts, logs, scratch files) only
/// after this check. Each refusal names the run or step (exit 2).
public enum PlanStructure {
    /// Longest ID, in bytes: a file name is at most 255 bytes, and the longest one an ID
    /// becomes is `.partial-ID` or `ID.ATTEMPT.outputs`.
    public static let maxIDBytes = 200
    /// Longest timeout: ten years (a larger one overflows the clock's arithmetic).
    public static let maxTimeoutSeconds = 10 * 365 * 24 * 3600

    public static func check(_ plan: Plan) throws(ExecError) {
        var runsByID: [String: PlannedRun] = [:]
        var folders: [String: String] = [:]
        for run in plan.runs {
            let which = "run \(shown(run.id))"
            if let problem = problem(ofID: run.id) {
                throw ExecError(.plan, "\(which) (\(run.provenance)): its ID \(problem); the plan is damaged or was not made by takoc")
            }
            if runsByID[run.id] != nil {
                throw ExecError(.plan, "\(which) appears twice in the plan; the plan is damaged or was not made by takoc")
            }
            // Distinct IDs that would share a checkout or log folder.
            let folder = RunCheckouts.safeName(run.id)
            if let other = folders[folder] {
                throw ExecError(
                    .plan,
                    "\(which) and run \(shown(other)) would share the folder '\(folder)'; "
                        + "the plan is damaged or was not made by takoc")
            }
            folders[folder] = run.id
            runsByID[run.id] = run
            if plan.repository(named: run.repo) == nil {
                throw ExecError(
                    .plan,
                    "\(which) names repository \(shown(run.repo)), which the plan does not list; the plan is damaged or was not made by takoc"
                )
            }
            try checkSteps(run.steps, of: run, within: nil)
        }
        if plan.limits.maxDepth < 1 {
            throw ExecError(.plan, "the plan's max_depth is \(plan.limits.maxDepth); it must be at least 1")
        }
        try checkTree(plan, runsByID)
    }

    /// The steps of a run (or the `on_failure` steps of one of them, `within`).
    private static func checkSteps(_ steps: [PlannedStep], of run: PlannedRun, within: String?) throws(ExecError) {
        var seen: [String: String] = [:]
        for step in steps {
            let name = (within.map { "\($0)/on_failure/" } ?? "") + step.id
            let which = "step \(shown(name)) of run \(shown(run.id))"
            if let problem = problem(ofID: step.id) {
                throw ExecError(.plan, "\(which) (\(step.provenance)): its ID \(problem); the plan is damaged or was not made by takoc")
            }
            let file = RunCheckouts.safeName(step.id)
            if let other = seen[file] {
                throw ExecError(
                    .plan,
                    other == step.id
                        ? "\(which) appears twice in its run; the plan is damaged or was not made by takoc"
                        : "\(which) and step \(shown(other)) would share the log '\(file).log'; the plan is damaged or was not made by takoc"
                )
            }
            seen[file] = step.id
            if let t = step.timeoutSeconds { try checkTimeout(t, "\(which): timeout_seconds") }
            if let fanOut = step.fanOut {
                if within != nil {
                    throw ExecError(.plan, "\(which) is an on_failure step with a fan-out; on_failure steps run commands only")
                }
                if step.run != nil {
                    throw ExecError(.plan, "\(which) has both a command and a fan-out; a step is one or the other")
                }
                if let t = fanOut.timeoutSeconds { try checkTimeout(t, "\(which): the fan-out's timeout_seconds") }
                if let l = fanOut.concurrencyLimit, l < 1 {
                    throw ExecError(.plan, "\(which): concurrency_limit is \(l); it must be at least 1")
                }
            } else if step.run == nil {
                throw ExecError(.plan, "\(which) has neither a command nor a fan-out")
            }
            for output in step.outputs where output.source == .file {
                guard let path = output.path, !path.isEmpty, !path.utf8.contains(0) else {
                    throw ExecError(.plan, "\(which): output \(shown(output.name)) reads a file but names no path")
                }
            }
            if within == nil {
                try checkSteps(step.onFailure, of: run, within: step.id)
            } else if !step.onFailure.isEmpty {
                throw ExecError(.plan, "\(which) is an on_failure step with on_failure steps of its own; they would never run")
            }
        }
    }

    private static func checkTimeout(_ seconds: Int, _ what: String) throws(ExecError) {
        guard seconds >= 1, seconds <= maxTimeoutSeconds else {
            throw ExecError(.plan, "\(what) is \(seconds); it must be from 1 to \(maxTimeoutSeconds) (ten years)")
        }
    }

    /// Every child run is listed by exactly one fan-out, the one its `parent` names, and
    /// every run is reached from a root run exactly once (no cycle, nothing cut off).
    private static func checkTree(_ plan: Plan, _ runs: [String: PlannedRun]) throws(ExecError) {
        var startedBy: [String: String] = [:]
        for run in plan.runs {
            for step in run.steps {
                guard let fanOut = step.fanOut else { continue }
                let here = "\(run.id)/\(step.id)"
                for child in fanOut.children {
                    guard let started = runs[child] else {
                        throw ExecError(.plan, "fan-out \(shown(here)) starts run \(shown(child)), which the plan does not have")
                    }
                    if let earlier = startedBy[child] {
                        throw ExecError(
                            .plan,
                            earlier == here
                                ? "fan-out \(shown(here)) lists run \(shown(child)) twice; a run starts once"
                                : "run \(shown(child)) is started by two fan-outs, \(shown(earlier)) and \(shown(here)); a run hangs under exactly one"
                        )
                    }
                    startedBy[child] = here
                    guard started.parent == here else {
                        throw ExecError(
                            .plan,
                            "run \(shown(child)) is started by fan-out \(shown(here)) but "
                                + (started.parent.map { "names \(shown($0)) as its parent" } ?? "has no parent")
                                + "; the plan is damaged or was not made by takoc")
                    }
                }
            }
        }
        let roots = plan.runs.filter { $0.parent == nil }
        for run in plan.runs {
            if let parent = run.parent, startedBy[run.id] == nil {
                throw ExecError(.plan, "run \(shown(run.id)) names \(shown(parent)) as its parent, but no fan-out of the plan starts it")
            }
        }
        guard !roots.isEmpty || plan.runs.isEmpty else {
            throw ExecError(
                .plan,
                "every run of the plan has a parent, so none starts first: the runs form a cycle ("
                    + plan.runs.prefix(5).map { "\(shown($0.id)) ← \(shown($0.parent ?? ""))" }.joined(separator: ", ") + ")")
        }
        // Each run has exactly one parent fan-out, so a walk from the roots reaches each
        // run at most once; the runs it does not reach hang on a cycle.
        var reached: Set<String> = []
        var queue = roots.map(\.id)
        while let id = queue.popLast() {
            guard reached.insert(id).inserted, let run = runs[id] else { continue }
            for step in run.steps { queue.append(contentsOf: step.fanOut?.children ?? []) }
        }
        if let cut = plan.runs.first(where: { !reached.contains($0.id) }) {
            throw ExecError(
                .plan,
                "run \(shown(cut.id)) is not reached from the root run: its fan-out \(shown(cut.parent ?? "")) "
                    + "belongs to a cycle of runs that start each other; the plan is damaged or was not made by takoc")
        }
    }

    /// Why an ID cannot be a run's or a step's, or nil.
    static func problem(ofID id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id == "." || id == ".." { return "is '\(id)', which names a folder" }
        if id.contains("/") { return "contains '/'" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
            return "contains a control character"
        }
        if id.utf8.count > maxIDBytes { return "is \(id.utf8.count) bytes long, more than \(maxIDBytes)" }
        return nil
    }

    /// An ID in a message: quoted, control characters escaped.
    static func shown(_ id: String) -> String { "'" + TerminalText.escape(id) + "'" }
}
