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
        case .null: addNull(&actions, 0, O_RDONLY)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
        }
        for (target, sink) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch sink {
            case .null: addNull(&actions, target, O_WRONLY)
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

    /// `/dev/null`, opened once for every child (an open for each child is a path lookup
    /// for each step); -1 when it could not be opened, and each child then opens its own.
    private static let devNull: Int32 = open("/dev/null", O_RDWR | O_CLOEXEC)

    private static func addNull(_ actions: inout posix_spawn_file_actions_t, _ target: Int32, _ mode: Int32) {
        if devNull >= 0 {
            posix_spawn_file_actions_adddup2(&actions, devNull, target)
        } else {
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", mode, 0)
        }
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

    /// A started child, reaped off Swift's cooperative pool so that waiting can have a
    /// deadline without polling: by the one reaper thread that watches every child through
    /// its pidfd, or, where the system has no pidfd, by a thread of its own.
    public final class Child: @unchecked Sendable {
        public let pid: pid_t
        private let ended = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var status: Int32?
        private var waiters: [CheckedContinuation<Termination, Never>] = []

        public init(pid: pid_t) {
            self.pid = pid
            if Reaper.shared?.watch(self) != true {
                Thread.detachNewThread { [self] in self.reaped(ChildSpawn.waitStatus(pid)) }
            }
        }

        fileprivate func reaped(_ status: Int32) {
            let waiting = lock.withLock {
                self.status = status
                defer { waiters = [] }
                return waiters
            }
            ended.signal()
            for waiter in waiting { waiter.resume(returning: Termination(waitStatus: status)) }
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

    /// The thread that reaps every `Child`: each child's pidfd in one epoll set, and a
    /// child reaped when its pidfd says it has ended. One thread for all children instead of
    /// one for each: starting a thread for every step was a measurable share of a step
    /// `true` (`make bench-exec`).
    private final class Reaper: @unchecked Sendable {
        /// nil where the system has no epoll.
        static let shared: Reaper? = Reaper()

        private let epoll: Int32
        private let lock = NSLock()
        private var children: [Int32: Child] = [:]

        private init?() {
            epoll = tako_epoll_create()
            guard epoll >= 0 else { return nil }
            let thread = Thread { [self] in self.loop() }
            thread.stackSize = 256 << 10
            thread.start()
        }

        /// Whether `child` is watched; false where it has no pidfd (the caller reaps it).
        func watch(_ child: Child) -> Bool {
            let fd = tako_pidfd_open(child.pid)
            guard fd >= 0 else { return false }
            lock.withLock { children[fd] = child }
            guard tako_epoll_add(epoll, fd) == 0 else {
                lock.withLock { _ = children.removeValue(forKey: fd) }
                close(fd)
                return false
            }
            return true
        }

        private func loop() {
            var ready = [Int32](repeating: -1, count: 64)
            while true {
                let count = tako_epoll_wait_fds(epoll, &ready, Int32(ready.count))
                guard count > 0 else { continue }  // EINTR
                for fd in ready[0..<Int(count)] {
                    guard let child = lock.withLock({ children.removeValue(forKey: fd) }) else { continue }
                    // Out of the set before the number is closed and used again: a child
                    // being started elsewhere holds a copy of this descriptor until it execs,
                    // and the registration would outlive the close.
                    _ = tako_epoll_remove(epoll, fd)
                    close(fd)
                    // The child has ended, so this returns at once.
                    child.reaped(ChildSpawn.waitStatus(child.pid))
                }
            }
        }
    }
}
