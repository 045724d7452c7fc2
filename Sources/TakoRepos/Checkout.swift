import Foundation

/// Working trees for `tako exec`: each run gets a fresh checkout of its planned commit,
/// outside the cache.
public enum Checkout {
    /// A fresh working tree of `commit` from the clone at `repositoryPath` (a local clone
    /// in the cache), created at `destination`, which must not exist or be an empty folder.
    ///
    /// The result is a git clone with a detached HEAD at `commit` and a clean status; its
    /// `origin` is the cache clone's own remote, so a step that fetches or pushes never
    /// touches the cache. The source clone is only read: objects are hard-linked or
    /// copied, and its HEAD, branches, index and working files stay as they were. On
    /// failure, whatever was created at `destination` is removed.
    public static func materialize(repositoryPath: String, commit: String, into destination: String) throws {
        let source = GitCache.absolute(repositoryPath)
        let target = GitCache.absolute(destination)
        let existed = try checkDestination(target)
        guard GitCache.isClone(source) else {
            throw RepositoryError(.notAClone, "'\(source)' is not a git clone")
        }
        do {
            try LibGit2.materialize(source: source, commit: commit.lowercased(), into: target)
        } catch {
            removeCreated(target, keepFolder: existed)
            throw error
        }
    }

    /// Throws unless `path` is absent or an empty folder; returns whether it exists.
    private static func checkDestination(_ path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        guard GitCache.isFolder(path) else {
            throw RepositoryError(.destinationNotEmpty, "cannot check out into '\(path)': it is a file")
        }
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw RepositoryError.io("read the checkout folder", path, error)
        }
        guard contents.isEmpty else {
            throw RepositoryError(
                .destinationNotEmpty,
                "cannot check out into '\(path)': the folder is not empty")
        }
        return true
    }

    private static func removeCreated(_ path: String, keepFolder: Bool) {
        let manager = FileManager.default
        guard keepFolder else {
            try? manager.removeItem(atPath: path)
            return
        }
        for entry in (try? manager.contentsOfDirectory(atPath: path)) ?? [] {
            try? manager.removeItem(atPath: path + "/" + entry)
        }
    }
}
