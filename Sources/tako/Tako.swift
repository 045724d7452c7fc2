import ArgumentParser
import Foundation
import TakoBasics
import TakoRuntime

/// `tako`: the interpreter. It reads a plan made by `takoc plan` and runs it; it never
/// reads a tako.yml.
@main
struct Tako: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tako",
        abstract: "Run a plan made by takoc: steps, fan-outs, limits, a checkpoint that survives a crash.",
        version: version,
        subcommands: [Exec.self, Logs.self, Clean.self, Step.self, Export.self]
    )

    /// Every error is rendered here, once: `tako: error: MESSAGE` on standard error and the
    /// exit code of contract.md (usage errors are 2, not ArgumentParser's 64).
    static func main() async {
        Console.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as Failure {
            Console.error(failure.message)
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            // ArgumentParser's usage errors, and anything unforeseen, in the same shape.
            let message = fullMessage(for: error)
            Console.write(
                Console.forTerminal(
                    ErrorVoice.usage(program: "tako", argumentParserText: message.isEmpty ? SystemErrorText.words(for: error) : message),
                    fd: STDERR_FILENO) + "\n", to: STDERR_FILENO)
            Foundation.exit(2)
        }
    }
}

/// One output (standard output or error) that several writers share: each `write` goes out
/// whole, under one lock, so the lines of parallel steps, progress and events never tear.
final class SerialOutput: @unchecked Sendable {
    let fd: Int32
    private let lock = NSLock()

    init(fd: Int32) { self.fd = fd }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        Console.write(text, to: fd)
    }
}

/// An error already phrased for the user, with its exit code.
struct Failure: Error {
    let code: Int32
    let message: String

    static func exit(_ code: Int32, _ message: String) -> Failure { Failure(code: code, message: message) }
}

/// Standard output and error, written whole with write(2). A reader that went away (a
/// closed pipe) must not stop an exec half way: SIGPIPE is ignored and failed writes are
/// dropped, so the steps, the journal and the exit status stay right.
enum Console {
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    static func write(_ text: String, to fd: Int32 = STDOUT_FILENO) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    static func line(_ text: String) { write(text + "\n") }

    /// `tako: MESSAGE` on standard error: what tako does about something, not a failure.
    static func notice(_ message: String) {
        write(forTerminal("tako: \(message)", fd: STDERR_FILENO) + "\n", to: STDERR_FILENO)
    }

    static func error(_ message: String) {
        write(forTerminal(ErrorVoice.line(program: "tako", message), fd: STDERR_FILENO) + "\n", to: STDERR_FILENO)
    }

    /// Text bound for `fd`: on a terminal its control characters are shown escaped (a plan's
    /// names and a step's lines cannot move the cursor or rewrite the screen), line breaks kept.
    static func forTerminal(_ text: String, fd: Int32) -> String {
        isatty(fd) == 1 ? TerminalText.escapeLines(text) : text
    }
}
