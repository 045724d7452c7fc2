import Crypto
import Foundation
import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoRepos

/// The load stage's value: which files the compilation reads. The root (a local checkout,
/// whose working tako.yml is read here, or a cached repository) and one branch of every
/// other cached repository (docs/decisions/0002-branch-per-repository.md), in name order.
struct SourceSet {
    var rootName: String
    /// A `--root` checkout's tako.yml and where its code is.
    var checkout: (path: String, bytes: [UInt8], repository: PlannedRepository)?
    /// The cached repositories to read, one branch each, in name order (the root's included
    /// when it is cached).
    var cached: [CachedRepository]

    static func load(store: any RepositoryStore, root: RootSelection) throws -> SourceSet {
        let all = try store.repositories()
        var chosen = LoweredFiles.preferredBranches(all)
        var set = SourceSet(rootName: "", checkout: nil, cached: [])
        switch root {
        case .checkout(let dir):
            let name = try LoweredFiles.checkoutName(dir)
            set.rootName = name.description
            chosen[name] = nil
            let path = (dir as NSString).appendingPathComponent(LoweredFiles.manifestFile)
            let bytes = try Driver.readFile(path)
            let absolute = URL(fileURLWithPath: dir).standardizedFileURL.path
            set.checkout = (
                path, bytes,
                PlannedRepository(
                    name: name.description, source: .root, path: absolute, branch: nil, commit: nil,
                    files: [PlannedFile(path: LoweredFiles.manifestFile, blob: LoweredFiles.gitBlobID(bytes))])
            )
        case .cached(let name, let branch):
            set.rootName = name.description
            let candidates = all.filter { $0.name == name }
            if let branch {
                guard let repo = candidates.first(where: { $0.branch == branch }) else {
                    let have = candidates.map { "'\($0.branch)'" }.joined(separator: ", ")
                    throw DriverError(
                        "\(name) is not cached on branch '\(branch)'"
                            + (have.isEmpty ? "; add it with 'takoc cache add URL --branch \(branch)'" : " (cached branches: \(have))"))
                }
                chosen[name] = repo
            } else if chosen[name] == nil {
                throw DriverError("\(name) is not in the cache; add it with 'takoc cache add URL'")
            }
        }
        set.cached = chosen.sorted(by: { $0.key < $1.key }).map(\.value)
        return set
    }
}

/// The lower stage's value: every file of a `SourceSet`, lowered, with where each
/// repository's code is.
struct LoweredFiles {
    var rootName = ""
    var manifests: [String: ManifestDecl] = [:]
    var repositories: [String: PlannedRepository] = [:]
    var diagnostics: [Diagnostic] = []
    var sources: [SourceFile] = []

    static let manifestFile = "tako.yml"
    // Run commands are not kept for ShellCheck (`runScripts: false`): nothing that reads a
    // cache runs it; `takoc check` lowers the files it lints on its own.

    /// Reads and lowers every file of `set`. Each repository is independent of the others:
    /// they are read and lowered on every core, sharing `expressions`, and the results are
    /// added in name order, as one thread would.
    static func lower(_ set: SourceSet, from store: any RepositoryStore, expressions: CompiledExpressions) throws -> LoweredFiles {
        var files = LoweredFiles()
        files.rootName = set.rootName
        if let checkout = set.checkout {
            files.add(
                Loaded(
                    name: set.rootName,
                    lowered: Lowering.lower(
                        path: checkout.path, bytes: checkout.bytes, expressions: expressions, runScripts: false),
                    repository: checkout.repository))
        }
        let repos = set.cached
        let loaded = ConcurrentMap.map(repos) { repo -> Result<Loaded?, any Error> in
            Result { try load(repo, from: store, expressions: expressions) }
        }
        files.manifests.reserveCapacity(repos.count)
        files.repositories.reserveCapacity(repos.count)
        files.sources.reserveCapacity(repos.count)
        for (repo, result) in zip(repos, loaded) {
            guard let file = try result.get() else {
                if repo.name.description == files.rootName {
                    throw DriverError("\(repo.name) has no \(manifestFile) on branch '\(repo.branch)'")
                }
                continue
            }
            files.add(file)
        }
        return files
    }

    /// Every cached repository (its preferred branch), lowered: the organisation.
    static func loadAll(store: any RepositoryStore, expressions: CompiledExpressions) throws -> LoweredFiles {
        var files = LoweredFiles()
        let repos = preferredBranches(try store.repositories()).sorted(by: { $0.key < $1.key }).map(\.value)
        let loaded = ConcurrentMap.map(repos) { repo -> Result<Loaded?, any Error> in
            Result { try load(repo, from: store, expressions: expressions) }
        }
        for result in loaded {
            if let file = try result.get() { files.add(file) }
        }
        return files
    }

    /// One cached repository's tako.yml, lowered; nil when it has none.
    struct Loaded: Sendable {
        var name: String
        var lowered: LoweredFile
        var repository: PlannedRepository
    }

    static func load(_ repo: CachedRepository, from store: any RepositoryStore, expressions: CompiledExpressions) throws -> Loaded? {
        guard let file = try store.readFile(manifestFile, in: repo) else { return nil }
        let name = repo.name.description
        return Loaded(
            name: name,
            lowered: Lowering.lower(path: "\(name)/\(manifestFile)", bytes: file.contents, expressions: expressions, runScripts: false),
            repository: PlannedRepository(
                name: name, source: .cache, path: repo.path, branch: repo.branch,
                commit: file.commit ?? repo.tip,
                files: [PlannedFile(path: manifestFile, blob: file.blob ?? gitBlobID(file.contents))]))
    }

    mutating func add(_ loaded: Loaded) {
        diagnostics += loaded.lowered.diagnostics
        sources.append(loaded.lowered.source)
        repositories[loaded.name] = loaded.repository
        if let manifest = loaded.lowered.manifest { manifests[loaded.name] = manifest }
    }

    /// One branch per repository: `main`, else `master`, else the first in name order.
    /// (docs/decisions/0002-branch-per-repository.md)
    static func preferredBranches(_ repos: [CachedRepository]) -> [RepoName: CachedRepository] {
        var chosen: [RepoName: CachedRepository] = [:]
        func rank(_ b: String) -> (Int, String) { (b == "main" ? 0 : b == "master" ? 1 : 2, b) }
        for repo in repos {
            if let current = chosen[repo.name], rank(current.branch) <= rank(repo.branch) { continue }
            chosen[repo.name] = repo
        }
        return chosen
    }

    /// The name of a local checkout: from its `origin` remote when it has one, else the last
    /// two folders of its path (`.../acme/core-lib` is `acme/core-lib`).
    static func checkoutName(_ dir: String) throws -> RepoName {
        let url = URL(fileURLWithPath: dir).standardizedFileURL
        let probe = CachedRepository(name: RepoName("local/checkout")!, branch: "", path: url.path, tip: nil)
        if let remote = try? GitCache(root: "").remoteURL(of: probe), let name = try? RepoName.fromURL(remote) {
            return name
        }
        let parts = url.pathComponents.suffix(2)
        guard parts.count == 2, let name = RepoName("\(parts.first!)/\(parts.last!)") else {
            throw DriverError(
                "cannot tell the repository name of '\(dir)': it has no 'origin' remote and its path does not end in OWNER/REPO")
        }
        return name
    }

    /// Git's id of a blob with these contents (SHA-1 of `blob SIZE\0` + contents), so a plan
    /// names a working file the same way it names a committed one.
    static func gitBlobID(_ bytes: [UInt8]) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("blob \(bytes.count)\0".utf8))
        hasher.update(data: bytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
