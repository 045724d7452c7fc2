import Foundation
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders an exec has made, so that each is made once rather than once per step: a
/// `mkdir` that finds the folder there still takes the parent folder's lock, and 1,000
/// steps of one run paid for 1,000 of them (`make bench-exec`). Shared by the tasks of one
/// exec; a folder removed during the exec is one whose run has ended.
final class MadeFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Set<String> = []

    /// Makes `path` (and the folders above it) unless this exec has made it already; nil
    /// when it is there, or why it could not be made.
    func make(_ path: String) -> String? {
        if lock.withLock({ made.contains(path) }) { return nil }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                return SystemErrorText.words(for: error)
            }
        }
        lock.withLock { _ = made.insert(path) }
        return nil
    }
}
