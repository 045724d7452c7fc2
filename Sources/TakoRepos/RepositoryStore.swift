/// A file read from a repository, with where it came from.
public struct RepoFile: Sendable, Hashable {
    /// The path inside the repository, e.g. "tako.yml".
    public let path: String
    public let contents: [UInt8]
    /// The 40-hex commit id it was read from (nil for folder and in-memory stores).
    public let commit: String?
    /// The 40-hex blob id (nil for folder and in-memory stores).
    public let blob: String?

    public init(path: String, contents: [UInt8], commit: String? = nil, blob: String? = nil) {
        self.path = path
        self.contents = contents
        self.commit = commit
        self.blob = blob
    }

    /// The contents as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: contents, as: UTF8.self) }
}

/// One repository of a store: a clone of `name` on `branch`.
public struct CachedRepository: Sendable, Hashable {
    public let name: RepoName
    public let branch: String
    /// Where the repository is: for the git cache the absolute path of the clone,
    /// `<cache>/repos/OWNER/REPO/BRANCH`; for a folder store the folder; for the
    /// in-memory store `memory:OWNER/REPO`.
    public let path: String
    /// The commit id at the tip of `branch` (nil for folder and in-memory stores).
    public let tip: String?

    public init(name: RepoName, branch: String, path: String, tip: String?) {
        self.name = name
        self.branch = branch
        self.path = path
        self.tip = tip
    }
}

/// Where the compiler finds repositories and their files. Implementations are values
/// that may be used from several threads.
public protocol RepositoryStore: Sendable {
    /// Every repository in the store, sorted by name then branch.
    func repositories() throws -> [CachedRepository]
    /// The file at the tip of the repository's branch (for the git cache: read through
    /// libgit2 from the commit `repository.tip` when the listing gave one, so that what is
    /// read and the commit recorded for it agree, never the working files), or nil when
    /// there is no such file.
    func readFile(_ path: String, in repository: CachedRepository) throws -> RepoFile?
    /// The repository `name` on `branch`, or nil when the store does not have it. The
    /// default searches `repositories()`; the git cache looks at one folder.
    func repository(_ name: RepoName, branch: String) throws -> CachedRepository?
}

extension RepositoryStore {
    /// The repositories called `name`, on every branch the store has, sorted by branch.
    public func repositories(named name: RepoName) throws -> [CachedRepository] {
        try repositories().filter { $0.name == name }
    }

    /// The repository `name` on `branch`, or nil when the store does not have it.
    public func repository(_ name: RepoName, branch: String) throws -> CachedRepository? {
        try repositories().first { $0.name == name && $0.branch == branch }
    }
}

extension [CachedRepository] {
    /// Sorted by name, then branch: the order of `RepositoryStore.repositories()`.
    func sortedByNameAndBranch() -> [CachedRepository] {
        sorted { ($0.name, $0.branch) < ($1.name, $1.branch) }
    }
}
