import Foundation
import TakoBasics
import TakoPlanFormat
import TakoRepos

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of one exec's checkouts, held by that exec alone (decision 0013).
///
/// Its default place comes from the checkpoint, not the plan: `~/.tako/workspaces/EXEC-ID`
/// where EXEC-ID hashes the checkpoint's path, so two execs of one plan with different
/// checkpoints never share checkouts, and `--resume` (same checkpoint) finds it again. While
/// an exec runs it holds an exclusive `flock` on the workspace's marker file
/// (`.tako-workspace`, which also names the checkpoint), taken after the checkpoint's lock:
/// a second exec given the same `--workspace` is refused, and `tako clean` never removes a
/// workspace in use.
public final class WorkspaceLock: @unchecked Sendable {
    /// The marker's name inside a workspace.
    public static let markerName = ".tako-workspace"

    public let folder: String
    private let fd: Int32
    private let lock = NSLock()
    private var released = false

    private init(folder: String, fd: Int32) {
        self.folder = folder
        self.fd = fd
    }

    deinit { release() }

    /// What the marker says: which checkpoint (and plan) the workspace belongs to.
    public struct Marker: Codable, Sendable {
        public var checkpoint: String
        public var plan: String
    }

    /// Creates the folder when missing and takes its lock. The lock file is opened again when
    /// the file under the name is not the one locked (`tako clean` removed the folder
    /// meanwhile), and an exec that finds the lock held waits up to a second for a `tako
    /// clean` to finish with it before refusing.
    public static func acquire(folder: String, marker: Marker) throws(ExecError) -> WorkspaceLock {
        let manager = FileManager.default
        let path = folder + "/" + markerName
        for attempt in 0..<20 {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ExecError(.workspace, SystemErrorText.cannot("create the workspace", folder, error))
            }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                throw ExecError(.workspace, "cannot open '\(path)': \(SystemErrorText.words(errno: errno))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                close(fd)
                guard code == EWOULDBLOCK else {
                    throw ExecError(.workspace, "cannot lock the workspace '\(folder)': \(SystemErrorText.words(errno: code))")
                }
                if attempt < 19 { usleep(50_000); continue }
                let holder =
                    (try? JSONDecoder().decode(Marker.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
                    .map { " (the exec of the checkpoint '\($0.checkpoint)')" } ?? ""
                throw ExecError(
                    .workspace,
                    "the workspace '\(folder)' is in use by another tako exec\(holder); "
                        + "give this one another --workspace, or leave --workspace out: each checkpoint then gets a workspace of its own")
            }
            guard isStillNamed(fd: fd, path: path) else {
                close(fd)
                continue
            }
            let held = WorkspaceLock(folder: folder, fd: fd)
            var bytes = (try? JSONEncoder().encode(marker)) ?? Data()
            bytes.append(0x0A)
            if ftruncate(fd, 0) != 0 || bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) != bytes.count {
                throw ExecError(.workspace, "cannot write '\(path)': \(SystemErrorText.words(errno: errno))")
            }
            return held
        }
        throw ExecError(.workspace, "cannot lock the workspace '\(folder)': it was removed again and again while tako opened it")
    }

    /// Whether the locked descriptor is still the file at `path` (not one removed meanwhile).
    static func isStillNamed(fd: Int32, path: String) -> Bool {
        var held = stat(), named = stat()
        guard fstat(fd, &held) == 0, lstat(path, &named) == 0 else { return false }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// Takes the lock of an existing workspace for `tako clean`, without waiting and without
    /// creating anything; nil when an exec holds it (or there is no marker to lock).
    static func tryLockExisting(folder: String) -> WorkspaceLock? {
        let path = folder + "/" + markerName
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, isStillNamed(fd: fd, path: path) else {
            close(fd)
            return nil
        }
        return WorkspaceLock(folder: folder, fd: fd)
    }

    /// Releases the lock.
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        close(fd)
    }

    /// Removes what tako put in the workspace, while the lock is held, then releases it:
    /// the checkouts of `runs` (their IDs; nil: all of `runs/` and `scratch/`, where a step
    /// killed with tako may have left its `$TAKO_OUTPUTS`), then `runs/`, `scratch/`, the
    /// marker and the folder itself when that leaves them empty. Anything else in it stays. A
    /// failure to remove leaves the rest for `tako clean`; it is reported, not thrown.
    @discardableResult
    public func removeContents(runs: [String]? = nil) -> String? {
        let manager = FileManager.default
        var targets: [String] = []
        if let runs {
            for id in runs {
                let name = RunCheckouts.safeName(id)
                // Never the folder itself or its parent, whatever a plan's IDs are.
                guard !name.isEmpty, name != ".", name != ".." else { continue }
                targets += [folder + "/runs/" + name, folder + "/runs/.partial-" + name]
            }
        } else {
            targets = [folder + "/runs", folder + "/scratch"]
        }
        var problem: String?
        for path in targets where manager.fileExists(atPath: path) {
            do {
                try manager.removeItem(atPath: path)
            } catch {
                problem = problem ?? SystemErrorText.cannot("remove", path, error)
            }
        }
        if problem == nil {
            rmdir(folder + "/runs")
            rmdir(folder + "/scratch")
            unlink(folder + "/" + Self.markerName)
            rmdir(folder)
        }
        release()
        return problem
    }
}

extension RunCheckouts {
    /// Refuses a `--workspace` that cannot hold checkouts: a file, or a folder inside the
    /// cache (as given, or through a symbolic link anywhere on its path). `cacheRoots`: the
    /// caches in play (the plan's, and the default one).
    func checkUsable(cacheRoots: [String]) throws(ExecError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), !isFolder.boolValue {
            throw ExecError(
                .workspace,
                "the workspace '\(root)' is a file, not a folder; give --workspace a folder "
                    + "(it is created when missing)")
        }
        var clones: [(what: String, path: String)] = plan.repositories.filter { $0.source == .cache }
            .map { ("the cached clone of \($0.name)", $0.path) }
        clones += cacheRoots.map { ("the cache", $0) }
        // The workspace and the folders tako writes in it, each with its links resolved.
        for folder in [root, root + "/runs", root + "/scratch"] {
            let resolved = OwnedFile.resolved(folder) + "/"
            for clone in clones {
                let cloneFolder = OwnedFile.resolved(clone.path) + "/"
                guard resolved.hasPrefix(cloneFolder) else { continue }
                let through =
                    OwnedFile.resolved(folder) == URL(fileURLWithPath: folder).standardizedFileURL.path
                    ? "" : " (through a symbolic link, it is '\(OwnedFile.resolved(folder))')"
                throw ExecError(
                    .workspace,
                    "the workspace '\(root)' is inside \(clone.what) ('\(clone.path)')\(through); "
                        + "tako exec never writes in the cache: give --workspace a folder outside it")
            }
        }
    }

    /// The cache roots of a plan: the folder above `repos/OWNER/NAME/BRANCH` of each cached
    /// repository.
    static func cacheRoots(of plan: Plan) -> [String] {
        plan.repositories.filter { $0.source == .cache }.compactMap { repo in
            guard let branch = repo.branch else { return nil }
            let suffix = "/repos/\(repo.name)/\(branch)"
            let path = repo.path.hasSuffix("/") ? String(repo.path.dropLast()) : repo.path
            return path.hasSuffix(suffix) ? String(path.dropLast(suffix.count)) : nil
        }
    }
}
