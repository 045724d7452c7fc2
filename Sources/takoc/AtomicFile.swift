import Foundation
import TakoBasics

/// A file replaced whole or not at all: written beside it, flushed to disk, renamed over it
/// (a file that was there keeps its permissions).
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws {
        try replace(path, with: [Data(bytes)])
    }

    /// `pieces` written one after the other (a plan's runs are written in pieces on every
    /// core and never copied into one buffer).
    static func replace(_ path: String, with pieces: [Data]) throws {
        var mode: mode_t = 0o644
        var info = stat()
        if stat(path, &info) == 0 { mode = info.st_mode & 0o7777 }
        let temporary = path + ".takoc-\(getpid())"
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        // Left by a takoc that was killed while writing and had this process's number.
        if fd < 0, errno == EEXIST, unlink(temporary) == 0 {
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        }
        guard fd >= 0 else { throw Failure(description: SystemErrorText.words(errno: errno)) }
        var failure: Int32 = 0
        for piece in pieces where failure == 0 {
            failure = piece.withUnsafeBytes { writeAll(fd, $0) }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw Failure(description: SystemErrorText.words(errno: failure))
        }
        // The rename itself is made durable by syncing the folder.
        let folder = (path as NSString).deletingLastPathComponent
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// Writes all of `bytes`; 0, or the errno of the write that failed.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
        }
        return 0
    }
}
