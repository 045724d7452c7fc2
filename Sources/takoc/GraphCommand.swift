import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver
import TakoPlanFormat
import TakoPlanner
import TakoRepos

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Render the plan's fan-out DAG: runs as nodes, fan-outs as edges (dashed when decided at run time).",
        discussion: """
            With --org, the organisation's subscription graph instead: every cached repository, \
            the events it publishes and its subscriptions, edges labelled with event, schema range \
            and filter; subscriptions nothing can start and publications nobody listens to are \
            marked. --focus OWNER/REPO keeps the repositories within --depth edges of one.
            """)

    @OptionGroup var selection: PlanSelection

    @Option(help: "dot (Graphviz), mermaid, text, or svg (needs Graphviz's dot on PATH, except with --org).")
    var format: GraphFormat = .text

    @Flag(help: "Draw the organisation's subscription graph: every cached repository (no --workflow).")
    var org = false

    @Option(help: "With --org: only the repositories near this one, OWNER/REPO.")
    var focus: String?

    @Option(help: "With --focus: how many edges away a repository may be (default 1).")
    var depth: Int?

    func validate() throws {
        if org {
            if selection.workflow != nil || selection.root != nil || selection.repo != nil || !selection.inputs.isEmpty {
                throw ValidationError("--org draws every cached repository; it takes no --workflow, --root, --repo or --input")
            }
            if let focus, PlanSelection.parseRepo(focus)?.branch != nil || PlanSelection.parseRepo(focus) == nil {
                throw ValidationError("--focus expects OWNER/REPO, got '\(focus)'")
            }
            if let depth, !(0...100).contains(depth) { throw ValidationError("--depth must be between 0 and 100") }
            if depth != nil && focus == nil { throw ValidationError("--depth applies only with --focus OWNER/REPO") }
        } else {
            if focus != nil || depth != nil { throw ValidationError("--focus and --depth apply only with --org") }
            if selection.workflow == nil { throw PlanSelection.missingWorkflow }
        }
    }

    func run() throws {
        if org { return try runOrganisation() }
        let plan = try selection.compile(explain: false)
        switch format {
        case .dot: Output.out(PlanGraph.dot(plan))
        case .mermaid: Output.out(PlanGraph.mermaid(plan))
        case .text: Output.out(PlanGraph.text(plan))
        case .svg: Output.out(try Self.svg(PlanGraph.dot(plan)))
        }
    }

    func runOrganisation() throws {
        let result: (graph: OrganisationGraph, diagnostics: [Diagnostic], sources: [SourceFile])
        do {
            result = try Driver(store: GitCache(root: Output.cacheRoot(selection.cacheDir))).organisation()
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
        // A repository whose file has errors is drawn without its events and subscriptions.
        let errors = result.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            Output.error(DiagnosticRenderer(sources: result.sources).render(errors, as: .text))
            let files = Set(errors.compactMap { $0.range?.file }).count
            Output.error(
                "\(files) repositor\(files == 1 ? "y" : "ies") drawn without events or subscriptions: \(errors.count) error\(errors.count == 1 ? "" : "s")"
            )
        }
        var graph = result.graph
        if let focus {
            guard graph.repositories.contains(focus) else {
                throw UsageOrIOError(
                    description:
                        "--focus \(focus): no such repository with a tako.yml in the cache\(Suggestions.didYouMean(focus, in: graph.repositories))"
                )
            }
            graph = graph.focused(on: focus, depth: depth ?? 1)
        }
        switch format {
        case .dot: Output.out(graph.dot())
        case .mermaid: Output.out(graph.mermaid())
        case .text: Output.out(graph.text())
        case .svg: Output.out(graph.svg())
        }
        if !errors.isEmpty { throw ExitCode(1) }
    }

    /// Pipes DOT through Graphviz (through files in a scratch folder, so neither side can
    /// block on a full pipe); a clear error when it is not installed.
    static func svg(_ dot: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("takoc-dot-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: URL(fileURLWithPath: folder + "/graph.dot"))
        } catch {
            throw UsageOrIOError(description: "cannot prepare Graphviz's input: \(SystemErrorText.words(for: error))")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let status: Int32
        do {
            let pid = try ChildSpawn.start(
                "/usr/bin/env", ["dot", "-Tsvg"], environment: ProcessInfo.processInfo.environment,
                stdin: .file(folder + "/graph.dot"), stdout: .file(folder + "/graph.svg"), stderr: .file(folder + "/errors"))
            status = ChildSpawn.waitForExit(pid)
        } catch {
            throw UsageOrIOError(description: "cannot run Graphviz's 'dot': \(error.description)")
        }
        guard status == 0 else {
            let message = (try? String(contentsOfFile: folder + "/errors", encoding: .utf8)) ?? ""
            let why = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw UsageOrIOError(
                description: status == 127
                    ? "--format svg needs Graphviz's 'dot' on PATH (apt-get install graphviz); use --format dot to get the source"
                    : "Graphviz's dot failed: \(why)")
        }
        do {
            return try String(contentsOfFile: folder + "/graph.svg", encoding: .utf8)
        } catch {
            throw UsageOrIOError(description: "cannot read Graphviz's output: \(SystemErrorText.words(for: error))")
        }
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, text, svg
}
