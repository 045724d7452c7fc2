import Foundation

/// The way to stop an exec from outside the scheduler: a signal handler (SIGINT, SIGTERM)
/// or `--fail-fast`. Stopping cancels the exec's task, and cancellation reaches every step:
/// each running process gets SIGTERM, then SIGKILL after the grace period.
public final class ExecControl: @unchecked Sendable {
    public enum Reason: Sendable, Equatable {
        case interrupted
        case failFast
        case checkpointFailed(String)
    }

    private let lock = NSLock()
    /// Cancels the task that `stop` stops (the exec's, or `tako step`'s one step).
    private var cancelTask: (@Sendable () -> Void)?
    /// The steps' process groups, for `killNow`.
    public let processes = ProcessRegistry()
    private var _reason: Reason?

    public init() {}

    public var reason: Reason? {
        lock.lock()
        defer { lock.unlock() }
        return _reason
    }

    public var isInterrupted: Bool { reason == .interrupted }

    /// Stops the exec; the first reason given wins.
    public func stop(_ reason: Reason) {
        lock.lock()
        if _reason == nil { _reason = reason }
        let cancel = cancelTask
        lock.unlock()
        cancel?()
    }

    func attach<Success: Sendable>(_ task: Task<Success, Never>) {
        lock.lock()
        cancelTask = { task.cancel() }
        let stopped = _reason != nil
        lock.unlock()
        if stopped { task.cancel() }
    }

    /// Stops the exec and ends every running step at once with SIGKILL, without the
    /// grace period (a second Ctrl-C).
    public func killNow() {
        stop(.interrupted)
        processes.killAll()
    }

    /// Forgets the exec's task once it ended (the task's closure holds the scheduler,
    /// which holds this control).
    func detach() {
        lock.lock()
        cancelTask = nil
        lock.unlock()
    }

    /// The status a step or run gets when it is stopped from outside.
    var stoppedStatus: StepStatus { isInterrupted ? .interrupted : .cancelled }
}

/// Run results as they come in, from many tasks.
actor ResultBook {
    private(set) var runs: [String: RunResult] = [:]

    func record(_ result: RunResult) { runs[result.id] = result }
}
