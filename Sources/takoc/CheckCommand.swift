import ArgumentParser
import Foundation
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

    @Option(
        help:
            "Also check the files against the repositories of this cache: subscribed artifacts, events, payload keys, schema ranges (default: $TAKO_CACHE_DIR when it is set)."
    )
    var cacheDir: String?

    @Option(help: "Fail (exit 1) when there are more than this many warnings, as a pull request check does.")
    var maxWarnings: Int?

    @Flag(help: "Apply the safe fixes that diagnostics carry, in place (comments and layout kept), then report what is left.")
    var fix = false

    @Flag(help: "Do not run ShellCheck on the run scripts.")
    var noShellcheck = false

    @Option(
        help:
            "The least severe ShellCheck finding to report: error, warning, info or style (default: style). Errors and warnings are warnings, info and style are notes."
    )
    var shellcheckSeverity: ShellCheckOptions.Level = .style

    func validate() throws {
        if let maxWarnings, maxWarnings < 0 { throw ValidationError("--max-warnings must be 0 or more, got \(maxWarnings)") }
    }

    /// `--cache-dir`, else `$TAKO_CACHE_DIR` (as `takoc plan` reads it), else none: without
    /// a cache only the files themselves are checked (never ~/.tako/cache, which a check
    /// in a fresh CI job does not have).
    var cacheRoot: String? {
        if let cacheDir { return cacheDir }
        if let env = ProcessInfo.processInfo.environment["TAKO_CACHE_DIR"], !env.isEmpty { return env }
        return nil
    }

    var shellcheck: ShellCheckOptions {
        noShellcheck ? .off : ShellCheckOptions(minimumLevel: shellcheckSeverity)
    }

    func check(_ files: [String]) throws -> CompileResult {
        do {
            if let cacheRoot { return try Driver(store: GitCache(root: cacheRoot)).check(paths: files, shellcheck: shellcheck) }
            return try Driver.check(paths: files, shellcheck: shellcheck)
        } catch {
            throw UsageOrIOError(description: "\(error)")
        }
    }

    /// `--fix`: each file's fixes applied and the files checked again, until no fix is left
    /// (a fix can make another visible; a few rounds at most). Says what changed on stderr.
    func applyFixes(_ files: [String], _ first: CompileResult) throws -> CompileResult {
        var result = first
        var fixed: [String: Int] = [:]
        for _ in 0..<5 {
            var changed = false
            for path in Set(files).sorted() {
                guard let source = result.sources.first(where: { $0.path == path }) else { continue }
                let mine = result.diagnostics.filter { d in d.fix?.replacements.contains { $0.range.file == path } ?? false }
                guard !mine.isEmpty else { continue }
                let edited = Migration.applyingFixes(mine, path: path, text: source.text)
                guard edited.changed else { continue }
                do {
                    try Data(edited.migrated.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw UsageOrIOError(description: SystemErrorText.cannot("write", path, error))
                }
                fixed[path, default: 0] += mine.count
                changed = true
            }
            guard changed else { break }
            result = try check(files)
        }
        for (path, count) in fixed.sorted(by: { $0.key < $1.key }) {
            Output.error("\(path): fixed \(count) problem\(count == 1 ? "" : "s")")
        }
        return result
    }

    func run() throws {
        let files = paths.isEmpty ? ["tako.yml"] : paths
        var result = try check(files)
        if fix { result = try applyFixes(files, result) }
        let rendered = DiagnosticRenderer(sources: result.sources).render(result.diagnostics, as: format.rendererFormat)
        // (On standard error in every format, so JSON and SARIF stay one document.)
        for remark in result.remarks { Output.error("takoc: note: \(remark)") }
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let tooManyWarnings = maxWarnings.map { warnings > $0 } ?? false
        if format == .text {
            if !rendered.isEmpty { Output.error(rendered) }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            Output.error(
                "\(files.count) file\(files.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            )
        } else {
            Output.out(rendered)
        }
        // (In every format: the JSON, SARIF or annotations on stdout stay one document.)
        if tooManyWarnings, let maxWarnings {
            Output.error(
                "takoc: \(warnings) warning\(warnings == 1 ? "" : "s") \(warnings == 1 ? "is" : "are") more than --max-warnings \(maxWarnings) allows"
            )
        }
        if result.diagnostics.hasErrors || tooManyWarnings { throw ExitCode(1) }
    }
}

extension ShellCheckOptions.Level: ExpressibleByArgument {}

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
