import Dispatch
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the steps' logs durable without an fsync on any step's path: the thread that read
/// a step's output closes its log when the step ends (the lines are in the kernel's page
/// cache, which a crash of tako does not lose), and before the exec journals its own end,
/// one `syncfs` of the file system that holds the logs writes them all to disk (decision
/// 0034). A sync that
/// fails does not stop the exec: the lines were written; how many logs it concerned is
/// reported.
final class LogSyncer: @unchecked Sendable {
    /// The exec's log folder (nil: logs are off).
    private let folder: String?
    private let lock = DispatchQueue(label: "tako.logs.count")
    private var count = 0

    init(folder: String?) {
        self.folder = folder
    }

    /// A step's log is complete (and closed).
    func closed() {
        lock.sync { count += 1 }
    }

    /// Returns once every log closed so far is on disk; how many could not be made so.
    func drain() async -> Int {
        let count = lock.sync { self.count }
        guard let folder, count > 0 else { return 0 }
        // On a thread of its own: syncfs blocks for as long as the disk takes, and a thread
        // of Swift's cooperative pool must not.
        let failed = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: FileSystemSync.sync(containing: folder) != nil) }
        }
        return failed ? count : 0
    }
}
