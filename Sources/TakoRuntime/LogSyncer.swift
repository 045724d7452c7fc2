import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the steps' logs durable off the steps' path: when a step ends, its log is handed
/// here, fsynced and closed on a thread of its own, while the step's end is journaled and
/// the next step starts. The exec waits for every log before it journals its own end
/// (decision 0034). A log that cannot be fsynced does not stop the exec: its lines were
/// written; the count is reported.
final class LogSyncer: @unchecked Sendable {
    /// Concurrent: fsyncs that wait together are served by one commit of the file system's
    /// journal (ext4 and xfs merge them), where one after the other each pays for its own.
    private let queue = DispatchQueue(label: "tako.logs.sync", attributes: .concurrent)
    private let group = DispatchGroup()
    private let counter = DispatchQueue(label: "tako.logs.failures")
    private var failures = 0

    func sync(_ fd: Int32) {
        group.enter()
        queue.async { [self] in
            let failed = fsync(fd) != 0
            close(fd)
            if failed { counter.sync { failures += 1 } }
            group.leave()
        }
    }

    /// Returns once every log handed so far is on disk; how many could not be fsynced.
    func drain() async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            group.notify(queue: queue) { continuation.resume() }
        }
        return counter.sync { failures }
    }
}
