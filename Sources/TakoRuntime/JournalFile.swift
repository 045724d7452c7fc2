import Foundation
import SystemPackage
import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checkpoint file on disk: opened once, locked with `flock` for as long as this
/// process runs, appended to with `O_APPEND`, and `fsync`ed after every write.
final class JournalFile: @unchecked Sendable {
    let path: String
    private let fd: FileDescriptor
    private let lock = NSLock()
    private var closed = false

    /// What was in the file when it was opened.
    struct Contents {
        var records: [JournalRecord]
        /// Bytes after the last complete line (a write torn by a crash), dropped.
        var tornBytes: Int
        /// Length of the complete lines.
        var goodLength: Int
    }

    private init(path: String, fd: FileDescriptor) {
        self.path = path
        self.fd = fd
    }

    deinit { close() }

    /// Releases the lock and the descriptor; later writes fail.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        try? fd.close()
    }

    /// Opens (creating it when missing) and locks the checkpoint. A second `tako exec` on the
    /// same file fails here.
    static func openLocked(_ path: String) throws(ExecError) -> JournalFile {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                FilePath(path), .readWrite, options: [.create, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw ExecError(.checkpointIO, "cannot open the checkpoint '\(path)': \(Self.words(error))")
        }
        // The file's name is durable only once its folder is synced.
        let parent = (path as NSString).deletingLastPathComponent
        if let folder = try? FileDescriptor.open(
            FilePath(parent.isEmpty ? "." : parent), .readOnly,
            options: [.directory, .closeOnExec])
        {
            _ = fsync(folder.rawValue)
            try? folder.close()
        }
        if flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            try? fd.close()
            if code == EWOULDBLOCK {
                throw ExecError(
                    .checkpointInUse,
                    "the checkpoint '\(path)' is in use by another tako exec; "
                        + "wait for it to finish, or give this one another --checkpoint")
            }
            throw ExecError(.checkpointIO, "cannot lock the checkpoint '\(path)': \(SystemErrorText.words(errno: code))")
        }
        return JournalFile(path: path, fd: fd)
    }

    /// Reads and checks every record. A complete line whose checksum fails is damage, not a
    /// crash, and is refused; an incomplete last line is a torn write and is dropped.
    func read() throws(ExecError) -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExecError(.checkpointIO, SystemErrorText.cannot("read the checkpoint", path, error))
        }
        var records: [JournalRecord] = []
        var start = data.startIndex
        var lineNumber = 0
        while let newline = data[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            guard let record = JournalRecord.parse(line: data[start..<newline]) else {
                throw refusal(JournalRecord.problem(line: data[start..<newline]), at: lineNumber)
            }
            records.append(record)
            start = newline + 1
        }
        // A file of something else with no newline at all is not a journal torn in its header.
        if records.isEmpty && start < data.endIndex && !JournalRecord.couldBeTorn(data[start...]) {
            throw refusal(.notAJournalLine, at: 1)
        }
        return Contents(records: records, tornBytes: data.endIndex - start, goodLength: start - data.startIndex)
    }

    /// The error for a complete line that is not a record tako can trust.
    private func refusal(_ problem: JournalRecord.LineProblem, at lineNumber: Int) -> ExecError {
        let startOver = "Delete it to run the plan from the start (finished steps will run again), or pass another --checkpoint"
        switch problem {
        case .notAJournalLine where lineNumber == 1:
            return ExecError(
                .checkpointForeign,
                "'\(path)' is not a tako checkpoint (its first line is not a journal record); "
                    + "tako exec does not overwrite a file that is not its own: pass another --checkpoint, or delete the file")
        case .notAJournalLine:
            return ExecError(
                .checkpointDamaged,
                "the checkpoint '\(path)' is damaged at line \(lineNumber) "
                    + "(it is not a journal record); it cannot be trusted. " + startOver)
        case .checksumMismatch:
            return ExecError(
                .checkpointDamaged,
                "the checkpoint '\(path)' is damaged at line \(lineNumber) "
                    + "(its checksum does not match); it cannot be trusted. " + startOver)
        case .unknownType(let type):
            return ExecError(
                .checkpointForeign,
                "the checkpoint '\(path)' has a record of an unknown type '\(type)' at line \(lineNumber) "
                    + "(written by another version of tako?); this tako cannot continue it. " + startOver)
        case .unreadable:
            return ExecError(
                .checkpointDamaged,
                "the checkpoint '\(path)' has a record this tako cannot read at line \(lineNumber) "
                    + "(its checksum matches, its fields do not); it cannot be trusted. " + startOver)
        }
    }

    /// Cuts the file to `length` bytes (drops a torn tail, or everything to start over).
    func truncate(to length: Int) throws(ExecError) {
        if ftruncate(fd.rawValue, off_t(length)) != 0 || fsync(fd.rawValue) != 0 {
            throw ExecError(.checkpointIO, "cannot truncate the checkpoint '\(path)': \(SystemErrorText.words(errno: errno))")
        }
    }

    /// Appends whole lines and makes them durable before returning.
    func append(_ bytes: Data) throws(ExecError) {
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            throw ExecError(.checkpointIO, "cannot write the checkpoint '\(path)': \(Self.words(error))")
        }
        if fsync(fd.rawValue) != 0 {
            throw ExecError(.checkpointIO, "cannot sync the checkpoint '\(path)': \(SystemErrorText.words(errno: errno))")
        }
    }

    /// swift-system's `Errno` in plain words, like every other system error.
    private static func words(_ error: any Error) -> String {
        if let code = error as? Errno { return SystemErrorText.words(errno: code.rawValue) }
        return SystemErrorText.words(for: error)
    }
}
