import ArgumentParser
import Foundation
import TakoPlanFormat
import TakoRuntime

/// `tako exec plan.json`: parses and validates the command line, calls the runtime's one
/// entry point, renders the result. Errors are rendered in one place, `Failure.exit`.
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every run of a plan.",
        discussion: """
            Exit status: 0 every run succeeded; 1 a step failed or timed out; 2 usage, plan or \
            checkpoint error (a stale plan, a checkpoint in use, of another plan, or damaged); \
            130 interrupted (continue with --resume).
            """
    )

    @Argument(help: "The plan file made by `takoc plan -o`.")
    var plan: String

    @Option(help: ArgumentHelp("The checkpoint journal (default: PLAN.checkpoint).", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Where fresh checkouts go (default: ~/.tako/workspaces/EXEC-ID).", valueName: "dir"))
    var workspace: String?

    @Option(name: .customLong("max-parallel"), help: ArgumentHelp("Steps running at once (default: the number of cores).", valueName: "n"))
    var maxParallel: Int?

    @Flag(help: "Continue a stopped or failed exec from its checkpoint.")
    var resume = false

    @Flag(name: .customLong("fail-fast"), help: "Stop every step at the first failure.")
    var failFast = false

    @Flag(name: .customLong("dry-run"), help: "Print what would run, in order, and run nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the summary as JSON to this file.", valueName: "file"))
    var report: String?

    @Flag(name: .customLong("allow-stale"), help: "Run the planned commits even when a branch moved since the plan.")
    var allowStale = false

    func validate() throws {
        if let maxParallel, maxParallel < 1 {
            throw ValidationError("--max-parallel must be at least 1, not \(maxParallel)")
        }
        if dryRun && resume {
            throw ValidationError("--dry-run and --resume cannot be used together")
        }
    }

    func run() async throws {
        let plan: Plan
        do {
            plan = try PlanFile.decode(try Data(contentsOf: URL(fileURLWithPath: self.plan)))
        } catch let error as PlanFormatError {
            throw Failure.exit(2, "\(self.plan): \(error)")
        } catch {
            throw Failure.exit(2, "cannot read the plan '\(self.plan)': \(error.localizedDescription)")
        }
        if dryRun {
            print(DryRun.render(plan))
            return
        }
        let options = ExecOptions(planPath: self.plan, checkpointPath: checkpoint, workspace: workspace, maxParallel: maxParallel,
                                  resume: resume, failFast: failFast, allowStale: allowStale)
        let terminal = isatty(STDOUT_FILENO) == 1
        let progress: any ExecObserver & Sendable = terminal
            ? LiveProgress(write: { Console.write($0) })
            : EventLog(write: { Console.line($0) })
        let executor = Executor(plan: plan, options: options, observer: progress)
        let control = ExecControl()
        let signals = SignalForwarder(control: control) { signal in
            Console.notice("\(signal == SIGINT ? "interrupted" : "terminated"): stopping the running steps (SIGTERM, then SIGKILL "
                + "after 5s; press Ctrl-C again to kill them now); the checkpoint keeps what finished, continue with --resume")
        }
        signals.start()
        let live = progress as? LiveProgress
        let ticker = Task { await live?.redrawEvery() }
        let outcome: ExecOutcome
        do {
            outcome = try await executor.execute(control: control)
        } catch {
            ticker.cancel()
            live?.finish()
            throw Failure.exit(error.exitCode, error.message)
        }
        ticker.cancel()
        live?.finish()
        Console.line("")
        Console.line(Summary.render(outcome))
        if let report {
            do {
                try Report.write(outcome, to: report)
            } catch {
                throw Failure.exit(error.exitCode, error.message)
            }
        }
        if outcome.exitCode != 0 {
            throw ExitCode(outcome.exitCode)
        }
    }
}
