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
