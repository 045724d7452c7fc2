import Foundation
import TakoBasics
import TakoPlanFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tako exec --events FILE` (or `-`): one JSON object per line for every change of state,
/// for tools to follow an exec as it runs (as Terraform's `-json` does). Every object has
/// `format_version`, `type` and `at` (UTC, milliseconds); the rest depends on the type.
/// The schema is Grammar/tako-events.schema.json; docs/exec.md describes each type. Every
/// value is already masked.
public final class EventStream: ExecObserver, @unchecked Sendable {
    public static let formatVersion = "1.0"

    private let lock = NSLock()
    private let fd: Int32
    private let ownsFD: Bool
    private let plan: Plan
    private var failure: String?

    /// Writes to `fd` (standard output for `-`); the caller keeps it open.
    public init(fd: Int32, plan: Plan) {
        self.fd = fd
        self.ownsFD = false
        self.plan = plan
    }

    /// Creates (or truncates) `path`.
    public init(path: String, plan: Plan) throws(ExecError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ExecError(.usage, "cannot write the events to '\(path)': \(SystemErrorText.words(errno: errno))")
        }
        self.fd = fd
        self.ownsFD = true
        self.plan = plan
    }

    deinit {
        if ownsFD { close(fd) }
    }

    /// Why a write failed, if one did (the exec goes on; the caller says so at the end).
    public var problem: String? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    public func observe(_ event: ExecEvent) {
        guard let fields = fields(of: event) else { return }
        var line = "{\"format_version\":" + JSONText.string(Self.formatVersion) + ",\"at\":" + JSONText.string(LogClock.now())
        for (key, value) in fields { line += "," + JSONText.string(key) + ":" + value }
        line += "}\n"
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                failure = SystemErrorText.words(errno: errno)
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }

    private func fields(of event: ExecEvent) -> [(String, String)]? {
        func s(_ text: String) -> String { JSONText.string(text) }
        func n(_ value: Double) -> String { JSONText.number((value * 1000).rounded() / 1000) }
        func strings(_ list: [String]) -> String { "[" + list.map(s).joined(separator: ",") + "]" }
        func map(_ values: [String: String]) -> String {
            "{" + values.sorted { $0.key < $1.key }.map { s($0.key) + ":" + s($0.value) }.joined(separator: ",") + "}"
        }
        switch event {
        case .execStarted(let digest, let checkpoint, let logs, let resumed):
            var out = [("type", s("exec_started")), ("plan_digest", s(digest)), ("checkpoint", s(checkpoint))]
            if let logs { out.append(("logs", s(logs))) }
            out.append(("resumed", resumed ? "true" : "false"))
            out.append(("runs", "\(plan.runs.count)"))
            return out
        case .runStarted(let id):
            var out = [("type", s("run_started")), ("run", s(id))]
            if let run = plan.run(id: id) {
                out += [("repo", s(run.repo)), ("workflow", s(run.workflow))]
                if let parent = run.parent { out.append(("parent", s(parent))) }
            }
            return out
        case .stepStarted(let run, let step, let attempt, let log):
            var out = [("type", s("step_started")), ("run", s(run)), ("step", s(step)), ("attempt", "\(attempt)")]
            if let log { out.append(("log", s(log))) }
            return out
        case .fanOutStarted(let run, let step, let children, let attempt):
            return [
                ("type", s("step_started")), ("run", s(run)), ("step", s(step)), ("attempt", "\(attempt)"),
                ("children", strings(children)),
            ]
        case .stepFinished(let run, let result):
            var out = [
                ("type", s("step_finished")), ("run", s(run)), ("step", s(result.id)), ("status", s(result.status.rawValue)),
                ("attempt", "\(result.attempt)"),
            ]
            if let code = result.exitCode { out.append(("exit_code", "\(code)")) }
            if let seconds = result.seconds { out.append(("seconds", n(seconds))) }
            out.append(("outputs", strings(result.outputs.keys.sorted())))
            if let log = result.log { out.append(("log", s(log))) }
            if let reason = result.reason { out.append(("reason", s(reason))) }
            if result.fromCheckpoint { out.append(("from_checkpoint", "true")) }
            return out
        case .runFinished(let result):
            if result.status == .skipped {
                var out = [("type", s("run_skipped")), ("run", s(result.id))]
                if let reason = result.reason { out.append(("reason", s(reason))) }
                if let condition = result.condition { out.append(("condition", s(condition))) }
                if let values = result.conditionValues { out.append(("values", map(values))) }
                return out
            }
            var out = [("type", s("run_finished")), ("run", s(result.id)), ("status", s(result.status.rawValue))]
            if let seconds = result.seconds { out.append(("seconds", n(seconds))) }
            if let reason = result.reason { out.append(("reason", s(reason))) }
            return out
        case .execFinished(let outcome):
            let steps = outcome.runs.flatMap(\.steps)
            func count(_ statuses: StepStatus...) -> Int { steps.filter { statuses.contains($0.status) }.count }
            return [
                ("type", s("exec_finished")), ("status", s(outcome.status.rawValue)), ("exit_code", "\(outcome.exitCode)"),
                ("seconds", n(outcome.seconds)),
                (
                    "steps",
                    "{\"failed\":\(count(.failed, .timedOut)),\"skipped\":\(count(.skipped)),"
                        + "\"stopped\":\(count(.cancelled, .interrupted)),\"succeeded\":\(count(.succeeded))}"
                ),
            ]
        }
    }
}
