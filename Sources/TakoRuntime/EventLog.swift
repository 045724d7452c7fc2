import Foundation

/// One line per event, for logs and CI (standard output is not a terminal):
/// `  0.4s ▶ RUN/STEP`, `  1.2s ✓ RUN/STEP (0.8s)`, `  1.3s ✗ RUN/STEP: exit code 1`.
public final class EventLog: ExecObserver, @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func observe(_ event: ExecEvent) {
        guard let text = Self.line(for: event) else { return }
        let elapsed = Summary.padded(Summary.tenths((ContinuousClock.now - start).seconds) + "s", to: 7)
        lock.lock()
        defer { lock.unlock() }
        write("\(elapsed) \(text)")
    }

    static func line(for event: ExecEvent) -> String? {
        switch event {
        case .runStarted(let run):
            return "▶ run \(run)"
        case .execStarted, .execFinished:
            return nil
        case .stepStarted(let run, let step, let attempt, _):
            return "▶ \(run)/\(step)" + (attempt > 1 ? " (attempt \(attempt))" : "")
        case .fanOutStarted(let run, let step, let children, _):
            return "▶ \(run)/\(step) fans out to " + Summary.count(children.count, "run")
        case .stepFinished(let run, let result):
            return "\(result.status.symbol) \(run)/\(result.id)" + Summary.detail(of: result)
        case .runFinished(let result):
            return "\(result.status.symbol) run \(result.id) \(result.status.rawValue)"
                + (result.seconds.map { " (\(Summary.duration($0)))" } ?? "")
                + (result.reason.map { ": \($0)" } ?? "")
        }
    }
}
