import Foundation

/// How a step ended. Only `succeeded` and a condition's `skipped` are kept on `--resume`;
/// every other step runs again.
public enum StepStatus: String, Codable, Sendable, Hashable {
    case succeeded
    case failed
    case timedOut = "timed_out"
    /// Not run: its condition was false, an earlier step failed, or it reads a failed step's outputs.
    case skipped
    /// Stopped by fail-fast or by its fan-out's timeout before it finished.
    case cancelled
    /// Stopped by SIGINT/SIGTERM to tako; runs again on `--resume`.
    case interrupted

    /// ✓ ✗ ⊘ of the summary.
    public var symbol: String {
        switch self {
        case .succeeded: "✓"
        case .failed, .timedOut: "✗"
        case .skipped, .cancelled, .interrupted: "⊘"
        }
    }

    public var isFailure: Bool { self == .failed || self == .timedOut }
}

/// One step as it ended, in this exec or (for `fromCheckpoint`) in an earlier one.
public struct StepResult: Codable, Sendable, Hashable {
    public var id: String
    public var status: StepStatus
    public var exitCode: Int32?
    public var attempt: Int
    public var seconds: Double?
    public var outputs: [String: String]
    /// Why it was skipped, cancelled or failed without a process (masked).
    public var reason: String?
    /// The last lines of a failed step's standard error and output (masked).
    public var tail: [String]
    /// True when the step had finished in an earlier exec and was not run again.
    public var fromCheckpoint: Bool
    /// True when an earlier exec started it and never recorded its end.
    public var wasInterrupted: Bool
    /// Results of the step's `on_failure` steps.
    public var onFailure: [StepResult]
    /// A fan-out's child run IDs.
    public var children: [String]
    /// The step's log (absolute path), when it ran a process and logs are on.
    public var log: String?
    /// The command as rendered and run in this exec (masked); nil when none was run here
    /// (a fan-out, a skipped step, one kept from the checkpoint).
    public var command: String?

    public init(
        id: String, status: StepStatus, exitCode: Int32? = nil, attempt: Int = 1, seconds: Double? = nil,
        outputs: [String: String] = [:], reason: String? = nil, tail: [String] = [], fromCheckpoint: Bool = false,
        wasInterrupted: Bool = false, onFailure: [StepResult] = [], children: [String] = [], log: String? = nil,
        command: String? = nil
    ) {
        self.id = id
        self.status = status
        self.exitCode = exitCode
        self.attempt = attempt
        self.seconds = seconds
        self.outputs = outputs
        self.reason = reason
        self.tail = tail
        self.fromCheckpoint = fromCheckpoint
        self.wasInterrupted = wasInterrupted
        self.onFailure = onFailure
        self.children = children
        self.log = log
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case id, status, attempt, seconds, outputs, reason, tail, children, log, command
        case exitCode = "exit_code", fromCheckpoint = "from_checkpoint", wasInterrupted = "was_interrupted"
        case onFailure = "on_failure"
    }
}

public enum RunStatus: String, Codable, Sendable, Hashable {
    case succeeded, failed, skipped, cancelled, interrupted

    public var symbol: String {
        switch self {
        case .succeeded: "✓"
        case .failed: "✗"
        case .skipped, .cancelled, .interrupted: "⊘"
        }
    }
}

public struct RunResult: Codable, Sendable, Hashable {
    public var id: String
    public var repo: String
    public var workflow: String
    public var parent: String?
    public var status: RunStatus
    public var seconds: Double?
    public var reason: String?
    /// A run its condition skipped: the condition and the values it read (masked).
    public var condition: String?
    public var conditionValues: [String: String]?
    public var steps: [StepResult]

    enum CodingKeys: String, CodingKey {
        case id, repo, workflow, parent, status, seconds, reason, condition, steps
        case conditionValues = "condition_values"
    }

    public init(
        id: String, repo: String, workflow: String, parent: String?, status: RunStatus, seconds: Double? = nil,
        reason: String? = nil, steps: [StepResult] = []
    ) {
        self.id = id
        self.repo = repo
        self.workflow = workflow
        self.parent = parent
        self.status = status
        self.seconds = seconds
        self.reason = reason
        self.steps = steps
    }
}

/// The whole exec: every run of the plan in plan order, and the exit code of contract.md.
public struct ExecOutcome: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable { case succeeded, failed, interrupted }

    public var planDigest: String
    public var status: Status
    public var seconds: Double
    public var runs: [RunResult]
    /// Step logs the final sync could not write to disk (their lines were written, but may not be on disk).
    public var unsyncedLogs = 0
    /// Why the workspace of a succeeded exec could not be removed whole (`tako clean` then
    /// removes the rest); nil when it was, or was kept.
    public var workspaceProblem: String?

    public init(planDigest: String, status: Status, seconds: Double, runs: [RunResult]) {
        self.planDigest = planDigest
        self.status = status
        self.seconds = seconds
        self.runs = runs
    }

    /// 0 every run succeeded, 1 a step failed or timed out, 130 interrupted.
    public var exitCode: Int32 {
        switch status {
        case .succeeded: 0
        case .failed: 1
        case .interrupted: 130
        }
    }

    enum CodingKeys: String, CodingKey {
        case planDigest = "plan_digest", status, seconds, runs
    }
}
