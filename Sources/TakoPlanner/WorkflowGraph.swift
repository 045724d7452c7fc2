import TakoBasics
import TakoGraph
import TakoIR
import TakoResolve

/// The graph of which workflow's fan-outs trigger which workflows, over everything reachable
/// from the root. It is built before any run is expanded, so that a cycle is found once, as a
/// path, instead of as an endless expansion.
struct WorkflowGraph {
    struct Hop: Hashable {
        var fanOutStep: SourceRange
        var eventType: String
        var subscription: SourceRange
    }

    /// An edge of the graph, as the key of its first hop (an array of the two made one per
    /// subscription reached).
    struct EdgeKey: Hashable {
        var from: WorkflowRef
        var to: WorkflowRef
    }

    var graph = Digraph<WorkflowRef>()
    /// The first hop found for each edge (for the cycle message).
    var hops: [EdgeKey: Hop] = [:]

    /// The graph of the linked workflows: an edge per subscription a fan-out triggers, in
    /// the order linking found them.
    init(_ linked: LinkedWorkspace) {
        for ref in linked.roots { graph.add(ref) }
        for fanOut in linked.fanOuts {
            let ref = fanOut.site.workflow
            for match in fanOut.resolution.matches {
                let child = WorkflowRef(repo: match.subscriber.repo, workflow: match.workflow.name.value)
                let edge = EdgeKey(from: ref, to: child)
                if hops[edge] == nil {
                    hops[edge] = Hop(
                        fanOutStep: fanOut.stepRange, eventType: fanOut.event.key.eventType,
                        subscription: match.subscriber.subscription.range)
                }
                graph.addEdge(from: ref, to: child)
            }
        }
    }

    /// The first cycle as an error naming every hop, with the fan-out step and the subscription
    /// of each.
    func cycleDiagnostic() -> Diagnostic? {
        guard let cycle = graph.firstCycle() else { return nil }
        let closed = cycle + [cycle[0]]
        var notes: [DiagnosticNote] = []
        for (from, to) in zip(closed, closed.dropFirst()) {
            guard let hop = hops[EdgeKey(from: from, to: to)] else { continue }
            notes.append(DiagnosticNote("\(from) fans out '\(hop.eventType)' here", at: hop.fanOutStep))
            notes.append(DiagnosticNote("\(to.repo) subscribes to it here, starting '\(to.workflow)'", at: hop.subscription))
        }
        let path = closed.map(\.description).joined(separator: " → ")
        let first = hops[EdgeKey(from: closed[0], to: closed[1])]?.fanOutStep
        return Diagnostic(.fanOutCycle, "fan-out cycle: \(path)", at: first, notes: notes)
    }
}
