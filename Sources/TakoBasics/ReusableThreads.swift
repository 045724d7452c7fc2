import Dispatch
import Foundation

/// Threads for work that blocks for as long as it takes (reading a step's output until the
/// step ends), kept and reused instead of started for each piece of work: starting and
/// ending a thread for every step was a measurable share of a step `true` (`make
/// bench-exec`). Work never waits for another to finish: when no thread is idle a new one
/// starts. A thread idle for `idleSeconds` ends.
public final class ReusableThreads: @unchecked Sendable {
    public static let shared = ReusableThreads()

    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
        var work: (@Sendable () -> Void)?
    }

    private let lock = NSLock()
    private var idle: [Worker] = []
    private let idleSeconds: Double
    private let stackSize: Int

    public init(idleSeconds: Double = 30, stackSize: Int = 256 << 10) {
        self.idleSeconds = idleSeconds
        self.stackSize = stackSize
    }

    /// Runs `work` on an idle thread, or on a new one when none is idle.
    public func run(_ work: @escaping @Sendable () -> Void) {
        let reused: Worker? = lock.withLock {
            guard let worker = idle.popLast() else { return nil }
            worker.work = work
            return worker
        }
        if let reused {
            reused.wake.signal()
            return
        }
        let worker = Worker()
        worker.work = work
        let thread = Thread { [self] in self.serve(worker) }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Threads idle now (for tests).
    public var idleCount: Int { lock.withLock { idle.count } }

    private func serve(_ worker: Worker) {
        while true {
            let work = lock.withLock {
                defer { worker.work = nil }
                return worker.work
            }
            work?()
            lock.withLock { idle.append(worker) }
            if worker.wake.wait(timeout: .now() + idleSeconds) == .timedOut {
                let leaving = lock.withLock {
                    guard let index = idle.firstIndex(where: { $0 === worker }) else { return false }
                    idle.remove(at: index)
                    return true
                }
                if leaving { return }
                // Handed work just as the wait ended: its signal is on the way.
                worker.wake.wait()
            }
        }
    }
}
