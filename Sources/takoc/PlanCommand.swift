import ArgumentParser
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoPlanner

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compile the root repository and every repository its fan-outs reach into plan.json.")

    @OptionGroup var selection: PlanSelection

    @Option(name: .shortAndLong, help: "Write the plan to this file.")
    var output: String?

    @Option(help: "What to print: text (the fan-out tree; default on a terminal or with -o) or json (the plan).")
    var format: PlanFormatOption?

    @Flag(help: "Also list every subscription considered and why it matched or did not.")
    var explain = false

    @Flag(
        help:
            "Print the plan's expected wall time (from the recorded step durations) and the runs on its critical path, instead of the plan."
    )
    var estimate = false

    @Option(
        name: .customLong("max-parallel"),
        help: ArgumentHelp("With --estimate: the slots of the exec to estimate (default: the number of cores).", valueName: "n"))
    var maxParallel: Int?

    @Option(
        help: ArgumentHelp(
            "With --estimate: the history of step durations (default: CACHE.durations.json, beside the cache).", valueName: "file"))
    var durations: String?

    func validate() throws {
        if selection.workflow == nil { throw PlanSelection.missingWorkflow }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1, not \(maxParallel)") }
        if !estimate, let given = [("--max-parallel", maxParallel != nil), ("--durations", durations != nil)].first(where: \.1)?.0 {
            throw ValidationError("\(given) is an option of --estimate; add --estimate or leave it out")
        }
        if estimate && format != nil {
            throw ValidationError("--estimate prints the estimate instead of the plan, so --format does not apply; write the plan with -o")
        }
    }

    func run() throws {
        // Checked before compiling: a slip of `-o` never costs a plan's work, nor a file.
        if let output,
            let refusal = OwnedFile.refusal(
                output, option: "-o", what: "the plan", kind: "a tako plan", others: [],
                isOurs: { OwnedFile.jsonKeys($0)?.isSuperset(of: ["format_version", "digest", "runs"]) ?? false })
        {
            throw UsageOrIOError(description: refusal)
        }
        let format = self.format ?? ((output != nil || Output.stdoutIsTerminal) ? .text : .json)
        let (plan, bytes, tree) = PlanEmission.emit(try selection.compile(explain: explain), tree: format == .text && !estimate)
        if let output {
            do {
                try AtomicFile.replace(output, with: bytes)
            } catch {
                throw UsageOrIOError(description: "cannot write '\(output)': \(error)")
            }
        }
        if estimate {
            Output.out(try estimateText(of: plan))
        } else {
            switch format {
            case .text: if let tree { Output.out(tree) }
            case .json: for piece in bytes { Output.out(piece) }
            }
        }
        if let output { Output.error("plan written to \(output)") }
    }
}

enum PlanFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension PlanCommand {
    /// `--estimate`: the exec simulated in tako exec's order with the recorded durations.
    func estimateText(of plan: Plan) throws -> String {
        let path = durations ?? DurationHistory.defaultPath(cacheRoot: Output.cacheRoot(selection.cacheDir))
        var history = DurationHistory()
        do {
            history = try DurationHistory.load(path: path)
        } catch {
            Output.error("takoc: warning: ignoring the step durations in '\(path)': \(error); the estimate counts steps")
        }
        let slots = maxParallel ?? ProcessInfo.processInfo.activeProcessorCount
        let schedule = PlanSchedule(plan: plan, expected: history.expected(run:step:))
        let wall = schedule.simulate(plan, maxParallel: slots)
        let fifo = schedule.simulate(plan, maxParallel: slots, fifo: true)
        let critical = schedule.criticalRuns(of: plan)
        let runs = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func seconds(_ value: Double) -> String { String(format: "%.1fs", value) }
        let root = plan.runs.first { $0.parent == nil }.map { schedule.tails[$0.id]?.first ?? 0 } ?? 0
        var lines = [
            "expected wall time: \(seconds(wall)) at --max-parallel \(slots) (in the order of --schedule fifo: \(seconds(fifo)))",
            "critical path: \(seconds(root)) through \(critical.count) run\(critical.count == 1 ? "" : "s")",
        ]
        let width = critical.map(\.count).max() ?? 0
        for id in critical {
            guard let run = runs[id] else { continue }
            let own = (schedule.costs[id] ?? []).reduce(0, +)
            lines.append(
                "  " + id.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  \(run.repo) \(run.workflow)  \(seconds(own)) in its steps")
        }
        let total = schedule.known + schedule.unknown
        if schedule.unknown == 0 {
            lines.append("durations: all \(total) command steps recorded in \(path)")
        } else if schedule.known == 0 {
            lines.append(
                "durations: none of the \(total) command steps recorded in \(path); each counted as 1s (the estimate counts steps)")
        } else {
            lines.append(
                "durations: \(schedule.known) of \(total) command steps recorded in \(path); the others counted as the mean of those")
        }
        lines.append("assumed: every run starts, every step succeeds, checkouts and tako's own work take no time")
        return lines.joined(separator: "\n")
    }
}
