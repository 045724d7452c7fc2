import ArgumentParser
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoPlanner

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two plans: runs, edges, conditions, inputs and steps added, removed or changed.",
        discussion: """
            Runs are matched by their place in the fan-out tree (repository, workflow and the \
            fan-out steps above them), not by their IDs. Exit status: 0 whether or not the plans \
            differ (1 with --exit-code when they differ), 2 when a file cannot be read or is not a plan.
            """)

    @Argument(help: "The plan before the change (a plan.json written by takoc plan).")
    var old: String

    @Argument(help: "The plan after the change.")
    var new: String

    @Option(help: "Output format: text, json or markdown (GitHub-flavoured, for a pull request comment or $GITHUB_STEP_SUMMARY).")
    var format: DiffFormat = .text

    @Flag(help: "Exit with 1 when the plans differ, as git diff --exit-code does.")
    var exitCode = false

    func run() throws {
        let before = try Self.load(old)
        let after = try Self.load(new)
        let diff = PlanDiff(old: before, new: after)
        switch format {
        case .text: Output.out(diff.text(oldName: old, newName: new))
        case .json: Output.out(diff.json(oldName: old, newName: new))
        case .markdown: Output.out(diff.markdown(oldName: old, newName: new))
        }
        if exitCode && !diff.isEmpty { throw ExitCode(1) }
    }

    /// A plan file, or a usage/I-O error (exit 2) that names the file and, for a file that is
    /// not JSON, the line and column where it stops being JSON.
    static func load(_ path: String) throws -> Plan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageOrIOError(description: "no such file: '\(path)'")
        }
        if isDirectory.boolValue { throw UsageOrIOError(description: "'\(path)' is a directory, not a plan.json") }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw UsageOrIOError(description: SystemErrorText.cannot("read the plan", path, error))
        }
        do {
            return try PlanFile.decode(bytes)
        } catch let error as PlanFormatError {
            throw UsageOrIOError(description: "\(path)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error)")
        } catch {
            throw UsageOrIOError(description: "\(path): not a valid plan: \(SystemErrorText.words(for: error))")
        }
    }
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}
