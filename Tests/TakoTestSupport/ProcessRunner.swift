import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished process left: its exit status (128 + N when signal N ended it, as a shell
/// says), everything it wrote, and whether the runner had to kill it.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var timedOut: Bool
}

/// One child process started by the tests. It runs in a process group of its own, with
/// standard input from /dev/null and its output going to files, so a grandchild that keeps a
/// descriptor open cannot make a test wait, and a full pipe cannot block the child. On a
/// timeout the whole group is killed with SIGKILL. It is started with posix_spawn
/// (`ChildSpawn`), never Foundation's Process, whose run() crashed the test process.
public final class RunningProcess: @unchecked Sendable {
    public let pid: Int32
    private let child: ChildSpawn.Child
    private let description: String
    private let outputs: TempDir

    init(executable: String, arguments: [String], directory: String?, environment: [String: String], input: String?) throws {
        description = ([executable] + arguments).joined(separator: " ")
        outputs = TempDir(prefix: "tako-tests-process-")
        var stdin = ChildSpawn.Source.null
        if let input {
            try Data(input.utf8).write(to: URL(fileURLWithPath: outputs.file("stdin")))
            stdin = .file(outputs.file("stdin"))
        }
        pid = try ChildSpawn.start(
            executable, arguments, environment: environment, directory: directory,
            stdin: stdin, stdout: .file(outputs.file("stdout")), stderr: .file(outputs.file("stderr")), ownGroup: true)
        child = ChildSpawn.Child(pid: pid)
    }

    /// What the process has written on standard output so far.
    public var stdoutSoFar: String { outputs.read("stdout") }

    /// Sends `signal` to the process itself (not its group: tako forwards signals itself).
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the end, blocking the calling thread, at most `timeout` seconds; then kills
    /// the process group and reports `timedOut`.
    public func wait(timeout: Double = 120) -> ProcessResult {
        var timedOut = false
        var status = child.wait(timeout: timeout)
        if status == nil {
            timedOut = true
            kill(-pid, SIGKILL)
            status = child.wait()
        }
        var stderr = outputs.read("stderr")
        if timedOut {
            stderr += "\nProcessRunner: '\(description)' did not finish within \(timeout) s; its process group was killed\n"
        }
        return ProcessResult(status: status ?? 128 + SIGKILL, stdout: outputs.read("stdout"), stderr: stderr, timedOut: timedOut)
    }

    /// The same without holding a thread of Swift's cooperative pool (tests run in parallel
    /// on that pool, one thread per core): the wait happens on a Dispatch thread.
    public func finished(timeout: Double = 120) async -> ProcessResult {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.wait(timeout: timeout)) }
        }
    }
}

/// Starts and waits for processes: `run` for a command that should end by itself, `start`
/// for one a test signals or watches while it runs.
public enum ProcessRunner {
    /// `executable` is a path, or a name looked up on PATH. `environment` adds to (or, with
    /// nil values, removes from) the test's own environment.
    /// `input`, when given, is the process's standard input (else /dev/null).
    public static func start(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String?] = [:], input: String? = nil
    ) throws -> RunningProcess {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        return try RunningProcess(
            executable: try resolve(executable, path: env["PATH"]), arguments: arguments,
            directory: directory, environment: env, input: input)
    }

    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String?] = [:], timeout: Double = 120
    ) async throws -> ProcessResult {
        try await start(executable, arguments, in: directory, environment: environment).finished(timeout: timeout)
    }

    /// For synchronous tests and fixtures; blocks the calling thread.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String?] = [:], input: String? = nil, timeout: Double = 120
    ) throws -> ProcessResult {
        try start(executable, arguments, in: directory, environment: environment, input: input).wait(timeout: timeout)
    }

    static func resolve(_ executable: String, path: String?) throws -> String {
        if executable.contains("/") { return executable }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ProgramNotFound(name: executable)
    }

    /// Whether `name` can be run (a tool such as python3 or dot may be missing).
    public static func isInstalled(_ name: String) -> Bool {
        (try? resolve(name, path: ProcessInfo.processInfo.environment["PATH"])) != nil
    }
}

public struct ProgramNotFound: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "'\(name)' is not installed (not found on PATH)" }
}
