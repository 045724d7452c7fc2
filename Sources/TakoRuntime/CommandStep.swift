import Foundation
import SystemPackage
import TakoBasics
import TakoPlanFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one `run:` step: its process with the step's environment and deadline, then its
/// outputs. Everything it returns is already masked.
struct CommandStep: Sendable {
    let launcher: any ProcessLauncher
    let masker: SecretMasker
    let grace: Duration
    let scratch: ScratchFolder
    let logs: LogSettings
    /// `--stream`: where the step's lines go as they come.
    let sink: (any StepLineSink)?
    /// `--max-output`: bytes an output's value may have.
    let maxOutput: Int

    struct Ended: Sendable {
        var status: StepStatus
        var exitCode: Int32?
        var outputs: [String: String] = [:]
        var tail: [String] = []
        var reason: String?
        /// The step's log, when logs are on.
        var log: String?
        /// Why the log could not be written whole.
        var logProblem: String?
        /// The step wrote a log (closed; the `LogSyncer` puts it on disk at the exec's end).
        var logged = false
    }

    static let tailLines = 20
    /// Bytes of one line of the failure tail: the rest of a longer line is only in the log.
    static let tailLineBytes = 500

    /// `cancelled` is what a stopped step (not by its own timeout) becomes.
    func run(
        _ step: PlannedStep, id: String, runID: String, command: String, workdir: String,
        environment: [String: String], attempt: Int, started: (@Sendable (Int32) async -> Void)? = nil
    ) async -> Ended {
        let outputsFile = outputsPath(run: runID, id: id, attempt: attempt)
        defer { unlink(outputsFile) }
        // Plain system calls, and only those a step needs: this runs for every step, and
        // each file system call cost a measurable share of a step `true` (`make bench-exec`).
        if let problem = scratch.make() {
            return Ended(status: .failed, reason: "cannot prepare the step's files in '\(scratch.path)': \(problem)")
        }
        // $TAKO_OUTPUTS exists before the step starts when the step reads outputs from it;
        // otherwise a write creates it, and nothing reads it. Creating and removing a file
        // for every step cost more than the step `true` itself: ext4 searches past recently
        // deleted inodes for each new one (a third of tako's time in `make bench-exec`).
        if readsOutputsFile(step) {
            let created = open(outputsFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard created >= 0 else {
                return Ended(status: .failed, reason: "cannot create '\(outputsFile)': \(SystemErrorText.words(errno: errno))")
            }
            close(created)
        }
        let logPath = logs.path(run: runID, step: id)
        let capture: StepCapture
        do {
            capture = try StepCapture(
                run: runID, step: id, attempt: attempt, logPath: logPath, maxBytes: logs.maxBytes,
                separate: step.outputs.contains { $0.source == .stdout || $0.source == .stderr },
                captureLimit: maxOutput, masker: masker, sink: sink, tailCount: Self.tailLines, tailLineBytes: Self.tailLineBytes)
        } catch {
            return Ended(status: .failed, reason: error.message)
        }
        capture.start()
        let request = ProcessRequest(
            command: command, workingDirectory: workdir, environment: environment,
            stdout: capture.stdoutFD, stderr: capture.stderrFD, started: started)
        let launcher = self.launcher
        let grace = self.grace
        let started = ContinuousClock.now
        let (outcome, timedOut) = await withDeadline(seconds: step.timeoutSeconds) { () -> Result<ProcessEnd, any Error> in
            do { return .success(try await launcher.run(request, grace: grace)) } catch { return .failure(error) }
        }
        let took = " after " + Summary.duration((ContinuousClock.now - started).seconds)
        let stopped = Task.isCancelled
        let trailer: String
        switch outcome {
        case .failure(let error):
            trailer =
                timedOut
                ? "timed out\(took)" : stopped ? "stopped\(took)" : masker.mask("cannot start sh: \(SystemErrorText.words(for: error))")
        case .success(let end):
            let how: String
            if case .signaled(let s) = end { how = "killed by signal \(s)" } else { how = "exit code \(end.exitCode)" }
            trailer = (timedOut ? "timed out, " : stopped && end != .exited(0) ? "stopped, " : "") + how + took
        }
        let got = await capture.finish(trailer: trailer)
        let stdout = masker.mask(String(decoding: got.stdout, as: UTF8.self))
        let stderr = masker.mask(String(decoding: got.stderr, as: UTF8.self))
        let tail = got.tail
        var ended = self.ended(
            step, outcome: outcome, timedOut: timedOut, stopped: stopped, tail: tail,
            stdout: stdout, stderr: stderr, over: got.over, outputsFile: outputsFile, workdir: workdir)
        ended.log = logPath
        ended.logProblem = got.logProblem
        ended.logged = got.logged
        return ended
    }

    /// How the step ended, from its process's end and what it wrote.
    private func ended(
        _ step: PlannedStep, outcome: Result<ProcessEnd, any Error>, timedOut: Bool, stopped: Bool,
        tail: [String], stdout: String, stderr: String, over: (stdout: Bool, stderr: Bool),
        outputsFile: String, workdir: String
    ) -> Ended {
        switch outcome {
        case .failure(let error):
            if timedOut { return Ended(status: .timedOut, tail: tail, reason: "timed out after \(step.timeoutSeconds ?? 0)s") }
            if stopped { return Ended(status: .cancelled, tail: tail, reason: "stopped") }
            return Ended(status: .failed, tail: tail, reason: masker.mask("cannot start sh: \(SystemErrorText.words(for: error))"))
        case .success(let end):
            if timedOut {
                return Ended(status: .timedOut, exitCode: end.exitCode, tail: tail, reason: "timed out after \(step.timeoutSeconds ?? 0)s")
            }
            if stopped && end != .exited(0) {
                return Ended(status: .cancelled, exitCode: end.exitCode, tail: tail, reason: "stopped")
            }
            guard end == .exited(0) else {
                let why: String
                if case .signaled(let s) = end { why = "killed by signal \(s)" } else { why = "exit code \(end.exitCode)" }
                return Ended(status: .failed, exitCode: end.exitCode, tail: tail, reason: why)
            }
            var outputs: [String: String] = [:]
            let limit = StepCapture.size(maxOutput)
            func tooLarge(_ name: String, _ what: String) -> Ended {
                Ended(
                    status: .failed, exitCode: 0, tail: tail,
                    reason: "output '\(name)' is over the limit of \(limit) (\(what)); an output carries a value, not a file's "
                        + "contents: raise the limit with --max-output, or pass the path of a file instead")
            }
            // $TAKO_OUTPUTS holds every output's line: read as much as they may take in all,
            // and one more value's worth, so that a value just over the limit is named.
            let outputsFileLimit = maxOutput * (step.outputs.count(where: { $0.source == .outputsFile }) + 1) + 65_536
            var fileOutputs: [String: String] = [:]
            if readsOutputsFile(step) {
                switch CheckoutFile.readAll(path: outputsFile, limit: outputsFileLimit) {
                case .success(let bytes): fileOutputs = Self.parseOutputsFile(masker.mask(String(decoding: bytes, as: UTF8.self)))
                case .failure(.tooLarge):
                    return Ended(
                        status: .failed, exitCode: 0, tail: tail,
                        reason: "$TAKO_OUTPUTS holds more than \(StepCapture.size(outputsFileLimit)), more than its outputs may take "
                            + "(--max-output is \(limit) each)")
                case .failure: break
                }
            }
            for output in step.outputs {
                switch output.source {
                case .stdout:
                    if over.stdout { return tooLarge(output.name, "the step wrote more than that to its standard output") }
                    outputs[output.name] = trimmed(stdout)
                case .stderr:
                    if over.stderr { return tooLarge(output.name, "the step wrote more than that to its standard error") }
                    outputs[output.name] = trimmed(stderr)
                case .file:
                    let path = output.path ?? ""
                    switch CheckoutFile.load(path, inside: workdir, limit: maxOutput) {
                    case .success(let bytes):
                        outputs[output.name] = trimmed(masker.mask(String(decoding: bytes, as: UTF8.self)))
                    case .failure(let failure):
                        let why: String
                        switch failure {
                        case .missing: why = "which the step did not write"
                        case .notAFile: why = "which is not a regular file"
                        case .escapes(let how):
                            why = "which leaves the run's checkout: \(how); from_file reads only files inside the checkout"
                        case .tooLarge: return tooLarge(output.name, "the file '\(path)' is larger")
                        case .unreadable(let problem): why = "which cannot be read: \(problem)"
                        }
                        return Ended(
                            status: .failed, exitCode: 0, tail: tail,
                            reason: masker.mask("output '\(output.name)' reads '\(path)', \(why)"))
                    }
                case .outputsFile:
                    guard let value = fileOutputs[output.name] else {
                        return Ended(
                            status: .failed, exitCode: 0, tail: tail,
                            reason: "output '\(output.name)' was not written to $TAKO_OUTPUTS")
                    }
                    if value.utf8.count > maxOutput { return tooLarge(output.name, "its line in $TAKO_OUTPUTS is longer") }
                    outputs[output.name] = value
                }
            }
            return Ended(status: .succeeded, exitCode: 0, outputs: outputs)
        }
    }

    private func readsOutputsFile(_ step: PlannedStep) -> Bool {
        step.outputs.contains { $0.source == .outputsFile }
    }

    /// The file a step writes `NAME=VALUE` lines to (`$TAKO_OUTPUTS`).
    func outputsPath(run: String, id: String, attempt: Int) -> String {
        Self.outputsPath(scratch: scratch.path, run: run, id: id, attempt: attempt)
    }

    /// `SCRATCH/RUN~STEP.ATTEMPT.outputs`: `~` is in no safe name, so no two steps share one.
    static func outputsPath(scratch: String, run: String, id: String, attempt: Int) -> String {
        scratch + "/" + RunCheckouts.safeName(run) + "~" + RunCheckouts.safeName(id) + ".\(attempt).outputs"
    }

    /// A whole file with open/read/close. (FileManager's `contents(atPath:)` kept about
    /// 4 KiB per call alive on Linux: three files per step, 12 KiB per step of an exec.)
    static func contents(of path: String) -> [UInt8]? {
        guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) else { return nil }
        defer { try? fd.close() }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard let count = try? chunk.withUnsafeMutableBytes({ try fd.read(into: $0) }), count > 0 else { break }
            out.append(contentsOf: chunk[0..<count])
        }
        return out
    }

    private func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `NAME=VALUE` lines; a later line for the same name wins; other lines are ignored.
    static func parseOutputsFile(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        // `\r\n` is one Character in Swift: split on every kind of line end.
        for line in text.split(whereSeparator: \.isNewline) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let name = line[..<eq].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            out[name] = String(line[line.index(after: eq)...])
        }
        return out
    }
}
