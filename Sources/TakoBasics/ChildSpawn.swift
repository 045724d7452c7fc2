internal import CSpawn
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts helper programs with posix_spawn. Foundation's `Process.run()` is not used
/// anywhere in tako: on Linux (Swift 6.3) it copies a whole 256-byte `d_name` out of each
/// `/proc/self/fd` entry that readdir returns, reading past glibc's buffer, and it crashed
/// the test process at random when many descriptors were open
/// (swiftlang/swift-corelibs-foundation#5472).
public enum ChildSpawn {
    /// Where a child's standard input comes from.
    public enum Source: Sendable {
        case null
        case file(String)
        case descriptor(Int32)
    }

    /// Where a child's standard output or error goes. A file is created or truncated.
    public enum Sink: Sendable {
        case null
        case file(String)
        case descriptor(Int32)
        /// Standard error only: the same place as standard output.
        case standardOutput
    }

    /// Why a child could not be started, in plain words that name the program.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` (a path; use /usr/bin/env to look a name up on PATH) with exactly
    /// `environment`, in `directory` when given, in a process group of its own when
    /// `ownGroup` (so that killing the group reaches its children too), with every signal's
    /// default disposition and none blocked (tako ignores SIGPIPE, and SIGINT and SIGTERM
    /// while it forwards them; a child must not inherit that) and no descriptor but its three
    /// standard ones. Returns its pid; the caller reaps it, with `Child` or `waitForExit`.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        stdin: Source, stdout: Sink, stderr: Sink, ownGroup: Bool = false
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch stdin {
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
        }
        for (target, sink) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch sink {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            case .standardOutput: posix_spawn_file_actions_adddup2(&actions, 1, target)
            }
        }
        if let directory {
            let added = withUnsafeMutablePointer(to: &actions) { tako_spawn_file_actions_addchdir($0, directory) }
            guard added == 0 else { throw Failure(description: "cannot start \(executable) in \(directory): \(words(added))") }
        }
        _ = withUnsafeMutablePointer(to: &actions) { tako_spawn_file_actions_addclosefrom($0, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if ownGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(words(status))") }
        return child
    }

    /// A pipe whose two ends no child inherits (O_CLOEXEC from the start): `read` and `write`.
    public static func pipe() throws(Failure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard tako_pipe_cloexec(&fds) == 0 else { throw Failure(description: "cannot make a pipe: \(words(errno))") }
        return (fds[0], fds[1])
    }

    /// Blocks until `pid` ends and returns its status as a shell shows it: the exit code, or
    /// 128 + N when signal N ended it.
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        shellStatus(waitStatus(pid))
    }

    /// Blocks until `pid` ends; its raw wait status (a child already reaped elsewhere reads as
    /// killed by SIGKILL).
    static func waitStatus(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return SIGKILL }
        }
        return status
    }

    /// A wait status as a shell shows it.
    public static func shellStatus(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// How a child ended: its exit code, or the signal that ended it.
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)

        init(waitStatus status: Int32) {
            self = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        }
    }

    private static func words(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// A started child reaped by a thread of its own, so that waiting can have a deadline
    /// without polling and without holding a thread of Swift's cooperative pool.
    public final class Child: @unchecked Sendable {
        public let pid: pid_t
        private let ended = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var status: Int32?
        private var waiters: [CheckedContinuation<Termination, Never>] = []

        public init(pid: pid_t) {
            self.pid = pid
            Thread.detachNewThread { [self] in
                let status = ChildSpawn.waitStatus(pid)
                let waiting = lock.withLock {
                    self.status = status
                    defer { waiters = [] }
                    return waiters
                }
                ended.signal()
                for waiter in waiting { waiter.resume(returning: Termination(waitStatus: status)) }
            }
        }

        /// The shell-style status once the child has ended; nil when `timeout` seconds pass
        /// first (the child then still runs). Without a timeout it waits for the end.
        public func wait(timeout: Double? = nil) -> Int32? {
            if let status = lock.withLock({ status }) { return ChildSpawn.shellStatus(status) }
            if let timeout {
                guard ended.wait(timeout: .now() + timeout) == .success else { return nil }
            } else {
                ended.wait()
            }
            ended.signal()  // later waits return at once
            return lock.withLock { status }.map(ChildSpawn.shellStatus)
        }

        /// How the child ended, without blocking a thread while it runs.
        public func termination() async -> Termination {
            await withCheckedContinuation { continuation in
                let ended: Int32? = lock.withLock {
                    if status == nil { waiters.append(continuation) }
                    return status
                }
                if let ended { continuation.resume(returning: Termination(waitStatus: ended)) }
            }
        }

        /// Whether the child has ended (and been reaped).
        public var hasEnded: Bool { lock.withLock { status != nil } }
    }
}
