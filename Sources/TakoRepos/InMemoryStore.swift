/// Repositories held in memory, for tests of the stages above: each repository is on
/// branch "main", its path is `memory:OWNER/REPO`, and it has no commits (commit, blob
/// and tip are nil).
public struct InMemoryStore: RepositoryStore {
    /// The branch every repository is on.
    public static let branch = "main"

    /// The files of each repository: path inside the repository → contents.
    public let files: [RepoName: [String: [UInt8]]]

    public init(_ files: [RepoName: [String: [UInt8]]]) {
        self.files = files
    }

    /// Files given as text (stored as UTF-8).
    public init(texts: [RepoName: [String: String]]) {
        self.files = texts.mapValues { $0.mapValues { Array($0.utf8) } }
    }

    public func repositories() throws -> [CachedRepository] {
        files.keys.sorted().map { name in
            CachedRepository(name: name, branch: InMemoryStore.branch, path: "memory:\(name)", tip: nil)
        }
    }

    /// The file, when the repository is in the store on its branch and has it.
    public func readFile(_ path: String, in repository: CachedRepository) throws -> RepoFile? {
        guard repository.branch == InMemoryStore.branch,
            let contents = files[repository.name]?[path]
        else { return nil }
        return RepoFile(path: path, contents: contents)
    }

    /// A copy with one more file (replacing any at the same path).
    public func adding(_ path: String, _ text: String, to name: RepoName) -> InMemoryStore {
        var files = self.files
        files[name, default: [:]][path] = Array(text.utf8)
        return InMemoryStore(files)
    }
}
