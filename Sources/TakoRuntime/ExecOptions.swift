import Crypto
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoRepos

/// What one `tako exec` was asked to do, after the command line was parsed and validated.
public struct ExecOptions: Sendable {
    /// Path of plan.json (for messages and the default checkpoint).
    public var planPath: String
    /// The checkpoint journal; default `plan.json.checkpoint` next to the plan.
    public var checkpointPath: String
    /// Where fresh checkouts go; default `~/.tako/workspaces/EXEC-ID/` (`workspaceFolder`).
    public var workspace: String?
    /// Keep the checkouts of finished runs (`--keep-workspace`); by default a run's checkout
    /// is removed when it succeeds, and the whole workspace when the exec does.
    public var keepWorkspace: Bool
    /// Steps running at once, over the whole plan.
    public var maxParallel: Int
    public var resume: Bool
    /// Stop everything at the first failed step.
    public var failFast: Bool
    public var allowStale: Bool
    /// Time a step gets between SIGTERM and SIGKILL when it is stopped.
    public var killGrace: Duration
    /// tako's own environment: the source of the steps' base variables, of the names passed
    /// through, and of secrets. A step never sees the whole of it (`baseEnvironment`).
    public var environment: [String: String]
    /// Names of tako's environment passed through to every step (`--pass-env`, `TAKO_PASS_ENV`).
    public var passEnv: [String]
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
    /// `--cpus` in millicores and `--memory` in bytes: the totals the running steps' declared
    /// `resources` may reach (default: the machine's).
    public var cpuMillis = ResourcePool.machineCPUMillis
    public var memoryBytes = ResourcePool.machineMemoryBytes
    /// `--max-load`: no step starts while the one-minute load average is at or above it and
    /// another step is running.
    public var maxLoad: Double?
    /// The exec's OpenTelemetry trace id, journaled with its start (`--trace`).
    public var traceID: String?
    /// `--debug`: the scheduler's decisions, one line each (why a ready step waits).
    public var debug: (@Sendable (String) -> Void)?

    public enum Schedule: String, Sendable, CaseIterable {
        /// The step with the longest remaining path below it first (priorities before that).
        case criticalPath = "critical-path"
        /// In the order steps became ready; priorities are not looked at.
        case fifo
    }

    public init(
        planPath: String, checkpointPath: String? = nil, workspace: String? = nil, maxParallel: Int? = nil,
        resume: Bool = false, failFast: Bool = false, allowStale: Bool = false,
        killGrace: Duration = .seconds(5), environment: [String: String] = ProcessInfo.processInfo.environment,
        logsEnabled: Bool = true, maxLogBytes: Int = LogSettings.defaultMaxBytes,
        maxOutputBytes: Int = ExecOptions.defaultMaxOutputBytes, passEnv: [String] = [], keepWorkspace: Bool = false
    ) {
        self.planPath = planPath
        self.checkpointPath = checkpointPath ?? planPath + ".checkpoint"
        self.workspace = workspace
        self.maxParallel = maxParallel ?? ProcessInfo.processInfo.activeProcessorCount
        self.resume = resume
        self.failFast = failFast
        self.allowStale = allowStale
        self.killGrace = killGrace
        self.environment = environment
        self.passEnv = passEnv
        self.keepWorkspace = keepWorkspace
        self.logsEnabled = logsEnabled
        self.maxLogBytes = maxLogBytes
        self.maxOutputBytes = maxOutputBytes
    }

    /// The history of step durations beside the cache (`$TAKO_CACHE_DIR` or `~/.tako/cache`).
    public var defaultHistoryPath: String {
        DurationHistory.defaultPath(cacheRoot: GitCache.defaultRoot(environment: environment))
    }

    /// The variables every step gets from tako's environment, as GitHub Actions gives a job a
    /// minimal base (decision 0012): nothing else of tako's environment reaches a step unless
    /// passed through by name.
    public static let baseVariables: Set<String> = ["PATH", "HOME", "LANG", "TZ", "TERM", "USER", "TMPDIR"]

    /// The part of tako's environment every step gets: `baseVariables`, every `LC_*`, and the
    /// names passed through. No secret is in it unless passed through by name.
    public var baseEnvironment: [String: String] {
        let passed = Set(passEnv)
        return environment.filter { name, _ in Self.baseVariables.contains(name) || name.hasPrefix("LC_") || passed.contains(name) }
    }

    /// The names to pass through: every `--pass-env NAME`, then the comma-separated names of
    /// `TAKO_PASS_ENV` (spaces around a name ignored, empty entries skipped). A name must be
    /// a variable name (letters, digits, `_`, not starting with a digit).
    public static func passedNames(options: [String], environment: [String: String]) -> Result<[String], ExecError> {
        var names: [String] = []
        for name in options {
            guard isVariableName(name) else {
                return .failure(ExecError(.usage, "--pass-env takes the name of a variable (letters, digits and '_'), not '\(name)'"))
            }
            names.append(name)
        }
        for part in (environment["TAKO_PASS_ENV"] ?? "").split(separator: ",", omittingEmptySubsequences: true) {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard isVariableName(name) else {
                return .failure(
                    ExecError(
                        .usage,
                        "TAKO_PASS_ENV is a comma-separated list of variable names (letters, digits and '_'); "
                            + "'\(name)' is not one"))
            }
            names.append(name)
        }
        return .success(names)
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0))
        }
    }

    /// Where this exec's step logs go: `CHECKPOINT.logs`, as an absolute path.
    public var logs: LogSettings {
        LogSettings(
            folder: logsEnabled ? LogSettings.folder(ofCheckpoint: Self.absolute(checkpointPath)) : nil,
            maxBytes: maxLogBytes)
    }

    /// A short id of this exec's workspace, the same for every exec of one checkpoint (so
    /// `--resume` finds the workspace again) and different for two checkpoints of one plan:
    /// `exec-` and the first 12 hex digits of the SHA-256 of the checkpoint's absolute path,
    /// symbolic links resolved.
    public static func execID(checkpointPath: String) -> String {
        let path = OwnedFile.resolved(absolute(checkpointPath))
        return "exec-" + SHA256.hash(data: Data(path.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// `~/.tako/workspaces`: where the default workspaces are, and what `tako clean` looks at.
    public static func workspacesFolder(environment: [String: String]) -> String {
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.tako/workspaces"
    }

    /// `--workspace`, else `~/.tako/workspaces/EXEC-ID`.
    public var workspaceFolder: String {
        if let workspace { return Self.absolute(workspace) }
        return Self.workspacesFolder(environment: environment) + "/" + Self.execID(checkpointPath: checkpointPath)
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
