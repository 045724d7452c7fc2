import Foundation
import TakoBasics

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
        _ = ignoreBrokenPipes
        guard let toChild = try? ChildSpawn.pipe() else { return nil }
        guard let fromChild = try? ChildSpawn.pipe() else {
            close(toChild.read)
            close(toChild.write)
            return nil
        }
        let pid = try? ChildSpawn.start(
            "/usr/bin/env", arguments, environment: environment,
            stdin: .descriptor(toChild.read), stdout: .descriptor(fromChild.write), stderr: .null)
        close(toChild.read)
        close(fromChild.write)
        guard let pid else {
            close(toChild.write)
            close(fromChild.read)
            return nil
        }
        let child = ChildSpawn.Child(pid: pid)
        let collected = Collected()
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            collected.set(FileHandle(fileDescriptor: fromChild.read, closeOnDealloc: true).readDataToEndOfFile())
            readerDone.signal()
        }
        let deadline = DispatchTime.now() + timeout
        input.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(toChild.write, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }  // the helper closed its input (EPIPE): it has what it wants
                offset += written
            }
        }
        close(toChild.write)
        let remaining = max(0, Double(Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1e9)
        guard let status = child.wait(timeout: remaining), readerDone.wait(timeout: deadline) == .success else {
            kill(pid, SIGKILL)
            _ = child.wait()
            return nil
        }
        return Result(status: status, stdout: [UInt8](collected.data))
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
