import Foundation
import TakoBasics
import TakoIR
import TakoPlanFormat
import TakoResolve

/// What to plan: a workflow of a root repository with its inputs.
public struct PlanRequest: Sendable {
    public var rootRepo: String
    public var workflow: String
    /// `--input NAME=VALUE`, as given.
    public var inputs: [String: String]
    public var maxDepth: Int
    /// A plan with more runs than this is refused (a fan-out explosion is a mistake to show, not to run).
    public var maxRuns: Int
    /// Whether to say why each subscription was or was not followed (`--explain`); the text
    /// costs a noticeable part of planning a large organisation, so it is made only when asked.
    public var explain: Bool
    /// Whether to render the fan-out tree (`PlanTree`) too: it is made while the plan is
    /// sealed and encoded, on another core.
    public var tree: Bool

    public init(rootRepo: String, workflow: String, inputs: [String: String] = [:], maxDepth: Int = 10, maxRuns: Int = 10_000,
                explain: Bool = true, tree: Bool = false) {
        self.explain = explain
        self.tree = tree
        self.rootRepo = rootRepo
        self.workflow = workflow
        self.inputs = inputs
        self.maxDepth = maxDepth
        self.maxRuns = maxRuns
    }
}

/// The result of planning: the plan when there were no errors, every diagnostic, and the
/// subscriptions considered and not triggered (for `--explain`).
public struct PlanOutcome: Sendable {
    public var plan: Plan?
    /// The plan's canonical encoding (`PlanFile.encode`), made with its digest.
    public var encoded: Data? = nil
    /// `PlanTree.render(plan)`, when the request asked for it.
    public var tree: String? = nil
    public var diagnostics: [Diagnostic]
    public var explanations: [String]
}

/// Resolved workspace → fan-out DAG → plan. Pure: the driver hands it the manifests and
/// where each repository's code lives.
public enum Planner {
    public static func plan(_ request: PlanRequest, workspace: Workspace, repositories: [String: PlannedRepository]) -> PlanOutcome {
        var diagnostics: [Diagnostic] = []
        func fail(_ d: Diagnostic) -> PlanOutcome {
            PlanOutcome(plan: nil, diagnostics: (diagnostics + [d]).sortedForOutput(), explanations: [])
        }
        guard let manifest = workspace.manifests[request.rootRepo] else {
            let hint = Suggestions.didYouMean(request.rootRepo, in: workspace.manifests.keys)
            return fail(Diagnostic(.unknownRepository, "repository '\(request.rootRepo)' has no tako.yml in the cache\(hint)", at: nil))
        }
        guard let workflow = manifest.workflow(named: request.workflow) else {
            let names = manifest.workflows.map(\.name.value)
            let hint = Suggestions.didYouMean(request.workflow, in: names)
            let known = names.isEmpty ? "it defines no workflows" : "it defines \(names.map { "'\($0)'" }.joined(separator: ", "))"
            return fail(Diagnostic(.unknownWorkflow, "\(request.rootRepo) has no workflow '\(request.workflow)' (\(known))\(hint)", at: nil))
        }
        let (rootInputs, inputProblems) = InputBinding.bind(request.inputs, to: workflow, repo: request.rootRepo)
        diagnostics += inputProblems

        let index = SubscriptionIndex(workspace: workspace)
        var graph = WorkflowGraph(workspace: workspace, index: index, explain: request.explain)
        graph.build(from: WorkflowRef(repo: request.rootRepo, workflow: request.workflow))
        diagnostics += graph.diagnostics
        if let cycle = graph.cycleDiagnostic() { diagnostics.append(cycle) }
        guard !diagnostics.hasErrors else {
            return PlanOutcome(plan: nil, diagnostics: diagnostics.sortedForOutput(), explanations: graph.explanations)
        }

        var expansion = RunExpansion(workspace: workspace, graph: graph, maxDepth: request.maxDepth, maxRuns: request.maxRuns,
                                     explain: request.explain)
        expansion.expand(WorkflowRef(repo: request.rootRepo, workflow: request.workflow), parent: nil, trigger: nil,
                         inputs: rootInputs.mapValues { PlannedValue.value($0.rendered) }, depth: 0)
        diagnostics += expansion.diagnostics
        guard !diagnostics.hasErrors else {
            return PlanOutcome(plan: nil, diagnostics: diagnostics.sortedForOutput(), explanations: graph.explanations)
        }
        let runs = expansion.runs.compactMap { $0 }
        let used = Set(runs.map(\.repo))
        let plan = Plan(root: PlanRoot(repo: request.rootRepo, workflow: request.workflow, inputs: rootInputs.mapValues(\.rendered)),
                        repositories: repositories.values.filter { used.contains($0.name) }.sorted { $0.name < $1.name },
                        runs: runs, edges: expansion.edges, limits: PlanLimits(maxDepth: request.maxDepth))
        // Sealing needs the whole encoding; the tree needs only the runs (and the digest for
        // its last line): the two are made side by side.
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: request.tree ? 2 : 1) { i in
            if i == 0 { results.sealed = PlanFile.sealAndEncode(plan) } else { results.tree = PlanTree.body(plan) }
        }
        let sealed = results.sealed!
        return PlanOutcome(plan: sealed.plan, encoded: sealed.encoded, tree: results.tree.map { $0 + PlanTree.digestLine(sealed.plan) },
                           diagnostics: diagnostics.sortedForOutput(), explanations: graph.explanations + expansion.explanations)
    }
}

/// `--input` values checked against the root workflow's declarations.
enum InputBinding {
    static func bind(_ given: [String: String], to workflow: WorkflowDecl, repo: String) -> ([String: InputValue], [Diagnostic]) {
        var values: [String: InputValue] = [:]
        var problems: [Diagnostic] = []
        let names = workflow.inputs.map(\.name.value)
        for (name, text) in given.sorted(by: { $0.key < $1.key }) {
            guard let decl = workflow.input(named: name) else {
                let known = names.isEmpty ? "it takes no inputs" : "it takes \(names.map { "'\($0)'" }.joined(separator: ", "))"
                problems.append(Diagnostic(.unknownInput, "workflow '\(workflow.name.value)' of \(repo) has no input '\(name)' (\(known))\(Suggestions.didYouMean(name, in: names))",
                                       at: nil, notes: [DiagnosticNote("the workflow is declared here", at: workflow.name.range)]))
                continue
            }
            guard let value = InputValue.parse(text, as: decl.type) else {
                problems.append(Diagnostic(.invalidInput, "input '\(name)' must be a \(decl.type.rawValue), got '\(text)'", at: nil,
                                       notes: [DiagnosticNote("'\(name)' is declared here", at: decl.name.range)]))
                continue
            }
            if let problem = decl.validation.problem(with: value) {
                problems.append(Diagnostic(.invalidInput, "input '\(name)' is not valid: \(problem)", at: nil,
                                       notes: [DiagnosticNote("'\(name)' is declared here", at: decl.name.range)]))
                continue
            }
            values[name] = value
        }
        for decl in workflow.inputs where values[decl.name.value] == nil && given[decl.name.value] == nil {
            if let d = decl.defaultValue {
                values[decl.name.value] = d.value
            } else if decl.required {
                problems.append(Diagnostic(.missingInput, "workflow '\(workflow.name.value)' of \(repo) requires input '\(decl.name.value)'; give it with --input \(decl.name.value)=VALUE",
                                       at: nil, notes: [DiagnosticNote("'\(decl.name.value)' is declared here", at: decl.name.range)]))
            } else {
                values[decl.name.value] = .string("")
            }
        }
        return (values, problems)
    }
}

/// What the two halves of the last step write, each its own field.
private final class Results: @unchecked Sendable {
    var sealed: (plan: Plan, encoded: Data)?
    var tree: String?
}
