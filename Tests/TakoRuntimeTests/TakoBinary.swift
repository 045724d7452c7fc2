import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `tako` executable, built with the tests: next to the test bundle, or in the
/// package's `.build/debug`.
enum TakoBinary {
    static let path: String? = {
        var candidates: [String] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(runner.appendingPathComponent("tako").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("tako").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tako").path)
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent(".build/debug/tako").path)
            folder.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Finished {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `tako ARGS` with its output going to files in `dir`.
    static func start(_ arguments: [String], in dir: TempDir, environment: [String: String]? = nil,
                      tag: String = "tako") throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        if let environment { process.environment = environment }
        _ = FileManager.default.createFile(atPath: dir.file("\(tag).stdout"), contents: nil)
        _ = FileManager.default.createFile(atPath: dir.file("\(tag).stderr"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: dir.file("\(tag).stdout"))
        process.standardError = FileHandle(forWritingAtPath: dir.file("\(tag).stderr"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func wait(_ process: Process, in dir: TempDir, tag: String = "tako") -> Finished {
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, stdout: dir.read("\(tag).stdout"), stderr: dir.read("\(tag).stderr"))
    }

    /// Runs `tako ARGS` to the end.
    static func run(_ arguments: [String], in dir: TempDir, environment: [String: String]? = nil,
                    tag: String = "tako") throws -> Finished {
        wait(try start(arguments, in: dir, environment: environment, tag: tag), in: dir, tag: tag)
    }

    /// Waits until `condition` holds, up to `seconds`.
    static func poll(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// A small seeded generator (SplitMix64), so crash trials are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
