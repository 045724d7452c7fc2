import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver
import TakoPlanFormat
import TakoPlanner
import TakoRepos

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compile the root repository and every repository its fan-outs reach into plan.json.")

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

    @Option(name: .shortAndLong, help: "Write the plan to this file.")
    var output: String?

    @Option(help: "What to print: text (the fan-out tree; default on a terminal or with -o) or json (the plan).")
    var format: PlanFormatOption?

    @Flag(help: "Also list every subscription considered and why it matched or did not.")
    var explain = false

    @Option(help: "How deep fan-outs may nest.")
    var maxDepth = 10

    func validate() throws {
        if root != nil && repo != nil { throw ValidationError("give either --root or --repo, not both") }
        if let repo, parseRepo(repo) == nil { throw ValidationError("--repo expects OWNER/REPO or OWNER/REPO:BRANCH, got '\(repo)'") }
        guard (1...100).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 100") }
        _ = try parsedInputs()
    }

    func run() throws {
        let selection: RootSelection = repo.flatMap(parseRepo).map { .cached($0.name, branch: $0.branch) } ?? .checkout(root ?? ".")
        let driver = Driver(store: GitCache(root: Output.cacheRoot(cacheDir)))
        let result: PlanResult
        do {
            result = try driver.plan(root: selection, workflow: workflow, inputs: try parsedInputs(), maxDepth: maxDepth)
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
        let rendered = DiagnosticRenderer(sources: result.sources).render(result.diagnostics, as: .text)
        if !rendered.isEmpty { Output.error(rendered) }
        if explain { Output.error(result.explanations.sorted().map { "explain: " + $0 }.joined(separator: "\n")) }
        guard let plan = result.plan else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            Output.error("no plan written: \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        let bytes = PlanFile.encode(plan)
        if let output {
            do {
                try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw UsageOrIOError(description: "cannot write '\(output)': \(error.localizedDescription)")
            }
        }
        let format = self.format ?? ((output != nil || Output.stdoutIsTerminal) ? .text : .json)
        switch format {
        case .text: Output.out(PlanTree.render(plan))
        case .json: Output.out(String(decoding: bytes, as: UTF8.self))
        }
        if let output { Output.error("plan written to \(output)") }
    }

    private func parseRepo(_ text: String) -> (name: RepoName, branch: String?)? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = RepoName(parts[0]) else { return nil }
        if parts.count == 2 { return parts[1].isEmpty ? nil : (name, parts[1]) }
        return (name, nil)
    }

    private func parsedInputs() throws -> [String: String] {
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

enum PlanFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
