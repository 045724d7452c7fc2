import Foundation

/// Repositories as plain folders, `<root>/OWNER/REPO/`, for tests, examples and `--root`.
///
/// Every repository is on branch "main" and has no commit: files are read from the
/// folder as they are, and `RepoFile.commit`, `RepoFile.blob` and `CachedRepository.tip`
/// are nil. Folders whose names are not valid OWNER/REPO parts, and hidden ones, are left out.
public struct FolderStore: RepositoryStore {
    /// The folder of owners (absolute).
    public let root: String
    /// The branch every repository is on.
    public static let branch = "main"

    public init(root: String) {
        self.root = GitCache.absolute(root)
    }

    public func repositories() throws -> [CachedRepository] {
        var found: [CachedRepository] = []
        for owner in try folders(in: root) {
            for repo in try folders(in: root + "/" + owner) {
                guard let name = RepoName(owner: owner, name: repo) else { continue }
                found.append(
                    CachedRepository(
                        name: name, branch: FolderStore.branch,
                        path: "\(root)/\(owner)/\(repo)", tip: nil))
            }
        }
        return found.sortedByNameAndBranch()
    }

    /// The file at `path` in the repository's folder, or nil when there is none. A path
    /// that would leave the folder ("..") has no file.
    public func readFile(_ path: String, in repository: CachedRepository) throws -> RepoFile? {
        let components = path.split(separator: "/")
        guard !components.isEmpty, !components.contains(".."), !path.hasPrefix("/") else { return nil }
        let file = repository.path + "/" + path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RepositoryError(.io, "cannot read '\(file)'")
        }
        return RepoFile(path: path, contents: [UInt8](data))
    }

    private func folders(in folder: String) throws -> [String] {
        guard GitCache.isFolder(folder) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { !$0.hasPrefix(".") && GitCache.isFolder(folder + "/" + $0) }
                .sorted()
        } catch {
            throw RepositoryError.io("list the folder", folder, error)
        }
    }
}
