import TakoPlanFormat

/// A counting semaphore for tasks: at most `limit` holders at once. A freed slot goes to the
/// best-ranked waiter (`ScheduleRank`: priority, then the longest remaining path), equals in
/// the order they came; with every rank equal (`--schedule fifo`) that is arrival order.
/// A waiting task that is cancelled stops waiting and gets `CancellationError`.
actor Limiter: RankedGate {
    private let limit: Int
    private var holders = 0
    var queue = RankedWaiters<Void>()

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// How many hold a slot and how many wait, for `--debug`.
    var load: (holders: Int, waiting: Int) { (holders, queue.count) }

    /// Takes a slot; true when it had to wait for one.
    @discardableResult
    func acquire(rank: ScheduleRank = .fifo) async throws -> Bool {
        if holders < limit && queue.isEmpty {
            holders += 1
            return false
        }
        try await waitInLine(rank: rank, need: ())
        return true
    }

    func release() {
        if queue.isEmpty {
            holders -= 1
        } else {
            // The slot passes straight to the best waiter.
            queue.serveBest()
        }
    }

    /// A waiter that leaves frees no slot.
    func waiterLeft() {}

    /// Runs `body` holding one slot.
    func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }
}
