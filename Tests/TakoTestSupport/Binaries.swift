import Foundation

/// The real `takoc` and `tako` of the build under test, and the package's own files.
///
/// The binaries are found in `$TAKO_BIN_DIR` (the Makefile sets it to `swift build
/// --show-bin-path`, so a release build's tests run the release binaries), else next to the
/// running test bundle, which `swift test` builds into the same folder as the binaries of
/// its configuration. Never a fixed `.build/debug`: that may hold another build.
public enum Binaries {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static let binDir: URL = {
        if let dir = ProcessInfo.processInfo.environment["TAKO_BIN_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        // /proc/self/exe is the test runner: BIN/takoPackageTests.xctest (a file on Linux).
        var runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        while runner.path != "/" {
            runner.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: runner.appendingPathComponent("takoc").path) { return runner }
        }
        return URL(fileURLWithPath: "/nonexistent-set-TAKO_BIN_DIR")
    }()

    /// The path of a program of the package (`takoc`, `tako`).
    public static func path(_ program: String) -> String { binDir.appendingPathComponent(program).path }

    /// Why the binaries cannot be run, or nil when they can.
    public static var missing: String? {
        for program in ["takoc", "tako"] where !FileManager.default.isExecutableFile(atPath: path(program)) {
            return "\(path(program)) is not built; run `swift build` first, or set TAKO_BIN_DIR to `swift build --show-bin-path`"
        }
        return nil
    }

    /// The variables that would change what the binaries do; unset for every run.
    static let isolated: [String: String?] = ["TAKO_CACHE_DIR": nil]

    /// Runs `program` (takoc, tako, or a path) in `cwd`, waiting without blocking the
    /// cooperative pool; the process group is killed after `timeout` seconds.
    public static func runAsync(
        _ program: String, _ arguments: [String], cwd: URL? = nil, environment: [String: String?] = [:],
        timeout: Double = 120
    ) async throws -> ProcessResult {
        try await start(program, arguments, cwd: cwd, environment: environment).finished(timeout: timeout)
    }

    /// The same, blocking the calling thread.
    public static func run(
        _ program: String, _ arguments: [String], cwd: URL? = nil, environment: [String: String?] = [:],
        timeout: Double = 120
    ) throws -> ProcessResult {
        try start(program, arguments, cwd: cwd, environment: environment).wait(timeout: timeout)
    }

    /// Runs `tako` in `dir`.
    public static func tako(_ arguments: [String], in dir: TempDir, environment: [String: String?] = [:]) throws -> ProcessResult {
        try run("tako", arguments, cwd: dir.url, environment: environment)
    }

    /// Starts `program` for a test that signals it or watches it while it runs.
    public static func start(
        _ program: String, _ arguments: [String], cwd: URL? = nil,
        environment: [String: String?] = [:]
    ) throws -> RunningProcess {
        let executable = ["takoc", "tako"].contains(program) ? path(program) : program
        return try ProcessRunner.start(executable, arguments, in: cwd?.path, environment: isolated.merging(environment) { $1 })
    }

    /// A fresh temporary folder; the caller removes it.
    public static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tako-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repositories of `folder` (relative to Examples/, or absolute) made into git
    /// repositories and cloned into `work/cache` by scripts/make-cache.sh, as `make demo` does.
    public static func makeCache(example folder: String, in work: URL) async throws {
        let source = folder.hasPrefix("/") ? folder : packageRoot.appendingPathComponent("Examples/\(folder)").path
        let r = try await runAsync(
            "/bin/bash", [packageRoot.appendingPathComponent("scripts/make-cache.sh").path, path("takoc"), source, work.path])
        guard r.status == 0 else { throw CommandFailed(command: "scripts/make-cache.sh \(folder)", result: r) }
    }
}

/// A helper command of a test failed; its output is in the message.
public struct CommandFailed: Error, CustomStringConvertible {
    public let command: String
    public let result: ProcessResult

    public init(command: String, result: ProcessResult) {
        self.command = command
        self.result = result
    }

    public var description: String { "\(command) exited with \(result.status):\n\(result.stderr)" }
}
