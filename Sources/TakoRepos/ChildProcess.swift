import Foundation

/// A helper program run to completion with bounded time (`git credential`): its input
/// written, its output collected, killed when it overstays.
enum ChildProcess {
    struct Result {
        let status: Int32
        let stdout: [UInt8]
    }

    /// Runs `arguments` (the first found on the environment's PATH). Nil when it cannot be
    /// started or does not finish within `timeout` seconds (it is then killed). Its
    /// standard error is discarded: helpers' messages would otherwise reach the user's
    /// terminal in the middle of a progress bar.
    static func run(_ arguments: [String], input: [UInt8], environment: [String: String], timeout: Double) -> Result? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let finished = DispatchGroup()
        finished.enter()
        process.terminationHandler = { _ in finished.leave() }
        do { try process.run() } catch { return nil }
        let collected = Collected()
        finished.enter()
        DispatchQueue.global().async {
            collected.set(stdout.fileHandleForReading.readDataToEndOfFile())
            finished.leave()
        }
        _ = ignoreBrokenPipes
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
        try? stdin.fileHandleForWriting.close()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return Result(status: process.terminationStatus, stdout: [UInt8](collected.data))
    }

    /// A helper that exits before reading its input must not kill tako with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = Data()
        var data: Data { lock.withLock { stored } }
        func set(_ data: Data) { lock.withLock { stored = data } }
    }
}
