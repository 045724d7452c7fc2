import Foundation
import Testing

/// Runs the real `takoc` and `tako` binaries built next to the tests, in a scratch folder.
struct Binaries {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binDir: URL = {
        if let dir = ProcessInfo.processInfo.environment["TAKO_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program with arguments, in `cwd`, and waits (at most `timeout` seconds) without
    /// holding a thread of Swift's cooperative pool: tests run in parallel on that pool (one
    /// thread per core), and a test that blocked it while a child ran would starve every
    /// other test's async work, the runtime's own step teardown included.
    static func runAsync(_ program: String, _ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:],
                         timeout: Double = 120) async throws -> Result {
        let process = try configuredProcess(program, arguments, cwd: cwd, environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = Collected()
        let finished = DispatchGroup()
        finished.enter()
        finished.enter()
        finished.enter()
        process.terminationHandler = { _ in finished.leave() }
        try process.run()
        // Read both pipes as the process runs, so a full pipe cannot block it.
        DispatchQueue.global().async { collected.setOut(out.fileHandleForReading.readDataToEndOfFile()); finished.leave() }
        DispatchQueue.global().async { collected.setErr(err.fileHandleForReading.readDataToEndOfFile()); finished.leave() }
        let timedOut: Bool = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let waited = finished.wait(timeout: .now() + timeout)
                if waited == .timedOut { process.terminate() }
                continuation.resume(returning: waited == .timedOut)
            }
        }
        if timedOut {
            Issue.record("\(program) \(arguments) did not finish within \(timeout)s")
            process.waitUntilExit()
        }
        return Result(status: process.terminationStatus, stdout: String(decoding: collected.out, as: UTF8.self),
                      stderr: String(decoding: collected.err, as: UTF8.self))
    }

    /// The same, blocking the calling thread; prefer `runAsync` in tests.
    static func run(_ program: String, _ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:], timeout: Double = 120) throws -> Result {
        let process = try configuredProcess(program, arguments, cwd: cwd, environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { collected.setOut(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter()
        DispatchQueue.global().async { collected.setErr(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            Issue.record("\(program) \(arguments) did not finish within \(timeout)s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: collected.out, as: UTF8.self),
                      stderr: String(decoding: collected.err, as: UTF8.self))
    }

    private static func configuredProcess(_ program: String, _ arguments: [String], cwd: URL?, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = program.hasPrefix("/") ? URL(fileURLWithPath: program) : binDir.appendingPathComponent(program)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["TAKO_CACHE_DIR"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// Output gathered on other threads.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var outData = Data(), errData = Data()
        var out: Data { lock.withLock { outData } }
        var err: Data { lock.withLock { errData } }
        func setOut(_ d: Data) { lock.withLock { outData = d } }
        func setErr(_ d: Data) { lock.withLock { errData = d } }
    }

    /// A fresh temporary folder, removed by `cleanup`.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tako-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The example's repositories as git repositories, cloned into `work/cache`.
    static func makeCache(example: String, in work: URL) async throws {
        let r = try await runAsync("/bin/bash", [packageRoot.appendingPathComponent("scripts/make-cache.sh").path,
                                      binDir.appendingPathComponent("takoc").path,
                                      packageRoot.appendingPathComponent("Examples/\(example)").path, work.path])
        #expect(r.status == 0, "make-cache.sh failed: \(r.stderr)")
    }
}
