import ArgumentParser
import Foundation
import TakoBasics
import TakoRuntime

/// `tako clean [--all] [--dry-run] [--workspace DIR]`: removes the workspaces old execs left.
struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove the workspaces (checkouts) that old execs left in ~/.tako/workspaces.",
        discussion: """
            A workspace in use by a running tako exec is never removed. One whose exec succeeded, or whose checkpoint \
            is gone, is removed; one whose exec failed, was interrupted or died is kept for --resume, unless --all. \
            Exit status: 0 done; 2 a workspace could not be removed.
            """
    )

    @Flag(help: "Also remove the workspaces of execs that could be resumed (never one in use).")
    var all = false

    @Flag(name: .customLong("dry-run"), help: "Say what would be removed, and remove nothing.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Clean this workspace (one given to tako exec --workspace) instead of ~/.tako/workspaces; "
                + "only what tako put in it is removed.", valueName: "dir"))
    var workspace: String?

    func run() throws {
        let cleaner = WorkspaceCleaner(all: all, dryRun: dryRun)
        let entries: [WorkspaceCleaner.Entry]
        let folder = ExecOptions.workspacesFolder(environment: ProcessInfo.processInfo.environment)
        if let workspace {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workspace, isDirectory: &isFolder), isFolder.boolValue else {
                throw Failure.exit(2, "--workspace '\(workspace)' is not a folder")
            }
            entries = [cleaner.clean(workspace: URL(fileURLWithPath: workspace).standardizedFileURL.path, whole: false)]
        } else {
            entries = cleaner.cleanAll(in: folder)
        }
        let removed = dryRun ? "would remove" : "removed"
        for entry in entries {
            switch entry.decision {
            case .removed: Console.line(Console.forTerminal("\(removed) \(entry.path): \(entry.why)", fd: STDOUT_FILENO))
            case .kept: Console.line(Console.forTerminal("kept \(entry.path): \(entry.why)", fd: STDOUT_FILENO))
            case .failed: Console.error("\(entry.path): \(entry.why)")
            }
        }
        let count = { (decision: WorkspaceCleaner.Decision) in entries.filter { $0.decision == decision }.count }
        let failed = count(.failed)
        Console.line(
            "\(count(.removed)) \(dryRun ? "to remove" : "removed"), \(count(.kept)) kept"
                + (failed > 0 ? ", \(failed) could not be removed" : "")
                + (workspace == nil && entries.isEmpty ? " (nothing in \(folder))" : ""))
        if failed > 0 { throw ExitCode(2) }
    }
}
