import Foundation
import TakoBasics

/// An exclusive lock on one clone, held while `sync` fetches it and moves its branch and
/// working files: `flock` on `<clone>/.git/tako-sync.lock`, which the kernel releases when
/// the process ends, however it ends. git ignores the file.
enum CloneLock {
    static func holding<T>(_ clone: String, _ body: () throws -> T) throws -> T {
        let path = clone + "/.git/tako-sync.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RepositoryError(.io, "cannot lock the clone at '\(clone)': \(SystemErrorText.words(errno: errno))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw RepositoryError(.io, "cannot lock the clone at '\(clone)': \(SystemErrorText.words(errno: errno))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
