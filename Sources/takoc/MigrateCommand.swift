import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver

/// `takoc migrate`: rewrites files of the Go dialect in this project's form.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Rewrite tako.yml files written for the Go tool in this project's form.",
        discussion: """
            Prints a unified diff of the change by default and exits 1 when there is one (0 when \
            every file is already in this project's form). With --write, the files are changed \
            in place and the exit status is 0. A file with YAML errors is not changed (exit 1).
            """)

    @Argument(help: "The files to migrate (default: ./tako.yml).")
    var paths: [String] = []

    @Flag(help: "Edit the files in place instead of printing a diff.")
    var write = false

    func run() throws {
        let files = paths.isEmpty ? ["tako.yml"] : paths
        var pending = false
        var broken = false
        for path in files {
            let migration: Migration
            do {
                migration = try Migration.migrate(path: path)
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
            if migration.unreadable {
                let source = SourceFile(path: path, text: migration.original)
                Output.error(
                    DiagnosticRenderer(sources: [source]).render(
                        migration.diagnostics.filter { $0.severity == .error }.sortedForOutput(), as: .text))
                Output.error(ErrorVoice.line(program: "takoc", "'\(path)' has errors that leave nothing to migrate and was not changed"))
                broken = true
                continue
            }
            guard migration.changed else { continue }
            if write {
                do {
                    try AtomicFile.replace(path, with: Array(migration.migrated.utf8))
                } catch {
                    throw UsageOrIOError(description: "cannot write '\(path)': \(error)")
                }
                Output.error("migrated \(path)")
            } else {
                Output.out(migration.unifiedDiff())
                pending = true
            }
        }
        if broken || pending { throw ExitCode(1) }
    }
}

/// A file replaced whole or not at all: written beside it, flushed to disk, renamed over it.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws {
        var mode: mode_t = 0o644
        var info = stat()
        if stat(path, &info) == 0 { mode = info.st_mode & 0o7777 }
        let temporary = path + ".takoc-migrate-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw Failure(description: SystemErrorText.words(errno: errno)) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = SystemErrorText.words(errno: errno)
                close(fd)
                unlink(temporary)
                throw Failure(description: why)
            }
            written += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            let why = SystemErrorText.words(errno: errno)
            unlink(temporary)
            throw Failure(description: why)
        }
        // The rename itself is made durable by syncing the folder.
        let folder = (path as NSString).deletingLastPathComponent
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}
