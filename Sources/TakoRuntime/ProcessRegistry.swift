import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups of the steps running now, so that a second Ctrl-C can end them at
/// once instead of waiting for the grace period.
public final class ProcessRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var groups: Set<Int32> = []
    private var killed = false

    public init() {}

    func add(_ group: Int32) {
        lock.lock()
        groups.insert(group)
        let late = killed
        lock.unlock()
        if late { _ = kill(-group, SIGKILL) }
    }

    func remove(_ group: Int32) {
        lock.lock()
        groups.remove(group)
        lock.unlock()
    }

    /// SIGKILL to every running step's process group, and to any started from now on.
    public func killAll() {
        lock.lock()
        killed = true
        let all = groups
        lock.unlock()
        for group in all { _ = kill(-group, SIGKILL) }
    }
}
