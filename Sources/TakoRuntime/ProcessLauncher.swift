import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `sh -c` command to run for a step.
public struct ProcessRequest: Sendable {
    public var command: String
    public var workingDirectory: String
    public var environment: [String: String]
    /// Descriptors the process gets as its standard output and error (the same one when
    /// both go to one pipe). The caller owns them and closes them once `run` returned.
    public var stdout: Int32
    public var stderr: Int32
    /// Called once the process exists, with its process group's ID (its own process ID),
    /// while it runs; `run` returns only after this returned.
    public var started: (@Sendable (Int32) async -> Void)?

    public init(
        command: String, workingDirectory: String, environment: [String: String], stdout: Int32, stderr: Int32,
        started: (@Sendable (Int32) async -> Void)? = nil
    ) {
        self.started = started
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
    }
}

public enum ProcessEnd: Sendable, Hashable {
    case exited(Int32)
    case signaled(Int32)

    /// The shell's convention: 128 + signal for a killed process.
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// Starts processes. When the calling task is cancelled, the process and everything it
/// started get SIGTERM, then SIGKILL after `grace`, and `run` returns once it is gone.
public protocol ProcessLauncher: Sendable {
    func run(_ request: ProcessRequest, grace: Duration) async throws -> ProcessEnd
}

/// The launcher of a real exec: `/bin/sh -c` started with posix_spawn (`ChildSpawn`), in a
/// process group of its own (so stopping a step stops its children too, and a Ctrl-C at the
/// terminal reaches tako alone, which then stops the steps in order), reaped by a thread of
/// its own. Not swift-subprocess, whose task group, stream and monitor thread for each
/// process cost more of tako's time than the step `true` itself (`make bench-exec`).
public struct ShellLauncher: ProcessLauncher {
    /// Where running process groups are listed (for a second Ctrl-C); nil: nowhere.
    public var registry: ProcessRegistry?

    public init(registry: ProcessRegistry? = nil) {
        self.registry = registry
    }

    public func run(_ request: ProcessRequest, grace: Duration) async throws -> ProcessEnd {
        let pid = try ChildSpawn.start(
            "/bin/sh", ["-c", request.command], environment: request.environment, directory: request.workingDirectory,
            stdin: .null, stdout: .descriptor(request.stdout), stderr: .descriptor(request.stderr), ownGroup: true)
        let child = ChildSpawn.Child(pid: pid)
        registry?.add(pid)
        await request.started?(pid)
        let termination = await withTaskCancellationHandler {
            await child.termination()
        } onCancel: {
            Self.stop(child, grace: grace)
        }
        registry?.remove(pid)
        if Task.isCancelled {
            // The stop ends once the group's leader (`sh`) is gone; a process of the group
            // that ignored SIGTERM and outlived it would be left running. The group ID cannot
            // be reused while any member lives, so this reaches only the step's own.
            _ = kill(-pid, SIGKILL)
        }
        switch termination {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signaled(signal)
        }
    }

    /// SIGTERM to the child's process group, then SIGKILL to it after `grace` if the child
    /// has not ended; never blocks the caller (a task being cancelled).
    private static func stop(_ child: ChildSpawn.Child, grace: Duration) {
        _ = kill(-child.pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + grace.seconds) {
            if !child.hasEnded { _ = kill(-child.pid, SIGKILL) }
        }
    }
}
