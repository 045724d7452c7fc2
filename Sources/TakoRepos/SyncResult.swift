/// What `GitCache.sync()` did to one cached repository.
public struct SyncResult: Sendable, Hashable, CustomStringConvertible {
    public enum Outcome: Sendable, Hashable {
        /// The branch moved forward from one commit to another.
        case updated(from: String, to: String)
        /// The branch was already at the remote's commit.
        case unchanged(String)
        /// Nothing changed, for the reason given (unreachable remote, branch gone from
        /// the remote, a rewritten remote branch that is not a fast-forward, ...).
        case failed(String)
    }

    /// The repository as it was before the sync.
    public let repository: CachedRepository
    public let outcome: Outcome

    public init(repository: CachedRepository, outcome: Outcome) {
        self.repository = repository
        self.outcome = outcome
    }

    public var isFailure: Bool {
        if case .failed = outcome { return true }
        return false
    }

    /// One line for `takoc cache sync`, e.g. "acme/app (main): updated 1a2b3c4 → 5d6e7f8".
    public var description: String {
        let subject = "\(repository.name) (\(repository.branch))"
        switch outcome {
        case .updated(let from, let to): return "\(subject): updated \(from.prefix(7)) → \(to.prefix(7))"
        case .unchanged(let commit): return "\(subject): unchanged at \(commit.prefix(7))"
        case .failed(let reason): return "\(subject): failed: \(reason)"
        }
    }
}
