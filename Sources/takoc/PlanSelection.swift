import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver
import TakoPlanFormat
import TakoPlanner
import TakoRepos

/// What `plan` and `graph` both take: the root, the workflow, its inputs, the cache.
struct PlanSelection: ParsableArguments {
    @Option(help: "A local checkout to plan from (default: the current directory).")
    var root: String?

    @Option(help: "A cached repository to plan from, OWNER/REPO or OWNER/REPO:BRANCH.")
    var repo: String?

    @Option(help: "The workflow of the root repository to run.")
    var workflow: String?

    /// `--workflow`, which every command but `graph --org` needs.
    static let missingWorkflow = ValidationError("missing expected argument '--workflow <workflow>'")

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
    /// Gives the plan, not yet sealed.
    func compile(explain: Bool) throws -> Plan {
        let selection: RootSelection = repo.flatMap(Self.parseRepo).map { .cached($0.name, branch: $0.branch) } ?? .checkout(root ?? ".")
        guard let workflow else { throw Self.missingWorkflow }
        let driver = Driver(store: GitCache(root: Output.cacheRoot(cacheDir)))
        let result: PlanResult
        do {
            result = try driver.plan(root: selection, workflow: workflow, inputs: try parsedInputs(), maxDepth: maxDepth)
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
        // takoc ends right after the plan is written: the organisation's manifests are left
        // for the end of the process instead of being freed one by one (clang's
        // `-disable-free`): at 10,000 repositories, freeing them took a core for a noticeable
        // part of the plan's time.
        Output.keepUntilExit(result)
        // (The renderer indexes every source by path: not worth it for no diagnostics.)
        let rendered = result.diagnostics.isEmpty ? "" : DiagnosticRenderer(sources: result.sources).render(result.diagnostics, as: .text)
        if !rendered.isEmpty { Output.error(rendered) }
        if explain {
            let explanations = Explanations.lines(result.outcome)
            if !explanations.isEmpty { Output.error(explanations.map { "explain: " + $0 }.joined(separator: "\n")) }
        }
        guard let plan = result.plan else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            Output.error("no plan written: \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        return plan
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

/// The emit stage: what `takoc plan` writes, each made once from the plan value.
enum PlanEmission {
    /// The sealed plan and its canonical encoding (in pieces that, written one after the
    /// other, are the file), and, when asked for, the fan-out tree. Sealing needs the whole
    /// encoding and the tree only the runs (its last line, the digest, is added after): the
    /// two are made side by side, on two cores. Without the tree, the runs are encoded in
    /// pieces on every core (at 5,000 runs the encoding took a twentieth of the plan's time
    /// on one core).
    static func emit(_ plan: Plan, tree: Bool) -> (plan: Plan, encoded: [Data], tree: String?) {
        guard tree else {
            let sealed = PlanFile.sealAndEncodeInPieces(plan) { pieces in
                ConcurrentMap.map(pieces, threshold: 2) { $0.encoded() }
            }
            return (sealed.plan, sealed.pieces, nil)
        }
        let (sealed, body) = ConcurrentMap.both({ PlanFile.sealAndEncode(plan) }, { PlanTree.body(plan) })
        return (sealed.plan, [sealed.encoded], body + PlanTree.digestLine(sealed.plan))
    }
}
