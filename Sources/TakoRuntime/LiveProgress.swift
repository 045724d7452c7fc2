import Foundation
import TakoBasics

/// Progress on a terminal, redrawn in place: a status line with runs and steps running,
/// done and failed, and the elapsed time, under the lines of steps that ended. Only ever
/// written to a terminal: names and reasons are shown with their control characters escaped.
public final class LiveProgress: ExecObserver, @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private let write: @Sendable (String) -> Void
    private var running: [String: ContinuousClock.Instant] = [:]
    private var runsRunning = 0
    private var runsDone = 0
    private var stepsDone = 0
    private var stepsFailed = 0
    private var statusShown = false

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func observe(_ event: ExecEvent) {
        lock.lock()
        defer { lock.unlock() }
        var permanent: String?
        switch event {
        case .runStarted:
            runsRunning += 1
        case .runFinished(let result):
            runsRunning -= 1
            runsDone += 1
            if result.status != .succeeded { permanent = EventLog.line(for: event) }
        case .stepStarted(let run, let step, _, _):
            running["\(run)/\(step)"] = .now
        case .fanOutStarted, .execStarted, .execFinished:
            break
        case .stepFinished(let run, let result):
            running["\(run)/\(result.id)"] = nil
            if result.status.isFailure { stepsFailed += 1 } else { stepsDone += 1 }
            permanent = EventLog.line(for: event)
        }
        var out = statusShown ? "\r\u{1B}[2K" : ""
        if let permanent {
            out +=
                Summary.padded(Summary.tenths((ContinuousClock.now - start).seconds) + "s", to: 7) + " " + TerminalText.escape(permanent)
                + "\n"
        }
        out += statusLine()
        statusShown = true
        write(out)
    }

    /// Redraws the status line (the elapsed time moves even when no event comes).
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        write((statusShown ? "\r\u{1B}[2K" : "") + statusLine())
        statusShown = true
    }

    /// Redraws twice a second until the task running it is cancelled.
    public func redrawEvery(_ interval: Duration = .milliseconds(500)) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            tick()
        }
    }

    private func statusLine() -> String {
        let elapsed = Summary.duration((ContinuousClock.now - start).seconds)
        let oldest = running.min { $0.value < $1.value }.map { " · " + TerminalText.escape($0.key) } ?? ""
        return "⏳ \(elapsed)  runs: \(runsRunning) running, \(runsDone) done  steps: \(running.count) running, "
            + "\(stepsDone) done, \(stepsFailed) failed\(oldest)"
    }

    /// Ends the status line where it is, so what comes next (a notice on standard error)
    /// starts on a line of its own; the status line is drawn again below at the next event.
    public func breakLine() {
        lock.lock()
        defer { lock.unlock() }
        if statusShown { write("\n") }
        statusShown = false
    }

    /// Clears the status line before the summary.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if statusShown { write("\r\u{1B}[2K") }
        statusShown = false
    }
}
