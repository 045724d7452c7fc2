import Foundation

/// Runs `body`; when it takes longer than `seconds`, cancels it (which stops its processes)
/// and still waits for what it returns. The flag says whether the deadline struck.
func withDeadline<T: Sendable>(seconds: Int?, _ body: @escaping @Sendable () async -> T) async -> (value: T, timedOut: Bool) {
    guard let seconds, seconds > 0 else { return (await body(), false) }
    return await withTaskGroup(of: DeadlineEvent<T>.self) { group in
        group.addTask { .done(await body()) }
        group.addTask {
            do {
                try await Task.sleep(for: .seconds(seconds))
                return .deadline
            } catch {
                return .deadlineCancelled
            }
        }
        var timedOut = false
        while let event = await group.next() {
            switch event {
            case .done(let value):
                group.cancelAll()
                return (value, timedOut)
            case .deadline:
                timedOut = true
                group.cancelAll()
            case .deadlineCancelled:
                continue
            }
        }
        preconditionFailure("the body's task always reports")
    }
}

private enum DeadlineEvent<T: Sendable>: Sendable {
    case done(T)
    case deadline
    case deadlineCancelled
}

/// How a condition evaluated off the task pool ended.
enum Decision: Sendable, Equatable {
    case value(Bool)
    case failed(String)
    /// The calling task was cancelled (a deadline, a stopped exec) before it was decided.
    case stopped
}

extension ConditionEvaluator {
    /// Evaluates `condition` on a thread of its own, so that a slow one neither holds one
    /// of the few threads every task shares nor outlives the deadline of the task that
    /// waits for it: cancelling that task returns `.stopped` at once (the evaluation, bounded
    /// by the evaluator's cost limit, ends on its own and is dropped).
    func decide(_ condition: String, in scope: TemplateScope) async -> Decision {
        let box = OneShot<Decision>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Decision, Never>) in
                guard box.wait(continuation) else { return }
                let thread = Thread {
                    let decision: Decision
                    do {
                        decision = .value(try self.evaluate(condition, in: scope))
                    } catch {
                        decision = .failed("\(error)")
                    }
                    box.resume(decision)
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            box.resume(.stopped)
        }
    }
}

/// A continuation resumed by whichever comes first: the work's value or a cancellation.
final class OneShot<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var early: T?
    private var done = false

    /// Keeps `continuation`; false (and resumed already) when a value came first.
    func wait(_ continuation: CheckedContinuation<T, Never>) -> Bool {
        lock.lock()
        if let early, !done {
            done = true
            lock.unlock()
            continuation.resume(returning: early)
            return false
        }
        self.continuation = continuation
        lock.unlock()
        return true
    }

    func resume(_ value: T) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        guard let continuation else {
            if early == nil { early = value }
            lock.unlock()
            return
        }
        done = true
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: value)
    }
}
