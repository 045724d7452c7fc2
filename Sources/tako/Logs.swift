import ArgumentParser
import Foundation
import TakoBasics
import TakoRuntime

/// `tako logs [PLAN | --checkpoint FILE] [RUN[/STEP]] [-f]`: the step logs of an exec.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the step logs of an exec, all of them or one run's or one step's.",
        discussion: """
            The logs are CHECKPOINT.logs/RUN/STEP.log, next to the checkpoint: each line time-stamped, stdout and \
            stderr in the order the step wrote them, secrets masked, each attempt after a header. With more than one \
            step, each line is prefixed with RUN/STEP. Exit status: 0 printed; 2 no checkpoint, or no such step.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The plan tako exec ran (its checkpoint is PLAN.checkpoint), then RUN or RUN/STEP; "
                + "with --checkpoint, only RUN or RUN/STEP.", valueName: "plan-or-step"))
    var arguments: [String] = []

    @Option(help: ArgumentHelp("The checkpoint the exec used (instead of PLAN).", valueName: "file"))
    var checkpoint: String?

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Print new lines as they are written, until the exec ends.")
    var follow = false

    func validate() throws {
        if checkpoint != nil && arguments.count > 1 {
            throw ValidationError("with --checkpoint, give at most RUN or RUN/STEP (got \(arguments.count) arguments)")
        }
        if checkpoint == nil && arguments.isEmpty {
            throw ValidationError("give the plan tako exec ran (or --checkpoint FILE)")
        }
        if checkpoint == nil && arguments.count > 2 {
            throw ValidationError("give the plan and at most RUN or RUN/STEP (got \(arguments.count) arguments)")
        }
    }

    func run() async throws {
        let path = checkpoint ?? arguments[0] + ".checkpoint"
        let selector = checkpoint != nil ? arguments.first : arguments.dropFirst().first
        let logs = ExecLogs(checkpoint: path, selector: selector)
        let terminal = isatty(STDOUT_FILENO) == 1
        let write: (String) -> Void = {
            Console.write(terminal ? TerminalText.escapeLines($0.hasSuffix("\n") ? String($0.dropLast()) : $0) + "\n" : $0)
        }
        do {
            if follow {
                try await logs.follow(write: write)
            } else {
                try logs.print(write: write)
            }
        } catch {
            throw Failure.exit(error.exitCode, error.message)
        }
    }
}
