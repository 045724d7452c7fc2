import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver

/// `takoc migrate`: rewrites files of the Go dialect in this project's form.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Rewrite tako.yml files written for the Go tool in this project's form.",
        discussion: """
            Prints a unified diff of the change by default and exits 1 when there is one (0 when \
            every file is already in this project's form). With --write, the files are changed \
            in place and the exit status is 0. A file with YAML errors is not changed (exit 1).
            """)

    @Argument(help: "The files to migrate (default: ./tako.yml).")
    var paths: [String] = []

    @Flag(help: "Edit the files in place instead of printing a diff.")
    var write = false

    func run() throws {
        let files = paths.isEmpty ? ["tako.yml"] : paths
        var pending = false
        var broken = false
        for path in files {
            let migration: Migration
            do {
                migration = try Migration.migrate(path: path)
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
            if migration.unreadable {
                let source = SourceFile(path: path, text: migration.original)
                Output.error(
                    DiagnosticRenderer(sources: [source]).render(
                        migration.diagnostics.filter { $0.severity == .error }.sortedForOutput(), as: .text))
                Output.error(ErrorVoice.line(program: "takoc", "'\(path)' has errors that leave nothing to migrate and was not changed"))
                broken = true
                continue
            }
            guard migration.changed else { continue }
            if write {
                do {
                    try AtomicFile.replace(path, with: Array(migration.migrated.utf8))
                } catch {
                    throw UsageOrIOError(description: "cannot write '\(path)': \(error)")
                }
                Output.error("migrated \(path)")
            } else {
                Output.out(migration.unifiedDiff())
                pending = true
            }
        }
        if broken || pending { throw ExitCode(1) }
    }
}
