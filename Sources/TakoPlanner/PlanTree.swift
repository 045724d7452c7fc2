import TakoPlanFormat

/// `takoc plan --format text`: the fan-out tree. Each run shows its repository, workflow and
/// trigger; each step its command (or `⟨run time⟩` parts), each fan-out its children below it.
public enum PlanTree {
    public static func render(_ plan: Plan) -> String {
        var byID: [String: PlannedRun] = [:]
        for run in plan.runs { byID[run.id] = run }
        var lines: [String] = []
        let repoCount = Set(plan.runs.map(\.repo)).count
        let stepCount = plan.runs.reduce(0) { $0 + $1.steps.count }
        lines.append("plan \(plan.root.repo) '\(plan.root.workflow)': \(plan.runs.count) runs in \(repoCount) repositories, \(stepCount) steps")
        if let root = plan.runs.first {
            render(run: root, prefix: "", byID: byID, into: &lines)
        }
        lines.append("digest \(plan.digest)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(run: PlannedRun, prefix: String, byID: [String: PlannedRun], into lines: inout [String]) {
        var head = "\(run.id) \(run.repo) · \(run.workflow)"
        if let t = run.trigger {
            head += "  ← \(t.eventType)" + (t.schemaVersion.map { " \($0)" } ?? "") + " (\(t.subscription))"
        }
        lines.append(head)
        let inputs = run.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\(describe($0.value))" }
        if !inputs.isEmpty { lines.append(prefix + "│ inputs: " + inputs.joined(separator: ", ")) }
        for (i, step) in run.steps.enumerated() {
            let last = i == run.steps.count - 1
            let branch = last ? "└─ " : "├─ "
            let childPrefix = prefix + (last ? "   " : "│  ")
            if let fan = step.fanOut {
                var line = "\(step.id): fan-out \(fan.event.type)"
                if let v = fan.event.schemaVersion { line += " \(v)" }
                line += " → \(fan.children.count) run\(fan.children.count == 1 ? "" : "s")"
                if !fan.waitForChildren { line += " (does not wait)" }
                if let c = step.condition { line += "  [if \(c)]" }
                lines.append(prefix + branch + line)
                for (j, childID) in fan.children.enumerated() {
                    guard let child = byID[childID] else { continue }
                    let lastChild = j == fan.children.count - 1
                    let childLinePrefix = childPrefix + (lastChild ? "└─ " : "├─ ")
                    var sub: [String] = []
                    render(run: child, prefix: "", byID: byID, into: &sub)
                    for (k, l) in sub.enumerated() {
                        lines.append((k == 0 ? childLinePrefix : childPrefix + (lastChild ? "   " : "│  ")) + l)
                    }
                }
            } else {
                let command = step.run.map(describe) ?? ""
                var line = "\(step.id): \(command)"
                if let c = step.condition { line += "  [if \(c)]" }
                lines.append(prefix + branch + line)
            }
        }
    }

    /// A value as it is, a template with `⟨run time⟩` marking what tako exec fills in.
    static func describe(_ v: PlannedValue) -> String {
        switch v {
        case .value(let s): return oneLine(s)
        case .template(let t): return oneLine(t) + " ⟨run time⟩"
        }
    }

    private static func oneLine(_ s: String) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }
}
