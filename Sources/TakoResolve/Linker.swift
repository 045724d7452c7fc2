import TakoBasics
import TakoIR

/// A workflow of a repository: a node of the fan-out graph.
public struct WorkflowRef: Hashable, Sendable, CustomStringConvertible {
    public var repo: String
    public var workflow: String

    public init(repo: String, workflow: String) {
        self.repo = repo
        self.workflow = workflow
    }

    public var description: String { "\(repo) '\(workflow)'" }
}

/// A fan-out step of a workflow: where an event is emitted.
public struct FanOutSite: Hashable, Sendable {
    public var workflow: WorkflowRef
    public var step: String

    public init(workflow: WorkflowRef, step: String) {
        self.workflow = workflow
        self.step = step
    }
}

/// One fan-out step, linked: the event it emits and the subscriptions that event triggers.
public struct LinkedFanOut: Sendable {
    public var site: FanOutSite
    /// The fan-out step in its file.
    public var stepRange: SourceRange
    public var event: EmittedEvent
    public var resolution: Resolution
}

/// What linking gives: every workflow reached from the roots and each of their fan-out steps
/// with its resolution (who subscribes, what is shadowed, what does not fit), as one value
/// that `takoc plan` and `takoc check --cache-dir` both read.
public struct LinkedWorkspace: Sendable {
    public let workspace: Workspace
    /// Where linking started.
    public let roots: [WorkflowRef]
    /// The workflows reached, breadth first from the roots (roots first).
    public private(set) var workflows: [WorkflowRef] = []
    /// The fan-out steps of those workflows (`on_failure` steps included), in the order
    /// they were found: workflow by workflow, each workflow's steps in file order.
    public private(set) var fanOuts: [LinkedFanOut] = []
    private var bySite: [FanOutSite: Int] = [:]

    init(workspace: Workspace, roots: [WorkflowRef]) {
        self.workspace = workspace
        self.roots = roots
    }

    /// The linked fan-out of a step, when its workflow was reached.
    public func fanOut(at site: FanOutSite) -> LinkedFanOut? {
        bySite[site].map { fanOuts[$0] }
    }

    /// The resolutions' diagnostics (schema ranges, payload keys, shadowed subscriptions).
    public var diagnostics: [Diagnostic] { fanOuts.flatMap(\.resolution.diagnostics) }

    mutating func add(_ fanOut: LinkedFanOut) {
        bySite[fanOut.site] = fanOuts.count
        fanOuts.append(fanOut)
    }

    mutating func reach(_ ref: WorkflowRef) { workflows.append(ref) }
}

/// The link stage: lowered manifests → who triggers whom. Pure and synchronous.
public enum Linker {
    /// Links every workflow reachable from `roots`: each fan-out step's event resolved
    /// against the subscriptions of the whole workspace, and the workflows it starts
    /// followed in turn.
    public static func link(_ workspace: Workspace, from roots: [WorkflowRef]) -> LinkedWorkspace {
        let index = SubscriptionIndex(workspace: workspace)
        var linked = LinkedWorkspace(workspace: workspace, roots: roots)
        var seen = Set(roots)
        var queue = roots
        var head = 0
        while head < queue.count {
            let ref = queue[head]
            head += 1
            linked.reach(ref)
            guard let workflow = workspace.manifests[ref.repo]?.workflow(named: ref.workflow) else { continue }
            for (step, fan) in fanOuts(of: workflow) {
                let event = self.event(of: fan, publisher: ref.repo)
                let resolution = Resolver.resolve(event, index: index, workspace: workspace)
                linked.add(
                    LinkedFanOut(
                        site: FanOutSite(workflow: ref, step: step.id.value), stepRange: step.range,
                        event: event, resolution: resolution))
                for match in resolution.matches {
                    let child = WorkflowRef(repo: match.subscriber.repo, workflow: match.workflow.name.value)
                    if seen.insert(child).inserted { queue.append(child) }
                }
            }
        }
        return linked
    }

    /// Links every workflow of every repository (`takoc check --cache-dir`).
    public static func linkAll(_ workspace: Workspace) -> LinkedWorkspace {
        let roots = workspace.manifests.keys.sorted().flatMap { repo in
            workspace.manifests[repo]!.workflows.map { WorkflowRef(repo: repo, workflow: $0.name.value) }
        }
        return link(workspace, from: roots)
    }

    /// A workflow's steps with their `on_failure` steps, in order.
    public static func allSteps(_ steps: [StepDecl]) -> [StepDecl] {
        var out: [StepDecl] = []
        out.reserveCapacity(steps.count)
        forEachStep(in: steps) { out.append($0) }
        return out
    }

    /// Each step with its `on_failure` steps, in order, without gathering them first (a
    /// step is a large value: each copy into an array retains all it holds).
    private static func forEachStep(in steps: [StepDecl], _ body: (StepDecl) -> Void) {
        for step in steps {
            body(step)
            if !step.onFailure.isEmpty { forEachStep(in: step.onFailure, body) }
        }
    }

    /// The fan-out steps of a workflow, `on_failure` steps included, in order: the one walk
    /// over fan-outs of the compiler.
    public static func fanOuts(of workflow: WorkflowDecl) -> [(step: StepDecl, fan: FanOutDecl)] {
        var out: [(step: StepDecl, fan: FanOutDecl)] = []
        forEachStep(in: workflow.steps) { step in
            if case .fanOut(let fan) = step.action { out.append((step, fan)) }
        }
        return out
    }

    /// The event a fan-out step emits, as subscriptions and the resolver see it.
    public static func event(of fan: FanOutDecl, publisher: String) -> EmittedEvent {
        EmittedEvent(
            key: EventKey(publisher: publisher, artifact: fan.artifact, eventType: fan.eventType.value),
            schemaVersion: fan.event.schemaVersion?.value, schemaVersions: fan.event.schemaVersions,
            payloadKeys: fan.event.payload.map(\.key.value), declaration: fan.event.range)
    }
}
