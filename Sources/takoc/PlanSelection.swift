import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver
import TakoPlanFormat
import TakoRepos

/// What `plan` and `graph` both take: the root, the workflow, its inputs, the cache.
struct PlanSelection: ParsableArguments {
    @Option(help: "A local checkout to plan from (default: the current directory).")
    var root: String?

    @Option(help: "A cached repository to plan from, OWNER/REPO or OWNER/REPO:BRANCH.")
    var repo: String?

    @Option(help: "The workflow of the root repository to run.")
    var workflow: String

    @Option(name: .customLong("input"), help: "An input of the workflow, NAME=VALUE (repeatable).")
    var inputs: [String] = []

    @Option(help: "The cache of git clones (default: $TAKO_CACHE_DIR or ~/.tako/cache).")
    var cacheDir: String?

    @Option(help: "How deep fan-outs may nest.")
    var maxDepth = 10

    func validate() throws {
        if root != nil && repo != nil { throw ValidationError("give either --root or --repo, not both") }
        if let repo, Self.parseRepo(repo) == nil { throw ValidationError("--repo expects OWNER/REPO or OWNER/REPO:BRANCH, got '\(repo)'") }
        guard (1...100).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 100") }
        _ = try parsedInputs()
    }

    /// Compiles and plans; prints the diagnostics (and the explanations when asked) to
    /// standard error; throws exit 1 when there is no plan, a usage/I-O error for exit 2.
    /// Gives the plan and its canonical encoding.
    /// `tree`: also render the fan-out tree, made while the plan is encoded.
    func compile(explain: Bool, tree: Bool = false) throws -> (plan: Plan, encoded: Data, tree: String?) {
        let selection: RootSelection = repo.flatMap(Self.parseRepo).map { .cached($0.name, branch: $0.branch) } ?? .checkout(root ?? ".")
        let driver = Driver(store: GitCache(root: Output.cacheRoot(cacheDir)))
        let result: PlanResult
        do {
            // takoc ends right after the plan is written: the manifests are not freed one by one.
            result = try driver.plan(root: selection, workflow: workflow, inputs: try parsedInputs(), maxDepth: maxDepth, explain: explain,
                                     tree: tree, freeAtExit: true)
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
        // (The renderer indexes every source by path: not worth it for no diagnostics.)
        let rendered = result.diagnostics.isEmpty ? "" : DiagnosticRenderer(sources: result.sources).render(result.diagnostics, as: .text)
        if !rendered.isEmpty { Output.error(rendered) }
        if explain, !result.explanations.isEmpty {
            Output.error(result.explanations.map { "explain: " + $0 }.joined(separator: "\n"))
        }
        guard let plan = result.plan else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            Output.error("no plan written: \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        return (plan, result.encoded ?? PlanFile.encode(plan), result.tree)
    }

    static func parseRepo(_ text: String) -> (name: RepoName, branch: String?)? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let name = RepoName(first) else { return nil }
        if parts.count == 2 { return parts[1].isEmpty ? nil : (name, parts[1]) }
        return (name, nil)
    }

    func parsedInputs() throws -> [String: String] {
        var values: [String: String] = [:]
        for item in inputs {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw ValidationError("--input expects NAME=VALUE, got '\(item)'")
            }
            let name = String(item[..<eq])
            guard values[name] == nil else { throw ValidationError("input '\(name)' is given twice") }
            values[name] = String(item[item.index(after: eq)...])
        }
        return values
    }
}
