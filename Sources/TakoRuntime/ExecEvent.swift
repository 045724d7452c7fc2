/// What the scheduler tells the person watching, as it happens.
public enum ExecEvent: Sendable {
    case runStarted(run: String)
    case stepStarted(run: String, step: String, attempt: Int)
    case stepFinished(run: String, result: StepResult)
    case fanOutStarted(run: String, step: String, children: [String])
    case runFinished(result: RunResult)
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
