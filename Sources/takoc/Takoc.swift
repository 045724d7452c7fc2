import ArgumentParser
import Foundation
import TakoBasics
import TakoRepos

/// takoc, the compiler: reads tako.yml files and cached repositories, never runs a step.
@main
struct Takoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "takoc",
        abstract: "Compile tako.yml files across repositories into a checked fan-out plan.",
        version: TakocVersion.string,
        subcommands: [
            CheckCommand.self, PlanCommand.self, DiffCommand.self, GraphCommand.self, CacheCommand.self, MigrateCommand.self,
            InitCommand.self,
        ])

    /// Runs the command and maps every failure to contract.md's exit codes in one place:
    /// usage and I/O errors are 2, compile errors 1 (thrown as `ExitCode(1)` after printing).
    /// Errors are printed as `takoc: error: MESSAGE` (ErrorVoice), like tako's.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageOrIOError {
            Output.error(ErrorVoice.line(program: "takoc", error.description))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            let message = fullMessage(for: error)
            Output.error(
                ErrorVoice.usage(program: "takoc", argumentParserText: message.isEmpty ? SystemErrorText.words(for: error) : message))
            Foundation.exit(code == .validationFailure ? 2 : (code.rawValue == 1 ? 2 : code.rawValue))
        }
    }
}

/// Where commands print: results to stdout, diagnostics and errors to stderr.
enum Output {
    /// Never frees `value`: the process's end returns its memory at once.
    static func keepUntilExit<T>(_ value: T) {
        _ = Unmanaged.passRetained(Box(value))
    }

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// On a terminal, control characters (from a YAML value, a name) are shown escaped, line
    /// breaks kept; a pipe or a file gets the bytes.
    static func out(_ s: String) {
        FileHandle.standardOutput.write(Data((stdoutIsTerminal ? TerminalText.escapeLines(s) : s).utf8))
    }

    /// Bytes that are already UTF-8 (a plan of thousands of runs is tens of megabytes:
    /// written as they are, not copied into a String and back).
    static func out(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    static func error(_ s: String) {
        let text = isatty(STDERR_FILENO) == 1 ? TerminalText.escapeLines(s) : s
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// `--cache-dir`, else `$TAKO_CACHE_DIR`, else `~/.tako/cache`.
    static func cacheRoot(_ option: String?) -> String {
        option ?? GitCache.defaultRoot(environment: ProcessInfo.processInfo.environment)
    }
}

/// A failure to show as `takoc: error: MESSAGE` with exit code 2.
struct UsageOrIOError: Error, CustomStringConvertible {
    let description: String
}
