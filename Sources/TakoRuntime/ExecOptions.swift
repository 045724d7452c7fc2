import Foundation
import TakoPlanFormat
import TakoRepos

/// What one `tako exec` was asked to do, after the command line was parsed and validated.
public struct ExecOptions: Sendable {
    /// Path of plan.json (for messages and the default checkpoint).
    public var planPath: String
    /// The checkpoint journal; default `plan.json.checkpoint` next to the plan.
    public var checkpointPath: String
    /// Where fresh checkouts go; default `~/.tako/workspaces/EXEC-ID/`.
    public var workspace: String?
    /// Steps running at once, over the whole plan.
    public var maxParallel: Int
    public var resume: Bool
    /// Stop everything at the first failed step.
    public var failFast: Bool
    public var allowStale: Bool
    /// Time a step gets between SIGTERM and SIGKILL when it is stopped.
    public var killGrace: Duration
    /// tako's own environment: the base of every step's environment and the source of secrets.
    public var environment: [String: String]
    /// Step logs next to the checkpoint (`--no-logs` turns them off).
    public var logsEnabled: Bool
    /// Bytes of an attempt's lines one log keeps (`--max-log`).
    public var maxLogBytes: Int
    /// Bytes one output's value may have (`--max-output`); a step whose output is larger
    /// fails, saying so.
    public var maxOutputBytes: Int

    public static let defaultMaxOutputBytes = 1 << 20
    /// `--schedule`: which waiting step gets a freed slot.
    public var schedule: Schedule = .criticalPath
    /// What steps took before (`CACHE.durations.json`): the critical path's costs.
    public var history = DurationHistory()
    /// `--debug`: the scheduler's decisions, one line each (why a ready step waits).
    public var debug: (@Sendable (String) -> Void)?

    public enum Schedule: String, Sendable, CaseIterable {
        /// The step with the longest remaining path below it first (priorities before that).
        case criticalPath = "critical-path"
        /// In the order steps became ready; priorities are not looked at.
        case fifo
    }

    public init(planPath: String, checkpointPath: String? = nil, workspace: String? = nil, maxParallel: Int? = nil,
                resume: Bool = false, failFast: Bool = false, allowStale: Bool = false,
                killGrace: Duration = .seconds(5), environment: [String: String] = ProcessInfo.processInfo.environment,
                logsEnabled: Bool = true, maxLogBytes: Int = LogSettings.defaultMaxBytes,
                maxOutputBytes: Int = ExecOptions.defaultMaxOutputBytes) {
        self.planPath = planPath
        self.checkpointPath = checkpointPath ?? planPath + ".checkpoint"
        self.workspace = workspace
        self.maxParallel = maxParallel ?? ProcessInfo.processInfo.activeProcessorCount
        self.resume = resume
        self.failFast = failFast
        self.allowStale = allowStale
        self.killGrace = killGrace
        self.environment = environment
        self.logsEnabled = logsEnabled
        self.maxLogBytes = maxLogBytes
        self.maxOutputBytes = maxOutputBytes
    }

    /// The history of step durations beside the cache (`$TAKO_CACHE_DIR` or `~/.tako/cache`).
    public var defaultHistoryPath: String {
        DurationHistory.defaultPath(cacheRoot: GitCache.defaultRoot(environment: environment))
    }

    /// Where this exec's step logs go: `CHECKPOINT.logs`, as an absolute path.
    public var logs: LogSettings {
        LogSettings(folder: logsEnabled ? LogSettings.folder(ofCheckpoint: Self.absolute(checkpointPath)) : nil,
                    maxBytes: maxLogBytes)
    }

    /// A short id of this exec, the same for every exec of one plan (so `--resume` finds
    /// the workspace again): `exec-` and the first 12 hex digits of the plan digest.
    public static func execID(planDigest: String) -> String {
        let hex = planDigest.split(separator: ":").last.map(String.init) ?? planDigest
        return "exec-" + hex.prefix(12)
    }

    /// `~/.tako/workspaces/EXEC-ID`.
    public func workspaceFolder(planDigest: String) -> String {
        if let workspace { return Self.absolute(workspace) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.tako/workspaces/" + Self.execID(planDigest: planDigest)
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
