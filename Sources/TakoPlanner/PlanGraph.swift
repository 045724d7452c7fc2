import TakoGraph
import TakoPlanFormat

/// The runs of a plan as a graph: one node per run, an edge per fan-out, labelled with the
/// event and dashed when it depends on a condition left for run time: the fan-out step's
/// `if`, or the child run's condition (its subscription's filters), both shown in the label.
public enum PlanGraph {
    public static func graph(_ plan: Plan) -> Digraph<String> {
        var g = Digraph<String>()
        for run in plan.runs { g.add(run.id) }
        for run in plan.runs {
            for step in run.steps {
                for child in step.fanOut?.children ?? [] { g.addEdge(from: run.id, to: child) }
            }
        }
        return g
    }

    public static func style(_ plan: Plan) -> GraphStyle<String> {
        var runs: [String: PlannedRun] = [:]
        for run in plan.runs { runs[run.id] = run }
        var edgeStep: [String: PlannedStep] = [:]
        for run in plan.runs {
            for step in run.steps { for child in step.fanOut?.children ?? [] { edgeStep[child] = step } }
        }
        let byID = runs, stepOf = edgeStep
        return GraphStyle(
            label: { id in byID[id].map { "\($0.repo)\n\($0.workflow) (\(id))" } ?? id },
            edgeLabel: { _, to in
                guard let step = stepOf[to], let fan = step.fanOut else { return nil }
                // The fan-out step's own `if` first, then the child run's condition.
                return fan.event.type + (step.condition.map { "\nif \($0)" } ?? "") + (byID[to]?.condition.map { "\nif \($0)" } ?? "")
            },
            dashed: { _, to in stepOf[to]?.condition != nil || byID[to]?.condition != nil })
    }

    public static func dot(_ plan: Plan) -> String {
        GraphRendering.dot(graph(plan), name: "\(plan.root.repo) \(plan.root.workflow)", style: style(plan))
    }

    public static func mermaid(_ plan: Plan) -> String {
        GraphRendering.mermaid(graph(plan), style: style(plan))
    }

    /// One line per run, indented under the run whose fan-out starts it.
    public static func text(_ plan: Plan) -> String {
        var children: [String: [String]] = [:]
        for run in plan.runs { if let p = run.parent?.split(separator: "/").first { children[String(p), default: []].append(run.id) } }
        var runs: [String: PlannedRun] = [:]
        for run in plan.runs { runs[run.id] = run }
        var lines: [String] = []
        func visit(_ id: String, _ depth: Int) {
            guard let run = runs[id] else { return }
            let via = run.trigger.map { "  ← \($0.eventType)" } ?? ""
            let condition = run.condition.map { "  [if \($0)]" } ?? ""
            lines.append(String(repeating: "  ", count: depth) + "\(id) \(run.repo) · \(run.workflow)\(via)\(condition)")
            for c in children[id] ?? [] { visit(c, depth + 1) }
        }
        if let root = plan.runs.first { visit(root.id, 0) }
        return lines.joined(separator: "\n") + "\n"
    }
}
