import ArgumentParser
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoRuntime

/// `tako step --plan PLAN --run RUN --step STEP`: one step of a plan, as an executor other
/// than `tako exec` (Argo Workflows, docs/argo.md) runs it; `--condition` decides a run's
/// condition instead.
struct Step: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one step of a plan in the current checkout, or decide a run's condition.",
        discussion: """
            The values that exist only at run time are given with --values (one JSON object: "event", the \
            payload the run's fan-out emitted, and "steps", each earlier step's result) or --inputs-from DIR \
            (DIR/event.json and DIR/STEP/result.json, as --outputs-to wrote them). --outputs-to DIR gets \
            result.json (status and outputs), status, outputs/NAME for each output, and event.json for a fan-out; \
            with --condition, decision (true or false). Exit status: 0 the step succeeded or was skipped, or the \
            condition was decided; 1 the step failed or timed out, or the condition could not be evaluated; \
            2 usage or plan error; 128 + N stopped by signal N (SIGTERM or SIGINT: the step's processes get SIGTERM, \
            then SIGKILL after 5s). Before the step's process starts, a line on standard error gives the command \
            as rendered, as one JSON string.
            """
    )

    @Option(help: ArgumentHelp("The plan file made by `takoc plan -o`.", valueName: "file"))
    var plan: String

    @Option(help: ArgumentHelp("The run's ID.", valueName: "run"))
    var run: String

    @Option(help: ArgumentHelp("The step's ID (STEP/on_failure/ID for an on_failure step).", valueName: "step"))
    var step: String?

    @Flag(help: "Decide the run's condition (over the event that starts it) instead of running a step.")
    var condition = false

    @Option(help: ArgumentHelp("The run-time values as one JSON object {\"event\": …, \"steps\": {…}}.", valueName: "json"))
    var values: String?

    @Option(
        name: .customLong("inputs-from"), help: ArgumentHelp("A folder of earlier results: event.json, STEP/result.json.", valueName: "dir")
    )
    var inputsFrom: String?

    @Option(name: .customLong("outputs-to"), help: ArgumentHelp("Where to write the result, outputs and event.", valueName: "dir"))
    var outputsTo: String?

    @Option(help: ArgumentHelp("The run's checkout (default: the current folder).", valueName: "dir"))
    var workdir: String?

    func validate() throws {
        if condition == (step != nil) {
            throw ValidationError(
                condition ? "--condition decides a run's condition: leave --step out" : "give --step STEP (or --condition)")
        }
        if values != nil && inputsFrom != nil {
            throw ValidationError("--values and --inputs-from cannot be used together; give the run-time values one way")
        }
    }

    func run() async throws {
        let plan = try Self.load(self.plan)
        var single = SingleStep(plan: plan)
        // The run and the step first: a wrong name is the likeliest mistake, and the values
        // to read depend on them.
        let planned: PlannedRun
        var earlier: [PlannedStep] = []
        do {
            planned = try single.run(run)
            if let step { earlier = try single.step(step, of: planned).earlier }
        } catch {
            throw Failure.exit(error.exitCode, "\(self.plan): \(error.message)")
        }
        let given = try readValues(of: planned, earlier: earlier)
        // The variables passed through to a step, as `tako exec` takes them from TAKO_PASS_ENV.
        switch ExecOptions.passedNames(options: [], environment: ProcessInfo.processInfo.environment) {
        case .success(let names): single.passEnv = names
        case .failure(let error): throw Failure.exit(error.exitCode, error.message)
        }
        if condition {
            try decide(single, event: given.event)
            return
        }
        let step = self.step!
        let workdir = ExecOptionsPaths.absolute(self.workdir ?? FileManager.default.currentDirectoryPath)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workdir, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure.exit(
                2, "the run's checkout '\(workdir)' is not a folder; give --workdir the folder the run's repository is checked out in")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tako-step-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let out = SerialOutput(fd: STDOUT_FILENO)
        // Argo stops a pod (its deadline, `argo stop`) with SIGTERM to PID 1, which is tako:
        // the step's process group is stopped as `tako exec` stops its steps.
        let control = ExecControl()
        let grace = single.grace.components.seconds
        let signals = SignalForwarder(control: control) { [run] signal in
            Console.notice(
                "\(signal == SIGINT ? "interrupted" : "terminated"): stopping \(run)/\(step) (SIGTERM to its processes, then "
                    + "SIGKILL after \(grace)s; a second signal kills them now)")
        }
        signals.start()
        single.launcher = ShellLauncher(registry: control.processes)
        let outcome: SingleStepOutcome
        do {
            outcome = try await single.perform(
                run: run, step: step, values: given, workdir: workdir, scratch: scratch,
                sink: PlainLines(output: out), control: control,
                announce: { [run] command in Console.notice("\(run)/\(step): runs \(JSONText.string(command))") })
        } catch {
            throw Failure.exit(error.exitCode, error.message)
        }
        if let outputsTo { try write(outcome, to: outputsTo) }
        let status = outcome.record.status
        Console.notice("\(run)/\(step): \(status.rawValue)" + (outcome.reason.map { ": \($0)" } ?? ""))
        // Stopped by a signal: the shell's convention, 128 + its number (143 for SIGTERM).
        if status == .interrupted, let signal = signals.firstSignal { throw ExitCode(128 + signal) }
        if status.isFailure || status == .cancelled || status == .interrupted { throw ExitCode(1) }
    }

    private func decide(_ single: SingleStep, event: EventRecord?) throws {
        let decision: (decided: Bool, values: [String: String])
        do {
            decision = try single.decide(run: run, event: event)
        } catch let error where error.kind == .condition {
            Console.error(error.message)
            throw ExitCode(1)
        } catch {
            throw Failure.exit(error.exitCode, error.message)
        }
        if let outputsTo {
            try Self.writeFile(outputsTo, "decision", decision.decided ? "true" : "false")
        }
        Console.line(decision.decided ? "true" : "false")
        let shown = decision.values.sorted { $0.key < $1.key }.map { "\($0.key) = \(JSONText.string($0.value))" }.joined(separator: ", ")
        Console.notice("run \(run): its condition is \(decision.decided)" + (shown.isEmpty ? "" : " (\(shown))"))
    }

    static func load(_ path: String) throws -> Plan {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure.exit(2, SystemErrorText.cannot("read the plan", path, error))
        }
        let plan: Plan
        do {
            plan = try PlanFile.decode(bytes)
        } catch let error as PlanFormatError {
            throw Failure.exit(2, "\(path)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error)")
        } catch {
            throw Failure.exit(2, "\(path): not a valid plan: \(SystemErrorText.words(for: error))")
        }
        // The shape `tako exec` requires before it runs anything: IDs become file names.
        do {
            try PlanStructure.check(plan)
        } catch {
            throw Failure.exit(error.exitCode, "\(path): \(error.message)")
        }
        return plan
    }

    /// The values from --values or --inputs-from; none for a root run's first step. From a
    /// folder, every file the step needs must be there: the event of a run a fan-out started,
    /// the result of each step before this one.
    private func readValues(of planned: PlannedRun, earlier: [PlannedStep]) throws -> StepValues {
        if let values {
            do {
                return try JSONDecoder().decode(StepValues.self, from: Data(values.utf8))
            } catch {
                throw Failure.exit(
                    2,
                    "--values is not the run-time values: \(Self.describe(error)); "
                        + "give {\"event\": {\"payload\": {…}} or null, \"steps\": {\"STEP\": {\"status\": …, \"outputs\": {…}}}}")
            }
        }
        guard let inputsFrom else { return StepValues() }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inputsFrom, isDirectory: &isFolder), isFolder.boolValue else {
            throw Failure.exit(
                2,
                "--inputs-from '\(inputsFrom)' is not a folder; give the folder that holds event.json and STEP/result.json, "
                    + "as the earlier steps' --outputs-to wrote them")
        }
        var given = StepValues()
        let eventFile = inputsFrom + "/event.json"
        if FileManager.default.fileExists(atPath: eventFile) {
            given.event = try Self.decodeFile(EventRecord.self, eventFile)
        } else if let parent = planned.parent {
            throw Failure.exit(
                2,
                "'\(eventFile)' does not exist: run '\(planned.id)' is started by the fan-out '\(parent)'; "
                    + "put there the event.json that the fan-out step's --outputs-to got")
        }
        for step in earlier {
            let file = inputsFrom + "/" + step.id + "/result.json"
            guard FileManager.default.fileExists(atPath: file) else {
                throw Failure.exit(
                    2,
                    "'\(file)' does not exist: step '\(step.id)' comes before '\(self.step ?? "")' in run '\(planned.id)', "
                        + "and a step sees the result of every step before it; put there the result.json that "
                        + "step's --outputs-to got")
            }
            given.steps[step.id] = try Self.decodeFile(StepRecord.self, file)
        }
        return given
    }

    private static func decodeFile<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure.exit(2, SystemErrorText.cannot("read", path, error))
        }
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch {
            throw Failure.exit(
                2, "\(path): not what `tako step --outputs-to` writes (\(describe(error))); run the step that writes it again")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "'\(path)' is not valid: \(context.debugDescription)"
        default:
            return SystemErrorText.words(for: error)
        }
    }

    /// result.json, status, outputs/NAME, and event.json for a fan-out.
    private func write(_ outcome: SingleStepOutcome, to folder: String) throws {
        try Self.writeFile(folder, "result.json", StepValues.encode(outcome.record) + "\n")
        try Self.writeFile(folder, "status", outcome.record.status.rawValue)
        for (name, value) in outcome.record.outputs {
            try Self.writeFile(folder + "/outputs", name, value)
        }
        if let event = outcome.event {
            try Self.writeFile(folder, "event.json", StepValues.encode(event) + "\n")
        }
    }

    static func writeFile(_ folder: String, _ name: String, _ text: String) throws {
        let path = folder + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure.exit(2, SystemErrorText.cannot("write", path, error))
        }
    }
}

/// A step's lines on tako's standard output as they come, unprefixed: under Argo the
/// container's output is the step's log.
struct PlainLines: StepLineSink {
    let output: SerialOutput

    func lines(run: String, step: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        output.write(lines.map { $0 + "\n" }.joined())
    }
}

enum ExecOptionsPaths {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
