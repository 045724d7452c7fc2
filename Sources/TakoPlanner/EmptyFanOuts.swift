import TakoBasics
import TakoResolve

/// `takoc plan` says why a fan-out starts no run, without `--explain`: a fan-out step of the
/// plan with no child runs although subscriptions name its event gets a warning at the step,
/// with the reasons linking and planning found (subscriptions passed over, filters false for
/// the event). A fan-out that nobody subscribes to is not warned about: an organisation has
/// thousands of those (a generated one of 10,000 repositories, 5,000), and `--explain` lists
/// them; one a subscription misses by a typo is a `misnamed-subscription` warning.
public enum EmptyFanOuts {
    public static func notes(_ outcome: PlanOutcome) -> [Diagnostic] {
        guard let plan = outcome.plan, let linked = outcome.linked else { return [] }
        // Each fan-out site of the plan, by its step's location: empty only when every
        // run that plans it reached nothing.
        var reached: [String: Bool] = [:]
        for run in plan.runs {
            for step in run.steps {
                guard let fanOut = step.fanOut else { continue }
                reached[step.provenance, default: false] = reached[step.provenance, default: false] || !fanOut.children.isEmpty
            }
        }
        var notes: [Diagnostic] = []
        for fanOut in linked.fanOuts where reached[fanOut.stepRange.description] == false {
            guard !(fanOut.resolution.matches.isEmpty && fanOut.resolution.skipped.isEmpty) else { continue }
            let key = fanOut.event.key
            let subscribers = Set(fanOut.resolution.matches.map(\.subscriber.repo))
            var reasons = fanOut.resolution.skipped.map { "\($0.subscriber.repo) is passed over: \($0.reason)" }
            for decision in outcome.decisions {
                guard case .falseFilter(let filter, let subscriber) = decision, subscribers.contains(subscriber) else { continue }
                reasons.append("\(subscriber)'s filter '\(filter.source)' is false for this event")
            }
            if reasons.isEmpty {
                reasons.append("its subscribers' runs were not planned (takoc plan --explain says why)")
            }
            notes.append(
                Diagnostic(
                    .fanOutReachesNoRun,
                    "the fan-out of '\(key.eventType)' from \(key.publisher):\(key.artifact) starts no run: "
                        + Set(reasons).sorted().joined(separator: "; "),
                    at: fanOut.stepRange))
        }
        return notes
    }
}
