import Foundation
import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoPlanner
import TakoRepos
import TakoResolve

/// Which repository a plan starts from.
public enum RootSelection: Sendable {
    /// A local checkout: its working tako.yml is read and its runs execute in place.
    case checkout(String)
    /// A repository of the cache, on a branch (default: the cache's preferred branch).
    case cached(RepoName, branch: String?)
}

/// What one compilation produced: the result, every diagnostic, and the files they point
/// into (for source snippets).
public struct CompileResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]
    /// What a check could not do, for one line each on standard error (ShellCheck not
    /// installed): never a diagnostic, and never a failure.
    public var remarks: [String] = []
}

/// What `Driver.plan` produced: the plan when there were no errors (not yet sealed: the
/// emit stage seals and encodes it), the diagnostics with suppressions applied, the files
/// they point into, and the planner's outcome (what `Explanations.lines` reads). The value
/// owns every lowered manifest of the compilation.
public struct PlanResult: Sendable {
    public var plan: Plan?
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]
    public var outcome: PlanOutcome
}

/// One compilation: loads repositories, runs parse → lower → resolve → plan, and returns
/// the result with its diagnostics. All of the compiler's I/O happens here; it never prints.
public struct Driver: Sendable {
    public let store: any RepositoryStore

    public init(store: any RepositoryStore) {
        self.store = store
    }

    /// `takoc check`: lints files on disk, their run scripts with ShellCheck as `shellcheck`
    /// says. Throws only when a file cannot be read.
    public static func check(paths: [String], shellcheck: ShellCheckOptions = .off) throws -> CompileResult {
        lint(try lower(paths: paths, expressions: CompiledExpressions()), shellcheck: shellcheck)
    }

    /// Each file read and lowered on its own, with one memo of compiled expressions.
    static func lower(paths: [String], expressions: CompiledExpressions) throws -> [LoweredFile] {
        try paths.map { Lowering.lower(path: $0, bytes: try readFile($0), expressions: expressions) }
    }

    /// The diagnostics of lowered files and ShellCheck's findings in their run scripts, with
    /// suppressions applied, in output order. When ShellCheck did not run, suppressions of
    /// its findings are not reported as unused.
    static func lint(_ files: [LoweredFile], shellcheck: ShellCheckOptions) -> CompileResult {
        let checked = ShellCheck.check(files, options: shellcheck)
        let diagnostics = files.flatMap(\.diagnostics) + checked.diagnostics
        let sources = files.map(\.source)
        let ran = shellcheck.enabled && checked.remarks.isEmpty
        return CompileResult(
            diagnostics: Suppressions.apply(diagnostics, sources: sources, notRun: ran ? [] : [.shellcheck]).sortedForOutput(),
            sources: sources, remarks: checked.remarks)
    }

    /// `takoc plan`: load → lower → link → plan. Compiles the root and every cached
    /// repository (a broken file anywhere is reported, since its subscriptions cannot be
    /// known), links from the root workflow, then plans. Throws on I/O errors. Emitting the
    /// plan (sealing, encoding, the tree, the graph, the explanations) is left to the caller.
    public func plan(root: RootSelection, workflow: String, inputs: [String: String], maxDepth: Int) throws -> PlanResult {
        let sources = try SourceSet.load(store: store, root: root)
        var files = try LoweredFiles.lower(sources, from: store, expressions: CompiledExpressions())
        let request = PlanRequest(rootRepo: files.rootName, workflow: workflow, inputs: inputs, maxDepth: maxDepth)
        let linked = Linker.link(Workspace(manifests: files.manifests), from: [request.root])
        // The planner and the look for subscriptions of the cache that name a publisher or
        // event of this plan wrongly both read only the linked workspace: side by side.
        let repositories = files.repositories
        let (outcome, nearMisses) = ConcurrentMap.both(
            { Planner.plan(request, linked: linked, repositories: repositories) },
            { SubscriptionNearMisses.check(linked, cachedRepositories: Set(repositories.keys)) })
        files.diagnostics += outcome.diagnostics
        // (Without a root workflow nothing was linked to look at.)
        if outcome.linked != nil { files.diagnostics += nearMisses }
        // Why a fan-out starts no run, said without --explain.
        files.diagnostics += EmptyFanOuts.notes(outcome)
        let plan = files.diagnostics.hasErrors ? nil : outcome.plan
        // (With nothing to report, no file needs to be searched for suppressions.)
        let diagnostics =
            files.diagnostics.isEmpty ? [] : Suppressions.apply(files.diagnostics, sources: files.sources, reportUnused: false)
        return PlanResult(plan: plan, diagnostics: diagnostics.sortedForOutput(), sources: files.sources, outcome: outcome)
    }

    /// `takoc graph --org`: every cached repository's file, lowered, and the subscription
    /// graph of those that have no errors (the others are drawn without events or
    /// subscriptions). Throws on I/O errors.
    public func organisation() throws -> (graph: OrganisationGraph, diagnostics: [Diagnostic], sources: [SourceFile]) {
        let files = try LoweredFiles.loadAll(store: store, expressions: CompiledExpressions())
        var clean: [String: ManifestDecl] = [:]
        let broken = Set(files.diagnostics.filter { $0.severity == .error }.compactMap { $0.range?.file })
        var brokenRepos = Set<String>()
        for (name, manifest) in files.manifests {
            if broken.contains(manifest.path) { brokenRepos.insert(name) } else { clean[name] = manifest }
        }
        for name in files.repositories.keys where files.manifests[name] == nil { brokenRepos.insert(name) }
        let diagnostics =
            files.diagnostics.isEmpty ? [] : Suppressions.apply(files.diagnostics, sources: files.sources, reportUnused: false)
        return (OrganisationGraph(manifests: clean, broken: brokenRepos), diagnostics.sortedForOutput(), files.sources)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DriverError("no such file: '\(path)'")
        }
        if isDirectory.boolValue { throw DriverError("'\(path)' is a directory, not a tako.yml") }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DriverError(SystemErrorText.cannot("read", path, error))
        }
    }
}

/// An I/O problem of the driver (exit code 2), as opposed to a diagnostic (exit code 1).
public struct DriverError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
