import ArgumentParser
import Foundation
import TakoBasics
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

    @Option(help: ArgumentHelp("Where fresh checkouts go (default: ~/.tako/workspaces/EXEC-ID, one per checkpoint).", valueName: "dir"))
    var workspace: String?

    @Flag(
        name: .customLong("keep-workspace"),
        help: "Keep the checkouts of finished runs (by default removed once a run, or the exec, succeeds).")
    var keepWorkspace = false

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

    @Flag(help: "Print every step's lines as they come, prefixed with RUN/STEP, instead of the progress view.")
    var stream = false

    @Option(
        help: ArgumentHelp(
            "Write every change of state as a JSON line to this file ('-': standard output, "
                + "the progress and summary then go to standard error).", valueName: "file"))
    var events: String?

    @Flag(name: .customLong("no-logs"), help: "Keep no step logs (default: CHECKPOINT.logs/RUN/STEP.log).")
    var noLogs = false

    @Option(
        name: .customLong("max-log"),
        help: ArgumentHelp(
            "Bytes of each attempt a step's log keeps, e.g. 512K, 16M (default: 16M); the middle is dropped, with a marker.",
            valueName: "size"))
    var maxLog: String?

    @Option(
        name: .customLong("max-output"),
        help: ArgumentHelp(
            "Bytes one step output may have, e.g. 64K, 4M (default: 1M); a step whose output is larger fails.",
            valueName: "size"))
    var maxOutput: String?

    @Option(
        help: ArgumentHelp(
            "Which waiting step gets a free slot: critical-path (the longest remaining path first, "
                + "a subscription's priority before that) or fifo (in the order they became ready).", valueName: "order"))
    var schedule: String = ExecOptions.Schedule.criticalPath.rawValue

    @Option(
        help: ArgumentHelp(
            "The history of step durations the critical path is measured in, and that this exec adds to "
                + "(default: CACHE.durations.json beside $TAKO_CACHE_DIR or ~/.tako/cache).", valueName: "file"))
    var durations: String?

    @Option(
        help: ArgumentHelp(
            "CPU cores the running steps' declared resources may add up to, e.g. 8 or 3500m (default: the machine's).",
            valueName: "n"))
    var cpus: String?

    @Option(
        help: ArgumentHelp(
            "Memory the running steps' declared resources may add up to, e.g. 16Gi (default: the machine's).",
            valueName: "size"))
    var memory: String?

    @Option(
        name: .customLong("max-load"),
        help: ArgumentHelp(
            "Start no step while the one-minute load average is at or above this and another step is running.", valueName: "load"))
    var maxLoad: Double?

    @Option(
        help: ArgumentHelp(
            "Write the exec as OpenTelemetry spans (OTLP/JSON) to this file; a resumed exec continues the same trace.",
            valueName: "file"))
    var trace: String?

    @Flag(help: "Print the scheduler's decisions on standard error: which step waits for a slot and why, which starts.")
    var debug = false

    @Option(
        name: .customLong("pass-env"),
        help: ArgumentHelp(
            "Pass this variable of tako's environment to every step (repeatable; also TAKO_PASS_ENV=NAME,NAME). "
                + "Steps otherwise get only PATH, HOME, LANG, LC_*, TZ, TERM, USER, TMPDIR.", valueName: "name"))
    var passEnv: [String] = []

    func validate() throws {
        if ExecOptions.Schedule(rawValue: schedule) == nil {
            throw ValidationError(
                "--schedule takes \(ExecOptions.Schedule.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")), not '\(schedule)'")
        }
        if let cpus, ResourceQuantity.cpuMillis(cpus) == nil || ResourceQuantity.cpuMillis(cpus) == 0 {
            throw ValidationError("--cpus takes a number of cores, such as 8, 0.5 or 3500m, not '\(cpus)'")
        }
        if let memory, ResourceQuantity.memoryBytes(memory) == nil || ResourceQuantity.memoryBytes(memory) == 0 {
            throw ValidationError("--memory takes a size, such as 16Gi, 512Mi or 1G, not '\(memory)'")
        }
        if let maxLoad, !(maxLoad > 0 && maxLoad.isFinite) {
            throw ValidationError("--max-load takes a load average above 0, such as 4 or 2.5, not '\(maxLoad)'")
        }
        if let maxParallel, maxParallel < 1 {
            throw ValidationError("--max-parallel must be at least 1, not \(maxParallel)")
        }
        if dryRun && resume {
            throw ValidationError("--dry-run and --resume cannot be used together")
        }
        if dryRun,
            let given = [
                ("--stream", stream), ("--events", events != nil), ("--no-logs", noLogs), ("--max-log", maxLog != nil),
                ("--max-output", maxOutput != nil),
                ("--debug", debug), ("--durations", durations != nil), ("--trace", trace != nil),
            ]
            .first(where: \.1)?.0
        {
            throw ValidationError("--dry-run runs no step, so \(given) does not apply; leave one of them out")
        }
        if let maxLog, LogSettings.parseSize(maxLog) == nil {
            throw ValidationError("--max-log takes a size in bytes, such as 1048576, 512K or 16M, not '\(maxLog)'")
        }
        if let maxOutput, LogSettings.parseSize(maxOutput) == nil {
            throw ValidationError("--max-output takes a size in bytes, such as 65536, 64K or 4M, not '\(maxOutput)'")
        }
        if noLogs && maxLog != nil {
            throw ValidationError("--max-log and --no-logs cannot be used together")
        }
        if let events, events != "-" {
            let target = URL(fileURLWithPath: events).standardizedFileURL.path
            for (name, path) in [("the plan", plan), ("the checkpoint", checkpoint ?? plan + ".checkpoint")]
            where URL(fileURLWithPath: path).standardizedFileURL.path == target {
                throw ValidationError("--events '\(events)' is \(name); give the events a file of their own")
            }
        }
    }

    /// `--report` and `--checkpoint` never name the plan or each other, and `--report` never
    /// overwrites a file that is not a tako report (the checkpoint's contents are checked
    /// when it is opened).
    func checkOwnFiles() throws {
        let checkpointPath = checkpoint ?? plan + ".checkpoint"
        if let refusal = OwnedFile.refusal(
            checkpointPath, option: "--checkpoint", what: "the checkpoint", kind: "a tako checkpoint",
            others: [("the plan", plan)], isOurs: { _ in true })
        {
            throw Failure.exit(2, refusal)
        }
        if let report {
            var others: [(name: String, path: String)] = [("the plan", plan), ("the checkpoint", checkpointPath)]
            if let events, events != "-" { others.append(("the events file", events)) }
            if let refusal = OwnedFile.refusal(
                report, option: "--report", what: "the report", kind: "a tako report",
                others: others, isOurs: Report.isReport)
            {
                throw Failure.exit(2, refusal)
            }
        }
    }

    func run() async throws {
        if !dryRun { try checkOwnFiles() }
        let passed: [String]
        switch ExecOptions.passedNames(options: passEnv, environment: ProcessInfo.processInfo.environment) {
        case .success(let names): passed = names
        case .failure(let error): throw Failure.exit(error.exitCode, error.message)
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: self.plan))
        } catch {
            throw Failure.exit(2, SystemErrorText.cannot("read the plan", self.plan, error))
        }
        let plan: Plan
        do {
            plan = try PlanFile.decode(bytes)
        } catch let error as PlanFormatError {
            throw Failure.exit(2, "\(self.plan)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error)")
        } catch {
            throw Failure.exit(2, "\(self.plan): not a valid plan: \(SystemErrorText.words(for: error))")
        }
        if dryRun {
            do {
                try PlanStructure.check(plan)
            } catch {
                throw Failure.exit(error.exitCode, error.message)
            }
            Console.write(Console.forTerminal(DryRun.render(plan), fd: STDOUT_FILENO) + "\n")
            return
        }
        var options = ExecOptions(
            planPath: self.plan, checkpointPath: checkpoint, workspace: workspace, maxParallel: maxParallel,
            resume: resume, failFast: failFast, allowStale: allowStale,
            logsEnabled: !noLogs, maxLogBytes: maxLog.flatMap(LogSettings.parseSize) ?? LogSettings.defaultMaxBytes,
            maxOutputBytes: maxOutput.flatMap(LogSettings.parseSize) ?? ExecOptions.defaultMaxOutputBytes,
            passEnv: passed, keepWorkspace: keepWorkspace)
        options.schedule = ExecOptions.Schedule(rawValue: schedule) ?? .criticalPath
        if let cpus = cpus.flatMap(ResourceQuantity.cpuMillis) { options.cpuMillis = cpus }
        if let memory = memory.flatMap(ResourceQuantity.memoryBytes) { options.memoryBytes = memory }
        options.maxLoad = maxLoad
        let historyPath = durations ?? options.defaultHistoryPath
        do {
            options.history = try DurationHistory.load(path: historyPath)
        } catch {
            Console.notice(
                "warning: ignoring the step durations in '\(historyPath)': \(error); this exec measures its critical path "
                    + "in steps and writes a new history")
        }
        // The trace id is journaled with the exec's start: a resumed exec continues the trace.
        let previousTrace =
            resume ? (try? Checkpoint.records(at: options.checkpointPath))?.last(where: { $0.kind == .execStarted })?.traceID : nil
        options.traceID = previousTrace ?? TraceRecorder.newTraceID()
        if debug {
            options.debug = { Console.notice("debug: " + $0) }
        }
        // With `--events -` standard output carries the events alone; what a person reads goes
        // to standard error.
        let out = SerialOutput(fd: events == "-" ? STDERR_FILENO : STDOUT_FILENO)
        let terminal = isatty(out.fd) == 1
        let progress: any ExecObserver & Sendable =
            terminal && !stream
            ? LiveProgress(write: { out.write($0) })
            : EventLog(write: { out.write((terminal ? TerminalText.escape($0) : $0) + "\n") })
        var observers: [any ExecObserver] = [progress]
        var eventStream: EventStream?
        if let events {
            do {
                eventStream = events == "-" ? EventStream(fd: STDOUT_FILENO, plan: plan) : try EventStream(path: events, plan: plan)
            } catch {
                throw Failure.exit(error.exitCode, error.message)
            }
            observers.append(eventStream!)
        }
        var export: OTLPExport?
        switch OTLPExport.configured(by: options.environment) {
        case .success(let configured)?: export = configured
        case .failure(let problem)?: Console.notice("warning: \(problem)")
        case nil: break
        }
        let tracer = trace != nil || export != nil ? TraceRecorder(plan: plan, traceID: options.traceID!) : nil
        if let tracer { observers.append(tracer) }
        let sink = stream ? StepStream(width: StepStream.width(of: plan), escape: terminal, write: { out.write($0) }) : nil
        let executor = Executor(plan: plan, options: options, observer: Observers(observers), lineSink: sink)
        let control = ExecControl()
        let live = progress as? LiveProgress
        let signals = SignalForwarder(control: control) { signal in
            // The notice starts on a line of its own, not after the status line or a `^C`.
            live?.breakLine()
            Console.notice(
                (isatty(STDERR_FILENO) == 1 && live == nil ? "\n" : "")
                    + "\(signal == SIGINT ? "interrupted" : "terminated"): stopping the running steps (SIGTERM, then SIGKILL "
                    + "after 5s; press Ctrl-C again to kill them now); the checkpoint keeps what finished, continue with --resume")
        }
        signals.start()
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
        out.write("\n" + (terminal ? TerminalText.escapeLines(Summary.render(outcome)) : Summary.render(outcome)) + "\n")
        if outcome.unsyncedLogs > 0 {
            Console.notice(
                "\(outcome.unsyncedLogs) step log\(outcome.unsyncedLogs == 1 ? "" : "s") could not be flushed to disk (fsync failed); "
                    + "their lines were written but may not survive a crash of the machine")
        }
        if let problem = outcome.workspaceProblem {
            Console.notice("the workspace was not removed whole (\(problem)); tako clean removes what is left")
        }
        if let problem = eventStream?.problem {
            Console.notice("could not write every event to \(events == "-" ? "standard output" : "'\(events ?? "")'"): \(problem)")
        }
        recordDurations(of: outcome, in: plan, to: historyPath)
        if let tracer {
            let spans = tracer.json()
            if let trace {
                do {
                    try tracer.write(spans, to: trace)
                } catch {
                    Console.notice("warning: " + error.message)
                }
            }
            if let export {
                do {
                    try export.send(spans)
                } catch {
                    Console.notice("warning: the spans were not sent: \(error)")
                }
            }
        }
        if let report {
            try checkOwnFiles()
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

    /// Adds the durations of the steps that ran and succeeded to the history; a failure to
    /// write it is a warning (the exec's result does not depend on it).
    func recordDurations(of outcome: ExecOutcome, in plan: Plan, to path: String) {
        var samples: [(DurationHistory.Key, Double)] = []
        let runs = Dictionary(plan.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for result in outcome.runs {
            guard let run = runs[result.id] else { continue }
            for step in result.steps where step.status == .succeeded && !step.fromCheckpoint {
                guard let seconds = step.seconds, let planned = run.steps.first(where: { $0.id == step.id }), planned.fanOut == nil else {
                    continue
                }
                samples.append((DurationHistory.Key(repo: run.repo, workflow: run.workflow, step: step.id), seconds))
            }
        }
        do {
            try DurationHistory.add(samples, to: path, at: Date().timeIntervalSince1970)
        } catch {
            Console.notice("warning: could not record the step durations: \(error)")
        }
    }
}
