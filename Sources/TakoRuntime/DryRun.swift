import TakoPlanFormat

/// `--dry-run`: what would run, in plan order, without running, checking out or locking
/// anything. Commands known at plan time are shown as they will run; the rest keep their
/// `{{ holes }}`, which are rendered when the values exist. Conditions are shown undecided.
public enum DryRun {
    public static func render(_ plan: Plan) -> String {
        var lines = ["plan \(plan.digest): " + Summary.count(plan.runs.count, "run")]
        for run in plan.runs {
            let depth = depth(of: run, in: plan)
            let indent = String(repeating: "  ", count: depth)
            let repo = plan.repository(named: run.repo)
            let at = repo.map { r in r.source == .root ? "in \(r.path)" : "at \(r.commit.map { String($0.prefix(12)) } ?? "?")" } ?? ""
            lines.append("")
            lines.append(indent + "run \(run.id): \(run.repo) · \(run.workflow) \(at)" + (run.parent.map { "  ← \($0)" } ?? ""))
            if let condition = run.condition {
                lines.append(indent + "  if \(condition)  (" + undecided(condition) + ")")
            }
            for (name, value) in run.inputs.sorted(by: { $0.key < $1.key }) {
                lines.append(indent + "  input \(name) = " + continued(show(value), indent + "    "))
            }
            for step in run.steps { lines.append(contentsOf: describe(step, indent: indent + "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ step: PlannedStep, indent: String) -> [String] {
        var lines: [String] = []
        var flags: [String] = []
        if let t = step.timeoutSeconds { flags.append("timeout \(t)s") }
        if step.continueOnError { flags.append("continue on error") }
        if let c = step.condition { flags.append("if \(c)") }
        let suffix = flags.isEmpty ? "" : "  [" + flags.joined(separator: ", ") + "]"
        if let fanOut = step.fanOut {
            var f: [String] = [fanOut.waitForChildren ? "waits" : "does not wait"]
            if let l = fanOut.concurrencyLimit { f.append("at most \(l) at once") }
            if fanOut.failFast { f.append("fail fast") }
            if let t = fanOut.timeoutSeconds { f.append("subtree timeout \(t)s") }
            lines.append(
                indent + "\(step.id): fan out \(fanOut.event.type) to \(fanOut.children.joined(separator: ", ")) ("
                    + f.joined(separator: ", ") + ")" + suffix)
            for (key, value) in fanOut.event.payload.sorted(by: { $0.key < $1.key }) {
                lines.append(indent + "    payload \(key) = " + continued(show(value), indent + "      "))
            }
        } else {
            lines.append(indent + "\(step.id): " + continued(step.run.map(show) ?? "(no command)", indent + "  ") + suffix)
        }
        for handler in step.onFailure {
            lines.append(indent + "    on failure \(handler.id): " + continued(handler.run.map(show) ?? "(no command)", indent + "      "))
        }
        return lines
    }

    /// A multi-line text with every line after the first indented by `indent` and a bar,
    /// so a multi-line command stays under its step instead of starting at the margin.
    static func continued(_ text: String, _ indent: String) -> String {
        guard text.contains("\n") else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.enumerated().map { $0.offset == 0 ? String($0.element) : indent + "│ " + $0.element }.joined(separator: "\n")
    }

    /// A run's condition is never decided before the run would start: what it will read then.
    static func undecided(_ condition: String) -> String {
        let reads = CELConditionEvaluator.environment().compile(condition).program?.referencedAttributes.sorted() ?? []
        return "decided when the run would start" + (reads.isEmpty ? "" : ", from " + reads.joined(separator: ", "))
            + "; false skips it and the runs it starts"
    }

    private static func show(_ value: PlannedValue) -> String {
        switch value {
        case .value(let v): v
        case .template(let t): t
        }
    }

    private static func depth(of run: PlannedRun, in plan: Plan) -> Int {
        var depth = 0
        var current = run
        while let parent = current.parent, depth < 64,
            let up = plan.run(id: PlannedRun.runID(ofParent: parent))
        {
            depth += 1
            current = up
        }
        return depth
    }
}

extension PlannedRun {
    /// The run part of a `RUN/STEP` parent reference (step IDs never hold a slash).
    static func runID(ofParent parent: String) -> String {
        guard let slash = parent.lastIndex(of: "/") else { return parent }
        return String(parent[..<slash])
    }
}
