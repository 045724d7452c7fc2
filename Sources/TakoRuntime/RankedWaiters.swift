import TakoPlanFormat

/// Tasks waiting their turn for something an actor hands out (a slot of `--max-parallel`,
/// `--cpus` and `--memory`): the best `ScheduleRank` goes first, equals in the order they
/// came; a waiting task that is cancelled stops waiting and gets `CancellationError`. The
/// actor (a `RankedGate`) decides when the best waiter may go.
struct RankedWaiters<Need: Sendable> {
    /// Sorted worst first: the best waiter is the last.
    private var waiters: [(id: Int, rank: ScheduleRank, need: Need, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    var isEmpty: Bool { waiters.isEmpty }
    var count: Int { waiters.count }
    /// What the best waiter asks for.
    var best: Need? { waiters.last?.need }

    fileprivate mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// After every waiter of a better or equal rank (they came first), before the worse.
    fileprivate mutating func insert(id: Int, rank: ScheduleRank, need: Need, continuation: CheckedContinuation<Void, any Error>) {
        var low = 0
        var high = waiters.count
        while low < high {
            let mid = (low + high) / 2
            if waiters[mid].rank < rank { low = mid + 1 } else { high = mid }
        }
        waiters.insert((id, rank, need, continuation), at: low)
    }

    /// The best waiter goes on.
    mutating func serveBest() {
        waiters.removeLast().continuation.resume()
    }

    /// Whether waiter `id` was still waiting (it is then told it was cancelled).
    fileprivate mutating func cancel(_ id: Int) -> Bool {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return false }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        return true
    }
}

/// An actor that hands something out to waiters in rank order.
protocol RankedGate: Actor {
    associatedtype Need: Sendable
    var queue: RankedWaiters<Need> { get set }
    /// A waiter left the line: whoever may go now goes.
    func waiterLeft()
}

extension RankedGate {
    /// Waits in line with `need` until the gate serves it (`queue.serveBest()`).
    func waitInLine(rank: ScheduleRank, need: Need) async throws {
        let id = queue.newID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    queue.insert(id: id, rank: rank, need: need, continuation: continuation)
                }
            }
        } onCancel: {
            Task { await self.leave(id) }
        }
    }

    private func leave(_ id: Int) {
        if queue.cancel(id) { waiterLeft() }
    }
}
