import Foundation
import TakoBasics

/// `takoc cache add` and `takoc cache sync`: the only operations that write to the cache.
extension GitCache {
    /// Clones `url` into `<root>/repos/OWNER/REPO/BRANCH`, OWNER/REPO being the URL's last
    /// two path components (".git" stripped). A nil `branch` means the remote's default
    /// branch. The remote is asked for its branches first, so that a missing branch is
    /// reported with the ones that exist. The clone is made in `<root>/.staging` and moved
    /// into place, so an interrupted clone never shows in the layout. Adding a clone that
    /// is already cached is an error: `sync` updates it.
    ///
    /// A URL that carries a password is refused (the password would be stored in the
    /// clone's configuration): credentials come from `access` (docs/cache.md). A transient
    /// network failure is tried again, up to three times in all.
    public func add(url: String, branch: String?, access: RemoteAccess = RemoteAccess()) throws -> CachedRepository {
        let name = try RepoName.fromURL(url)
        if let branch { try GitCache.validateBranch(branch) }
        if RemoteURL(url).hasPassword {
            throw RepositoryError(
                .invalidURL,
                "'\(RemoteURL.redacted(url))' carries a password, which would be stored "
                    + "in the clone's configuration; remove it from the URL and give it through TAKO_GIT_TOKEN, "
                    + "a git credential helper or ~/.netrc")
        }
        let remoteURL = GitCache.remoteURL(url)
        let remote = try GitCache.retrying { try LibGit2.remoteBranches(url: remoteURL, access: access) }
        let chosen = try GitCache.choose(branch, of: remote, url: url)
        let destination = clonePath(of: name, branch: chosen)
        try ensureFree(destination, name, chosen)

        let staging = "\(root)/.staging/\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: root + "/.staging", withIntermediateDirectories: true)
        } catch {
            throw RepositoryError.io("create the cache folder", root + "/.staging", error)
        }
        do {
            try GitCache.retrying {
                try? FileManager.default.removeItem(atPath: staging)
                try LibGit2.clone(url: remoteURL, branch: chosen, into: staging, access: access)
            }
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if let error = error as? RepositoryError { throw error }
            throw RepositoryError.io("create the folder of", destination, error)
        }
        guard rename(staging, destination) == 0 else {
            let reason = SystemErrorText.words(errno: errno)
            try? FileManager.default.removeItem(atPath: staging)
            if FileManager.default.fileExists(atPath: destination) { throw alreadyCached(name, chosen, destination) }
            throw RepositoryError(.io, "cannot move the new clone to '\(destination)': \(reason)")
        }
        return CachedRepository(
            name: name, branch: chosen, path: destination,
            tip: try LibGit2.tip(branch: chosen, clone: destination))
    }

    /// Fetches every cached repository from its `origin` and fast-forwards its branch,
    /// one result per repository in the order of `repositories()`. Never merges and never
    /// forces: a remote branch that was rewritten is reported as a failure, and so is an
    /// unreachable remote or a branch the remote no longer has. One failure does not stop
    /// the others. Up to `jobs` clones are fetched at once (each on its own thread with its
    /// own libgit2 handles); `progress` is called after each one, on one thread at a time.
    ///
    /// Each clone is locked (`flock` on `.git/tako-sync.lock`) while it is fetched and moved,
    /// so two syncs of one cache, in one process or several, take turns on every clone
    /// instead of checking out over each other. A transient network failure is tried
    /// again after a pause, up to three times in all.
    public func sync(
        jobs: Int = GitCache.defaultJobs, access: RemoteAccess = RemoteAccess(),
        progress: (@Sendable (SyncResult, _ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [SyncResult] {
        let repositories = try repositories()
        let results = ResultSlots<SyncResult>(count: repositories.count)
        BlockingWork.forEach(repositories.count, jobs: jobs) { index in
            let result = GitCache.sync(repositories[index], access: access)
            let done = results.set(index, result)
            if let progress { results.report { progress(result, done, repositories.count) } }
        }
        return results.all
    }

    /// Parallel fetches for `sync` and `add --from`: the work waits on the network, not on
    /// the cores, so many more than the core count run at once.
    public static let defaultJobs = 32

    private static func sync(_ repository: CachedRepository, access: RemoteAccess) -> SyncResult {
        do {
            let outcome = try CloneLock.holding(repository.path) {
                try retrying { try LibGit2.fetchAndFastForward(clone: repository.path, branch: repository.branch, access: access) }
            }
            switch outcome {
            case .unchanged(let commit):
                return SyncResult(repository: repository, outcome: .unchanged(commit))
            case .updated(let from, let to):
                return SyncResult(repository: repository, outcome: .updated(from: from, to: to))
            case .notFastForward(let local, let remote):
                return SyncResult(
                    repository: repository,
                    outcome: .failed(
                        "not a fast-forward: the remote branch '\(repository.branch)' is at \(remote.prefix(7)), "
                            + "which does not contain the cached \(local.prefix(7)); the cache was left as it was "
                            + "(remove '\(repository.path)' and add it again to follow the rewritten branch)"))
            }
        } catch let error as RepositoryError {
            return SyncResult(repository: repository, outcome: .failed(error.message))
        } catch {
            return SyncResult(repository: repository, outcome: .failed(SystemErrorText.words(for: error)))
        }
    }

    /// Runs `body`, and again after 0.5 s and then 1.5 s (with a little jitter, so that
    /// parallel jobs do not return together) while it fails with a transient error. The
    /// last error says how many attempts were made.
    static func retrying<T>(attempts: Int = 3, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as RepositoryError where error.isTransient {
                guard attempt < attempts else {
                    throw RepositoryError(error.kind, error.message + " (tried \(attempts) times)", transient: true)
                }
                let pause = 0.5 * pow(3, Double(attempt - 1)) * Double.random(in: 0.8...1.2)
                Thread.sleep(forTimeInterval: pause)
                attempt += 1
            }
        }
    }

    // MARK: Helpers

    static func validateBranch(_ branch: String) throws {
        guard LibGit2.isValidBranchName(branch) else {
            throw RepositoryError(.invalidBranch, "'\(branch)' is not a valid branch name")
        }
    }

    /// The branch to clone: the one asked for if the remote has it, else the remote's default.
    private static func choose(_ branch: String?, of remote: LibGit2.RemoteBranches, url: String) throws -> String {
        if let branch {
            guard remote.branches.contains(branch) else {
                throw RepositoryError(
                    .missingBranch,
                    "branch '\(branch)' does not exist in '\(url)'; "
                        + "its branches are \(RepositoryError.list(remote.branches))"
                        + Suggestions.didYouMean(branch, in: remote.branches))
            }
            return branch
        }
        if let defaultBranch = remote.defaultBranch, remote.branches.contains(defaultBranch) { return defaultBranch }
        if remote.branches.isEmpty {
            throw RepositoryError(.missingBranch, "'\(url)' has no branches to clone")
        }
        throw RepositoryError(
            .missingBranch,
            "'\(url)' has no default branch; choose one with --branch: "
                + RepositoryError.list(remote.branches))
    }

    /// The URL given to libgit2: a plain local path is made absolute, so that the clone's
    /// `origin` still works from another folder.
    static func remoteURL(_ url: String) -> String {
        if url.contains("://") { return url }
        let looksLikeSCP = url.firstIndex(of: ":").map { colon in !url[..<colon].contains("/") } ?? false
        return looksLikeSCP ? url : absolute(url)
    }

    /// Throws unless nothing is at `destination`: a clone there is already cached, and
    /// anything else is in the way.
    private func ensureFree(_ destination: String, _ name: RepoName, _ branch: String) throws {
        guard FolderListing.exists(destination) else { return }
        if GitCache.isClone(destination) { throw alreadyCached(name, branch, destination) }
        throw RepositoryError(
            .notAClone,
            "'\(destination)' is in the way of the clone of '\(name)' on branch "
                + "'\(branch)' and is not a git clone; remove it and add again")
    }

    private func alreadyCached(_ name: RepoName, _ branch: String, _ path: String) -> RepositoryError {
        RepositoryError(
            .alreadyCached,
            "'\(name)' on branch '\(branch)' is already cached at '\(path)'; "
                + "use 'takoc cache sync' to update it")
    }
}

/// The results of parallel work, each written once by the operation that made it.
/// Work that waits (on the network, on a lock) done by up to `jobs` threads of its own, each
/// taking the next index until none is left; returns when all are done. Not Dispatch's pool or
/// an OperationQueue: their threads are sized for the cores, and libdispatch adds a thread for
/// blocked work only about once a second, so 32 parallel fetches over HTTPS went at one
/// repository a second, slower than one job.
enum BlockingWork {
    static func forEach(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let next = NextIndex(count: count)
        let finished = DispatchGroup()
        for _ in 0..<min(max(1, jobs), count) {
            finished.enter()
            Thread.detachNewThread {
                while let index = next.take() { body(index) }
                finished.leave()
            }
        }
        finished.wait()
    }

    private final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        init(count: Int) { self.count = count }
        func take() -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }
    }
}

final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    private let reporting = NSLock()
    private var done = 0

    /// Stores a result; returns how many are stored.
    func set(_ index: Int, _ result: Result) -> Int {
        lock.withLock {
            slots[index] = result
            done += 1
            return done
        }
    }

    /// Runs `body` on one thread at a time (progress output).
    func report(_ body: () -> Void) {
        reporting.withLock(body)
    }

    var all: [Result] {
        lock.withLock { slots.compactMap { $0 } }
    }
}
