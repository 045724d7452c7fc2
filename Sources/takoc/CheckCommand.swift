import ArgumentParser
import TakoBasics
import TakoDriver
import TakoRepos

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint tako.yml files: every error and warning, with its line and column.")

    @Argument(help: "The files to check (default: ./tako.yml).")
    var paths: [String] = []

    @Option(help: "Output format: text, json, sarif or github.")
    var format: DiagnosticFormat = .text

    @Option(help: "Also check the files against the repositories of this cache: subscribed artifacts, events, payload keys, schema ranges.")
    var cacheDir: String?

    func run() throws {
        let result: CompileResult
        let files = paths.isEmpty ? ["tako.yml"] : paths
        do {
            if let cacheDir {
                result = try Driver(store: GitCache(root: cacheDir)).check(paths: files)
            } else {
                result = try Driver.check(paths: files)
            }
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
        let rendered = DiagnosticRenderer(sources: result.sources).render(result.diagnostics, as: format.rendererFormat)
        if format == .text {
            if !rendered.isEmpty { Output.error(rendered) }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.filter { $0.severity == .warning }.count
            Output.error("\(files.count) file\(files.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        } else {
            Output.out(rendered)
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github

    var rendererFormat: DiagnosticRenderer.Format {
        switch self {
        case .text: .text
        case .json: .json
        case .sarif: .sarif
        case .github: .github
        }
    }
}
