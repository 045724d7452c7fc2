import TakoBasics
import TakoIR
import TakoResolve

/// A subscription filter decided while planning, kept for `--explain`: false for the event
/// (the run is dropped), or left for `tako exec` with the run-time values it reads.
public enum FilterDecision: Sendable {
    case falseFilter(ExpressionDecl, subscriber: String)
    case leftForRunTime(ExpressionDecl, subscriber: String, workflow: String, run: String, reads: Set<String>, fanOut: String)
}

/// `takoc plan --explain`: why each run is, or is not, in the plan. Made at the end from
/// what linking and planning produced, and only when asked.
public enum Explanations {
    /// The lines, in file and line order.
    public static func lines(_ outcome: PlanOutcome) -> [String] {
        var out: [String] = []
        if let linked = outcome.linked {
            for fanOut in linked.fanOuts { out += lines(fanOut) }
        }
        for decision in outcome.decisions { out.append(line(decision)) }
        return inSourceOrder(out)
    }

    /// The lines in file and line order: each starts with `FILE:LINE:COL`, compared as a file
    /// name then as numbers (line 9 before line 10), then by the rest of the text.
    public static func inSourceOrder(_ lines: [String]) -> [String] {
        func key(_ line: String) -> (file: String, line: Int, column: Int) {
            let head = line.prefix { $0 != " " }
            let parts = head.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let l = Int(parts[1]), let c = Int(parts[2].prefix { $0.isNumber }) else {
                return (String(head), Int.max, Int.max)
            }
            return (String(parts[0]), l, c)
        }
        return lines.map { (key($0), $0) }.sorted { a, b in
            if a.0.file != b.0.file { return a.0.file < b.0.file }
            if a.0.line != b.0.line { return a.0.line < b.0.line }
            if a.0.column != b.0.column { return a.0.column < b.0.column }
            return a.1 < b.1
        }.map(\.1)
    }

    /// What one fan-out reached: the subscriptions it triggers, those it does not, or none.
    static func lines(_ fanOut: LinkedFanOut) -> [String] {
        let publisher = fanOut.site.workflow.repo
        let type = fanOut.event.key.eventType
        var out: [String] = []
        for skipped in fanOut.resolution.skipped {
            out.append(
                "\(skipped.subscriber.subscription.range): \(skipped.subscriber.repo) is not triggered by \(publisher)'s '\(type)': \(skipped.reason)"
            )
        }
        if fanOut.resolution.matches.isEmpty {
            out.append("\(fanOut.stepRange): '\(type)' from \(publisher):\(fanOut.event.key.artifact) reaches no subscription")
        }
        for match in fanOut.resolution.matches {
            let filtered = match.subscriber.subscription.filters.isEmpty ? "" : " (if its filters hold)"
            out.append(
                "\(match.subscriber.subscription.range): \(match.subscriber.repo) '\(match.workflow.name.value)' subscribes to \(publisher)'s '\(type)'\(filtered)"
            )
        }
        return out
    }

    static func line(_ decision: FilterDecision) -> String {
        switch decision {
        case .falseFilter(let filter, let subscriber):
            return "\(filter.range): \(subscriber) is not triggered: the filter '\(filter.source)' is false for this event"
        case .leftForRunTime(let filter, let subscriber, let workflow, let run, let reads, let fanOut):
            return
                "\(filter.range): \(subscriber) '\(workflow)' (\(run)) is left for run time: the filter '\(filter.source)' reads \(reads.sorted().joined(separator: ", ")), which exists only when \(fanOut) runs; tako exec decides it before the run starts"
        }
    }
}
