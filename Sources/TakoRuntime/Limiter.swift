import TakoPlanFormat

/// A counting semaphore for tasks: at most `limit` holders at once. A freed slot goes to the
/// best-ranked waiter (`ScheduleRank`: priority, then the longest remaining path), equals in
/// the order they came; with every rank equal (`--schedule fifo`) that is arrival order.
/// A waiting task that is cancelled stops waiting and gets `CancellationError`.
actor Limiter {
    private let limit: Int
    private var holders = 0
    /// Sorted worst first: the next holder is the last.
    private var waiters: [(id: Int, rank: ScheduleRank, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// How many hold a slot and how many wait, for `--debug`.
    var load: (holders: Int, waiting: Int) { (holders, waiters.count) }

    /// Takes a slot; true when it had to wait for one.
    @discardableResult
    func acquire(rank: ScheduleRank = .fifo) async throws -> Bool {
        if holders < limit && waiters.isEmpty {
            holders += 1
            return false
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    insert((id, rank, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
        return true
    }

    /// After every waiter of a better or equal rank (they came first), before the worse.
    private func insert(_ waiter: (id: Int, rank: ScheduleRank, continuation: CheckedContinuation<Void, any Error>)) {
        var low = 0
        var high = waiters.count
        while low < high {
            let mid = (low + high) / 2
            if waiters[mid].rank < waiter.rank { low = mid + 1 } else { high = mid }
        }
        waiters.insert(waiter, at: low)
    }

    func release() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            // The slot passes straight to the best waiter.
            waiters.removeLast().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Runs `body` holding one slot.
    func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }
}
