import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of an exec's scratch files (`$TAKO_OUTPUTS`), made the first time a step
/// needs it, not by every step: a `mkdir` that finds the folder there still takes its parent
/// folder's lock, and 1,000 steps paid for 1,000 of them (`make bench-exec`). Shared by the
/// tasks of one exec.
final class ScratchFolder: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var made = false

    init(_ path: String) {
        self.path = path
    }

    /// Makes the folder (and those above it) unless it was made already; nil when it is
    /// there, or why it could not be made.
    func make() -> String? {
        if lock.withLock({ made }) { return nil }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                return SystemErrorText.words(for: error)
            }
        }
        lock.withLock { made = true }
        return nil
    }
}
