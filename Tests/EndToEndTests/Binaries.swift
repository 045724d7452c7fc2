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

    /// Runs a program with arguments, in `cwd`, and waits (at most `timeout` seconds).
    static func run(_ program: String, _ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:], timeout: Double = 120) throws -> Result {
        let process = Process()
        process.executableURL = program.hasPrefix("/") ? URL(fileURLWithPath: program) : binDir.appendingPathComponent(program)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["TAKO_CACHE_DIR"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            Issue.record("\(program) \(arguments) did not finish within \(timeout)s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder, removed by `cleanup`.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tako-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The example's repositories as git repositories, cloned into `work/cache`.
    static func makeCache(example: String, in work: URL) throws {
        let r = try run("/bin/bash", [packageRoot.appendingPathComponent("scripts/make-cache.sh").path,
                                      binDir.appendingPathComponent("takoc").path,
                                      packageRoot.appendingPathComponent("Examples/\(example)").path, work.path])
        #expect(r.status == 0, "make-cache.sh failed: \(r.stderr)")
    }
}
