import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tako clean`: removes the workspaces old execs left, never one in use (decision 0013).
///
/// - In use (a running exec holds its lock): kept, always.
/// - Its checkpoint is gone, or records an exec that succeeded: removed.
/// - Its checkpoint records an exec that failed, was interrupted or died: kept, since
///   `--resume` continues in those checkouts; `--all` removes it too.
/// - A folder `exec-` + 12 hex digits without a marker (left by a tako before workspaces had
///   one): removed, unless it changed in the last minute.
/// - Anything else in the folder is not tako's and is left alone.
public struct WorkspaceCleaner: Sendable {
    public enum Decision: Sendable, Equatable {
        case removed
        case kept
        case failed
    }

    public struct Entry: Sendable {
        public var path: String
        public var decision: Decision
        /// Why, in a few words (`its exec succeeded`, `in use by a running tako exec`).
        public var why: String
    }

    /// Also remove the workspaces of execs that could be resumed.
    public var all: Bool
    /// Say what would be removed, remove nothing.
    public var dryRun: Bool

    public init(all: Bool, dryRun: Bool) {
        self.all = all
        self.dryRun = dryRun
    }

    /// Every workspace in `folder` (`~/.tako/workspaces`), in name order.
    public func cleanAll(in folder: String) -> [Entry] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        var entries: [Entry] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            var info = stat()
            // A link is never followed: what it points to is not ours to remove.
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if name.hasPrefix(".removing-") {
                entries.append(remove(path, why: "left by a tako clean that was stopped"))
            } else if manager.fileExists(atPath: path + "/" + WorkspaceLock.markerName) {
                entries.append(clean(workspace: path, whole: true))
            } else if Self.isLegacyName(name) {
                if Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) < 60 {
                    entries.append(Entry(path: path, decision: .kept, why: "changed less than a minute ago; run tako clean again later"))
                } else {
                    entries.append(remove(path, why: "left by an earlier version of tako"))
                }
            }
        }
        return entries
    }

    /// One workspace. `whole`: a folder of `~/.tako/workspaces`, removed whole; otherwise a
    /// `--workspace` folder, of which only what tako put there goes.
    public func clean(workspace path: String, whole: Bool) -> Entry {
        guard FileManager.default.fileExists(atPath: path + "/" + WorkspaceLock.markerName) else {
            return Entry(path: path, decision: .kept, why: "not a tako workspace (it has no \(WorkspaceLock.markerName)); left alone")
        }
        guard let held = WorkspaceLock.tryLockExisting(folder: path) else {
            return Entry(path: path, decision: .kept, why: "in use by a running tako exec")
        }
        defer { held.release() }
        let marker = (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + WorkspaceLock.markerName)))
            .flatMap { try? JSONDecoder().decode(WorkspaceLock.Marker.self, from: $0) }
        let why: String
        if let marker {
            if !FileManager.default.fileExists(atPath: marker.checkpoint) {
                why = "its checkpoint '\(marker.checkpoint)' is gone"
            } else {
                let state = JournalState(replaying: (try? Checkpoint.records(at: marker.checkpoint)) ?? [])
                switch state.lastExecStatus {
                case ExecOutcome.Status.succeeded.rawValue?:
                    why = "its exec succeeded"
                case let last:
                    let how =
                        last == ExecOutcome.Status.failed.rawValue
                        ? "failed"
                        : last == ExecOutcome.Status.interrupted.rawValue ? "was interrupted" : "did not finish"
                    guard all else {
                        return Entry(
                            path: path, decision: .kept,
                            why: "its exec \(how); 'tako exec \(marker.plan) --resume --checkpoint \(marker.checkpoint)' "
                                + "continues it in these checkouts (--all removes it)")
                    }
                    why = "its exec \(how) (--all)"
                }
            }
        } else {
            why = "its marker cannot be read"
        }
        if dryRun { return Entry(path: path, decision: .removed, why: why) }
        if whole {
            // Renamed away under the lock, so an exec that starts now makes a fresh one.
            let away = (path as NSString).deletingLastPathComponent + "/.removing-" + (path as NSString).lastPathComponent
            guard rename(path, away) == 0 else {
                return Entry(path: path, decision: .failed, why: "cannot remove it: \(SystemErrorText.words(errno: errno))")
            }
            held.release()
            return remove(away, why: why, shown: path)
        }
        let problem = held.removeContents()
        return Entry(path: path, decision: problem == nil ? .removed : .failed, why: problem.map { "cannot remove it: \($0)" } ?? why)
    }

    private func remove(_ path: String, why: String, shown: String? = nil) -> Entry {
        if dryRun { return Entry(path: shown ?? path, decision: .removed, why: why) }
        do {
            try FileManager.default.removeItem(atPath: path)
            return Entry(path: shown ?? path, decision: .removed, why: why)
        } catch {
            return Entry(path: shown ?? path, decision: .failed, why: SystemErrorText.cannot("remove", path, error))
        }
    }

    static func isLegacyName(_ name: String) -> Bool {
        guard name.hasPrefix("exec-"), name.count == 17 else { return false }
        return name.dropFirst(5).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
