import Foundation
import TakoBasics

/// The repository cache: git clones in the Go tool's layout, read through libgit2.
///
/// ```
/// <root>/repos/OWNER/REPO/BRANCH/      a clone of OWNER/REPO with BRANCH checked out
/// <root>/.staging/                     clones being made by `add` (never listed)
/// ```
///
/// A branch with slashes ("release/1.x") is a nested folder. Files are read from the
/// commit at the tip of the clone's local branch `refs/heads/BRANCH`, never from its
/// working files. A `GitCache` is a plain value; every call opens and frees its own
/// libgit2 handles, so one cache may be used from several threads at once.
public struct GitCache: RepositoryStore {
    /// The cache folder (absolute).
    public let root: String

    public init(root: String) {
        self.root = GitCache.absolute(root)
    }

    /// `$TAKO_CACHE_DIR` when set and not empty, otherwise `~/.tako/cache`.
    public static func defaultRoot(environment: [String: String]) -> String {
        if let folder = environment["TAKO_CACHE_DIR"], !folder.isEmpty { return absolute(folder) }
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.tako/cache"
    }

    /// `<root>/repos`, the folder of owners.
    public var reposFolder: String { root + "/repos" }

    /// Where the clone of `name` on `branch` is, whether or not it exists.
    public func clonePath(of name: RepoName, branch: String) -> String {
        "\(reposFolder)/\(name.owner)/\(name.name)/\(branch)"
    }

    // MARK: RepositoryStore

    /// Every clone in the layout, sorted by name then branch, found with plain directory
    /// reads. Tips come from the clones' ref files (libgit2 only when those are unusual).
    /// Folders that are not valid names or hold no clone are left out; a missing cache is empty.
    public func repositories() throws -> [CachedRepository] {
        var folders: [(name: RepoName, path: String)] = []
        for owner in try FolderListing.subfolders(of: reposFolder) {
            for repo in try FolderListing.subfolders(of: reposFolder + "/" + owner) {
                guard let name = RepoName(owner: owner, name: repo) else { continue }
                folders.append((name, "\(reposFolder)/\(owner)/\(repo)"))
            }
        }
        // Each repository folder is listed and its ref files read on its own, on every core;
        // the first error in name order is thrown, as a loop would.
        let clones = ConcurrentMap.map(folders) { folder in
            Result {
                var found: [CachedRepository] = []
                try collectClones(of: folder.name, in: folder.path, prefix: "", depth: 0, into: &found)
                return found
            }
        }
        var found: [CachedRepository] = []
        found.reserveCapacity(folders.count)
        for result in clones { found += try result.get() }
        return found.sortedByNameAndBranch()
    }

    public func readFile(_ path: String, in repository: CachedRepository) throws -> RepoFile? {
        guard let blob = try LibGit2.readFile(path, branch: repository.branch, clone: repository.path, tip: repository.tip)
        else { return nil }
        return RepoFile(path: path, contents: blob.contents, commit: blob.commit, blob: blob.blob)
    }

    /// The cached repository `name` on `branch`, or nil when it is not in the cache.
    public func repository(_ name: RepoName, branch: String) throws -> CachedRepository? {
        guard LibGit2.isValidBranchName(branch) else { return nil }
        let path = clonePath(of: name, branch: branch)
        guard GitCache.isClone(path) else { return nil }
        return CachedRepository(name: name, branch: branch, path: path, tip: try tipOfClone(path, branch: branch))
    }

    /// The commit at the tip of `branch` in the cache, read through libgit2 (the stale-plan
    /// check of `tako exec`); nil when the cache has no clone of `name` on `branch`.
    public func tip(of name: RepoName, branch: String) throws -> String? {
        try GitCache.validateBranch(branch)
        let path = clonePath(of: name, branch: branch)
        guard GitCache.isClone(path) else { return nil }
        guard let tip = try LibGit2.tip(branch: branch, clone: path) else {
            let existing = try LibGit2.localBranches(clone: path)
            throw RepositoryError(
                .missingBranch,
                "the clone at '\(path)' has no branch '\(branch)'; "
                    + "its branches are \(RepositoryError.list(existing))")
        }
        return tip
    }

    /// The URL the clone fetches from (its `origin`), for `takoc cache list`; nil when it has none.
    public func remoteURL(of repository: CachedRepository) throws -> String? {
        try Self.originURL(clone: repository.path)
    }

    /// The `origin` URL of the clone at `path` (`tako export argo` clones it on the cluster).
    public static func originURL(clone path: String) throws -> String? {
        try LibGit2.originURL(clone: path)
    }

    // MARK: Layout

    private func tipOfClone(_ path: String, branch: String) throws -> String? {
        if let tip = BranchRefFile.tip(branch: branch, clone: path) { return tip }
        return try LibGit2.tip(branch: branch, clone: path)
    }

    /// The clones under a repository folder: each folder holding `.git` is a clone, and
    /// its path below the repository folder is the branch ("release/1.x" is nested).
    /// The common case, a loose ref file, costs one read and no `stat`.
    private func collectClones(
        of name: RepoName, in folder: String, prefix: String, depth: Int,
        into found: inout [CachedRepository]
    ) throws {
        for entry in try FolderListing.subfolders(of: folder) {
            let path = folder + "/" + entry
            let branch = prefix + entry
            if let tip = BranchRefFile.tip(branch: branch, clone: path) {
                found.append(CachedRepository(name: name, branch: branch, path: path, tip: tip))
            } else if GitCache.isClone(path) {
                // A clone whose tip cannot be read is still listed, so that reading it
                // reports the problem instead of the repository vanishing in silence.
                let tip = (try? LibGit2.tip(branch: branch, clone: path)) ?? nil
                found.append(CachedRepository(name: name, branch: branch, path: path, tip: tip))
            } else if depth < 8 {
                try collectClones(of: name, in: path, prefix: branch + "/", depth: depth + 1, into: &found)
            }
        }
    }

    static func isClone(_ path: String) -> Bool {
        FolderListing.exists(path + "/.git")
    }

    static func isFolder(_ path: String) -> Bool {
        FolderListing.isFolder(path)
    }

    static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}
