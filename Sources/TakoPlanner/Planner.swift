import TakoBasics
import TakoCEL
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

    public init(rootRepo: String, workflow: String, inputs: [String: String] = [:], maxDepth: Int = 10, maxRuns: Int = 10_000) {
        self.rootRepo = rootRepo
        self.workflow = workflow
        self.inputs = inputs
        self.maxDepth = maxDepth
        self.maxRuns = maxRuns
    }

    /// Where linking starts for this request.
    public var root: WorkflowRef { WorkflowRef(repo: rootRepo, workflow: workflow) }
}

/// The result of planning: the plan when there were no errors (not yet sealed: the emit
/// stage seals and encodes it), every diagnostic, and what `--explain` is made from (the
/// linked workspace and the filters decided).
public struct PlanOutcome: Sendable {
    public var plan: Plan?
    public var diagnostics: [Diagnostic]
    public var linked: LinkedWorkspace?
    public var decisions: [FilterDecision] = []
}

/// Linked workspace → fan-out DAG → plan. Pure and synchronous: the driver hands it the
/// linked manifests and where each repository's code lives.
public enum Planner {
    public static func plan(_ request: PlanRequest, linked: LinkedWorkspace, repositories: [String: PlannedRepository]) -> PlanOutcome {
        let workflow: WorkflowDecl
        switch rootWorkflow(of: request, in: linked.workspace) {
        case .success(let w): workflow = w
        case .failure(let problem): return PlanOutcome(plan: nil, diagnostics: [problem.diagnostic], linked: nil)
        }
        var diagnostics: [Diagnostic] = []
        let (rootInputs, inputProblems) = InputBinding.bind(request.inputs, to: workflow, repo: request.rootRepo)
        diagnostics += inputProblems
        diagnostics += linked.diagnostics
        if let cycle = WorkflowGraph(linked).cycleDiagnostic() { diagnostics.append(cycle) }
        guard !diagnostics.hasErrors else {
            return PlanOutcome(plan: nil, diagnostics: diagnostics.sortedForOutput(), linked: linked)
        }

        var expansion = RunExpansion(linked: linked, maxDepth: request.maxDepth, maxRuns: request.maxRuns)
        expansion.expand(
            request.root, parent: nil, trigger: nil, inputs: rootInputs.mapValues { PlannedValue.value($0.rendered) }, depth: 0)
        diagnostics += expansion.diagnostics
        guard !diagnostics.hasErrors else {
            return PlanOutcome(plan: nil, diagnostics: diagnostics.sortedForOutput(), linked: linked)
        }
        let plan = assemble(request, inputs: rootInputs, expansion: expansion, repositories: repositories)
        return PlanOutcome(plan: plan, diagnostics: diagnostics.sortedForOutput(), linked: linked, decisions: expansion.decisions)
    }

    struct Problem: Error {
        var diagnostic: Diagnostic
    }

    /// The workflow the request names, or the error that says it does not exist.
    static func rootWorkflow(of request: PlanRequest, in workspace: Workspace) -> Result<WorkflowDecl, Problem> {
        guard let manifest = workspace.manifests[request.rootRepo] else {
            let hint = Suggestions.didYouMean(request.rootRepo, in: workspace.manifests.keys)
            return .failure(
                Problem(
                    diagnostic: Diagnostic(
                        .unknownRepository, "repository '\(request.rootRepo)' has no tako.yml in the cache\(hint)", at: nil)))
        }
        guard let workflow = manifest.workflow(named: request.workflow) else {
            let names = manifest.workflows.map(\.name.value)
            let hint = Suggestions.didYouMean(request.workflow, in: names)
            let known = names.isEmpty ? "it defines no workflows" : "it defines \(names.map { "'\($0)'" }.joined(separator: ", "))"
            return .failure(
                Problem(
                    diagnostic: Diagnostic(
                        .unknownWorkflow, "\(request.rootRepo) has no workflow '\(request.workflow)' (\(known))\(hint)", at: nil)))
        }
        return .success(workflow)
    }

    /// The plan of the expanded runs: the root, the repositories the runs use, the runs and
    /// their edges, the limits. Its digest is made when it is sealed.
    static func assemble(
        _ request: PlanRequest, inputs: [String: InputValue], expansion: RunExpansion,
        repositories: [String: PlannedRepository]
    ) -> Plan {
        let runs = expansion.runs.compactMap { $0 }
        let used = Set(runs.map(\.repo))
        return Plan(
            root: PlanRoot(repo: request.rootRepo, workflow: request.workflow, inputs: inputs.mapValues(\.rendered)),
            repositories: repositories.values.filter { used.contains($0.name) }.sorted { $0.name < $1.name },
            runs: runs, edges: expansion.edges, limits: PlanLimits(maxDepth: request.maxDepth))
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
                problems.append(
                    Diagnostic(
                        .unknownInput,
                        "workflow '\(workflow.name.value)' of \(repo) has no input '\(name)' (\(known))\(Suggestions.didYouMean(name, in: names))",
                        at: nil, notes: [DiagnosticNote("the workflow is declared here", at: workflow.name.range)]))
                continue
            }
            guard let value = InputValue.parse(text, as: decl.type) else {
                problems.append(
                    Diagnostic(
                        .invalidInput, "input '\(name)' must be a \(decl.type.rawValue), got '\(text)'", at: nil,
                        notes: [DiagnosticNote("'\(name)' is declared here", at: decl.name.range)]))
                continue
            }
            if let problem = decl.validation.problem(with: value, matches: { RegularExpression.matches($0, $1) ?? false }) {
                problems.append(
                    Diagnostic(
                        .invalidInput, "input '\(name)' is not valid: \(problem)", at: nil,
                        notes: [DiagnosticNote("'\(name)' is declared here", at: decl.name.range)]))
                continue
            }
            values[name] = value
        }
        for decl in workflow.inputs where values[decl.name.value] == nil && given[decl.name.value] == nil {
            if let d = decl.defaultValue {
                values[decl.name.value] = d.value
            } else if decl.required {
                problems.append(
                    Diagnostic(
                        .missingInput,
                        "workflow '\(workflow.name.value)' of \(repo) requires input '\(decl.name.value)'; give it with --input \(decl.name.value)=VALUE",
                        at: nil, notes: [DiagnosticNote("'\(decl.name.value)' is declared here", at: decl.name.range)]))
            } else {
                values[decl.name.value] = .string("")
            }
        }
        return (values, problems)
    }
}
