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
    public func add(url: String, branch: String?) throws -> CachedRepository {
        let name = try RepoName.fromURL(url)
        if let branch { try GitCache.validateBranch(branch) }
        let remoteURL = GitCache.remoteURL(url)
        let remote = try LibGit2.remoteBranches(url: remoteURL)
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
            try LibGit2.clone(url: remoteURL, branch: chosen, into: staging)
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
        return CachedRepository(name: name, branch: chosen, path: destination,
                                tip: try LibGit2.tip(branch: chosen, clone: destination))
    }

    /// Fetches every cached repository from its `origin` and fast-forwards its branch,
    /// one result per repository in the order of `repositories()`. Never merges and never
    /// forces: a remote branch that was rewritten is reported as a failure, and so is an
    /// unreachable remote or a branch the remote no longer has. One failure does not stop
    /// the others. Up to `maxParallel` clones are fetched at once (each on its own thread
    /// with its own libgit2 handles).
    public func sync(maxParallel: Int = 8) throws -> [SyncResult] {
        let repositories = try repositories()
        let results = SyncResults(count: repositories.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, maxParallel)
        for (index, repository) in repositories.enumerated() {
            queue.addOperation { results.set(index, GitCache.sync(repository)) }
        }
        queue.waitUntilAllOperationsAreFinished()
        return results.all
    }

    private static func sync(_ repository: CachedRepository) -> SyncResult {
        do {
            switch try LibGit2.fetchAndFastForward(clone: repository.path, branch: repository.branch) {
            case .unchanged(let commit):
                return SyncResult(repository: repository, outcome: .unchanged(commit))
            case .updated(let from, let to):
                return SyncResult(repository: repository, outcome: .updated(from: from, to: to))
            case .notFastForward(let local, let remote):
                return SyncResult(repository: repository, outcome: .failed(
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
                throw RepositoryError(.missingBranch, "branch '\(branch)' does not exist in '\(url)'; "
                    + "its branches are \(RepositoryError.list(remote.branches))"
                    + Suggestions.didYouMean(branch, in: remote.branches))
            }
            return branch
        }
        if let defaultBranch = remote.defaultBranch, remote.branches.contains(defaultBranch) { return defaultBranch }
        if remote.branches.isEmpty {
            throw RepositoryError(.missingBranch, "'\(url)' has no branches to clone")
        }
        throw RepositoryError(.missingBranch, "'\(url)' has no default branch; choose one with --branch: "
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
        throw RepositoryError(.notAClone, "'\(destination)' is in the way of the clone of '\(name)' on branch "
            + "'\(branch)' and is not a git clone; remove it and add again")
    }

    private func alreadyCached(_ name: RepoName, _ branch: String, _ path: String) -> RepositoryError {
        RepositoryError(.alreadyCached, "'\(name)' on branch '\(branch)' is already cached at '\(path)'; "
            + "use 'takoc cache sync' to update it")
    }
}

/// The results of a parallel sync, each written once by the operation that made it.
private final class SyncResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [SyncResult?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: SyncResult) {
        lock.withLock { slots[index] = result }
    }

    var all: [SyncResult] {
        lock.withLock { slots.compactMap { $0 } }
    }
}
