/// What the scheduler tells the person watching, as it happens.
public enum ExecEvent: Sendable {
    /// Before the first run: the checkpoint is open; `logs` is the log folder (nil: off).
    case execStarted(planDigest: String, checkpoint: String, logs: String?, resumed: Bool)
    case runStarted(run: String)
    /// `log`: the file the step's lines go to (nil: logs are off).
    case stepStarted(run: String, step: String, attempt: Int, log: String? = nil)
    case stepFinished(run: String, result: StepResult)
    case fanOutStarted(run: String, step: String, children: [String], attempt: Int = 1)
    case runFinished(result: RunResult)
    case execFinished(outcome: ExecOutcome)
}

/// Several observers, each told every event in order.
public struct Observers: ExecObserver {
    public let all: [any ExecObserver]

    public init(_ all: [any ExecObserver]) { self.all = all }

    public func observe(_ event: ExecEvent) {
        for observer in all { observer.observe(event) }
    }
}

/// Receives events from many tasks at once; must return quickly.
public protocol ExecObserver: Sendable {
    func observe(_ event: ExecEvent)
}

/// Drops every event (tests, `--report` only).
public struct SilentObserver: ExecObserver {
    public init() {}
    public func observe(_ event: ExecEvent) {}
}
