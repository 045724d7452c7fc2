import TakoPlanFormat

/// `takoc plan --format text`: the fan-out tree. Each run shows its repository, workflow,
/// trigger and condition; each step its command (or `⟨run time⟩` parts) and condition, each
/// fan-out its children below it. `[if ...]` marks what tako exec decides.
public enum PlanTree {
    public static func render(_ plan: Plan) -> String {
        body(plan) + digestLine(plan)
    }

    /// The last line: the sealed plan's digest.
    public static func digestLine(_ plan: Plan) -> String { "digest \(plan.digest)\n" }

    /// Everything but the digest line: it needs only the runs, so it can be drawn while the
    /// plan is sealed.
    public static func body(_ plan: Plan) -> String {
        var byID: [String: PlannedRun] = [:]
        byID.reserveCapacity(plan.runs.count)
        for run in plan.runs { byID[run.id] = run }
        var shapes = Shapes(byID: byID)
        let repoCount = Set(plan.runs.map(\.repo)).count
        let stepCount = plan.runs.reduce(0) { $0 + $1.steps.count }
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        var out =
            "plan \(plan.root.repo) '\(plan.root.workflow)': \(count(plan.runs.count, "run", "runs")) in "
            + "\(count(repoCount, "repository", "repositories")), \(count(stepCount, "step", "steps"))\n"
        if let root = plan.runs.first {
            render(run: root, first: "", rest: "", byID: byID, shapes: &shapes, into: &out)
        }
        return out
    }

    /// One run and what it starts: its first line after `first`, the lines below it after `rest`.
    private static func render(
        run: PlannedRun, first: String, rest: String, byID: [String: PlannedRun], shapes: inout Shapes,
        into out: inout String
    ) {
        var head = "\(run.id) \(run.repo) · \(run.workflow)"
        if let t = run.trigger {
            head += "  ← \(t.eventType)" + (t.schemaVersion.map { " \($0)" } ?? "") + " (\(t.subscription))"
        }
        // Its subscription's filters left for run time: tako exec may skip it and its subtree.
        if let c = run.condition { head += "  [if \(c)]" }
        // A subtree identical to one already shown is one line: which, and how many runs.
        if let earlier = shapes.firstRun(withShapeOf: run.id), earlier != run.id {
            let count = shapes.runCount(run.id)
            out += first + head + "  — same as \(earlier)" + (count > 1 ? ", \(count) runs" : "") + "\n"
            return
        }
        out += first + head + "\n"
        let inputs = run.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\(describe($0.value))" }
        if !inputs.isEmpty { out += rest + "│ inputs: " + inputs.joined(separator: ", ") + "\n" }
        for (i, step) in run.steps.enumerated() {
            let last = i == run.steps.count - 1
            let branch = last ? "└─ " : "├─ "
            let childPrefix = rest + (last ? "   " : "│  ")
            if let fan = step.fanOut {
                var line = "\(step.id): fan-out \(fan.event.type)"
                if let v = fan.event.schemaVersion { line += " \(v)" }
                line += " → \(fan.children.count) run\(fan.children.count == 1 ? "" : "s")"
                if !fan.waitForChildren { line += " (does not wait)" }
                if let c = step.condition { line += "  [if \(c)]" }
                out += rest + branch + line + "\n"
                for (j, childID) in fan.children.enumerated() {
                    guard let child = byID[childID] else { continue }
                    let lastChild = j == fan.children.count - 1
                    render(
                        run: child, first: childPrefix + (lastChild ? "└─ " : "├─ "), rest: childPrefix + (lastChild ? "   " : "│  "),
                        byID: byID, shapes: &shapes, into: &out)
                }
            } else {
                let command = step.run.map(describe) ?? ""
                var line = "\(step.id): \(command)"
                if let c = step.condition { line += "  [if \(c)]" }
                out += rest + branch + line + "\n"
            }
        }
    }

    /// Identical subtrees: same repository, workflow, inputs, steps and children, all the way down.
    /// Each run's shape is a small number: its own fields with its children's numbers, so a
    /// tree of thousands of runs is compared in time linear in its size.
    struct Shapes {
        let byID: [String: PlannedRun]
        private var shapeOf: [String: Int] = [:]
        private var numbers: [Key: Int] = [:]
        private var counts: [String: Int] = [:]
        private var firstByShape: [Int: String] = [:]

        private struct StepShape: Hashable {
            var id: String
            var run: PlannedValue?
            var condition: String?
            var children: [Int]
        }

        private struct Key: Hashable {
            var repo: String
            var workflow: String
            var event: String?
            var subscription: String?
            var condition: String?
            var inputs: [String: PlannedValue]
            var steps: [StepShape]
        }

        init(byID: [String: PlannedRun]) { self.byID = byID }

        mutating func firstRun(withShapeOf id: String) -> String? {
            let shape = self.shape(id)
            if let first = firstByShape[shape] { return first }
            firstByShape[shape] = id
            return nil
        }

        mutating func runCount(_ id: String) -> Int {
            if let c = counts[id] { return c }
            let children = byID[id]?.steps.flatMap { $0.fanOut?.children ?? [] } ?? []
            let c = 1 + children.reduce(0) { $0 + runCount($1) }
            counts[id] = c
            return c
        }

        private mutating func shape(_ id: String) -> Int {
            if let s = shapeOf[id] { return s }
            guard let run = byID[id] else { return -1 }
            var steps: [StepShape] = []
            steps.reserveCapacity(run.steps.count)
            for step in run.steps {
                steps.append(
                    StepShape(
                        id: step.id, run: step.run, condition: step.condition,
                        children: (step.fanOut?.children ?? []).map { shape($0) }))
            }
            let key = Key(
                repo: run.repo, workflow: run.workflow, event: run.trigger?.eventType, subscription: run.trigger?.subscription,
                condition: run.condition, inputs: run.inputs, steps: steps)
            let number: Int
            if let known = numbers[key] {
                number = known
            } else {
                number = numbers.count
                numbers[key] = number
            }
            shapeOf[id] = number
            return number
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
        // Most values are short single lines: no need to count their characters.
        if s.utf8.count <= 100, !s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C || $0 >= 0x80 }) { return s }
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }
}
