import TakoBasics
import TakoGraph
import TakoIR
import TakoResolve

/// A workflow of a repository: a node of the fan-out graph.
public struct WorkflowRef: Hashable, Sendable, CustomStringConvertible {
    public var repo: String
    public var workflow: String

    public var description: String { "\(repo) '\(workflow)'" }
}

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

    struct FanOutSite: Hashable {
        var ref: WorkflowRef
        var step: String
    }

    let workspace: Workspace
    let index: SubscriptionIndex
    var graph = Digraph<WorkflowRef>()
    /// The first hop found for each edge (for the cycle message).
    var hops: [EdgeKey: Hop] = [:]
    /// Resolution of each fan-out step, reused by the expansion.
    var resolutions: [FanOutSite: (event: EmittedEvent, resolution: Resolution)] = [:]
    var diagnostics: [Diagnostic] = []
    var explanations: [String] = []
    let explain: Bool

    init(workspace: Workspace, index: SubscriptionIndex, explain: Bool = true) {
        self.workspace = workspace
        self.index = index
        self.explain = explain
    }

    mutating func build(from root: WorkflowRef) {
        graph.add(root)
        var queue = [root]
        var head = 0
        while head < queue.count {
            let ref = queue[head]
            head += 1
            guard let workflow = workspace.manifests[ref.repo]?.workflow(named: ref.workflow) else { continue }
            for step in Self.allSteps(workflow.steps) {
                guard case .fanOut(let fan) = step.action else { continue }
                let event = EmittedEvent(key: EventKey(publisher: ref.repo, artifact: fan.artifact, eventType: fan.eventType.value),
                                         schemaVersion: fan.event.schemaVersion?.value, schemaVersions: fan.event.schemaVersions,
                                         payloadKeys: fan.event.payload.map(\.key.value), declaration: fan.event.range)
                let resolution = Resolver.resolve(event, index: index, workspace: workspace)
                resolutions[FanOutSite(ref: ref, step: step.id.value)] = (event, resolution)
                diagnostics += resolution.diagnostics
                for skipped in resolution.skipped where explain {
                    explanations.append("\(skipped.subscriber.subscription.range): \(skipped.subscriber.repo) is not triggered by \(ref.repo)'s '\(fan.eventType.value)': \(skipped.reason)")
                }
                if resolution.matches.isEmpty && explain {
                    explanations.append("\(step.range): '\(fan.eventType.value)' from \(ref.repo):\(fan.artifact) reaches no subscription")
                }
                for match in resolution.matches {
                    let child = WorkflowRef(repo: match.subscriber.repo, workflow: match.workflow.name.value)
                    if explain {
                        let filtered = match.subscriber.subscription.filters.isEmpty ? "" : " (if its filters hold)"
                        explanations.append("\(match.subscriber.subscription.range): \(child.repo) '\(child.workflow)' subscribes to \(ref.repo)'s '\(fan.eventType.value)'\(filtered)")
                    }
                    if !graph.contains(child) { queue.append(child) }
                    let edge = EdgeKey(from: ref, to: child)
                    if hops[edge] == nil {
                        hops[edge] = Hop(fanOutStep: step.range, eventType: fan.eventType.value, subscription: match.subscriber.subscription.range)
                    }
                    graph.addEdge(from: ref, to: child)
                }
            }
        }
    }

    /// A workflow's steps with their `on_failure` steps, in order.
    static func allSteps(_ steps: [StepDecl]) -> [StepDecl] {
        steps.flatMap { [$0] + allSteps($0.onFailure) }
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
