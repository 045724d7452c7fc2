import Foundation
import TakoTestSupport
import Testing

/// What a user sees when a command cannot do its work: each folder of `Tests/Golden/errors/`
/// holds `args` (the command line, starting with `takoc` or `tako`) and the files it reads;
/// the real binary, run in a copy of the folder, must exit with 2, print nothing on standard
/// output and exactly `expected.txt` on standard error. Both programs speak in one shape
/// (`PROGRAM: error: MESSAGE`), never with Foundation's or the system's own error text.
/// `TAKO_UPDATE_GOLDEN=1` rewrites `expected.txt`.
@Suite struct ErrorMessageTests {
    static let folder = Binaries.packageRoot.appendingPathComponent("Tests/Golden/errors")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreErrorCases() {
        #expect(Self.cases.count >= 10, "no error cases found in \(Self.folder.path): was the folder moved?")
    }

    /// Usage errors end with a subcommand's usage line, which lists every option and so
    /// changes whenever one is added: their first line is checked here, not in a golden file.
    @Test(arguments: [
        (["tako", "exec"], "tako: error: missing expected argument '<plan>'"),
        (["tako", "exec", "plan.json", "--max-parallel", "0"], "tako: error: --max-parallel must be at least 1, not 0"),
        (
            ["takoc", "check", "--format", "xml"],
            "takoc: error: the value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'sarif' or 'github'."
        ),
        (["takoc", "plan", "--repo", "acme/app"], "takoc: error: missing expected argument '--workflow <workflow>'"),
    ]) func usageErrorsHaveTheSameFirstLine(_ command: [String], _ first: String) async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let r = try await Binaries.runAsync(command[0], Array(command.dropFirst()), cwd: work, timeout: 60)
        #expect(r.status == 2, "\(command): exit \(r.status)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == first, "\(r.stderr)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("Help:") || $0.hasPrefix("Usage:") || $0.hasPrefix("  ") }, "\(r.stderr)")
    }

    @Test(arguments: cases) func theCommandPrintsTheExpectedError(_ name: String) async throws {
        let source = Self.folder.appendingPathComponent(name)
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("case")
        try FileManager.default.copyItem(at: source, to: copy)
        let words = CommandWords.split(try String(contentsOf: source.appendingPathComponent("args"), encoding: .utf8))
        let program = try #require(words.first, "\(name): args is empty")
        try #require(["takoc", "tako"].contains(program), "\(name): args must start with takoc or tako")
        let r = try await Binaries.runAsync(program, Array(words.dropFirst()), cwd: copy, timeout: 60)
        let stderr = r.stderr.replacingOccurrences(of: copy.path, with: "$WORK")
        #expect(r.status == 2, "\(name): exit \(r.status)\n\(stderr)")
        #expect(r.stdout.isEmpty, "\(name): printed on standard output: \(r.stdout)")
        #expect(stderr.hasPrefix("\(program): error: "), "\(name): not in the shared shape:\n\(stderr)")
        for raw in [
            "The operation could not be completed", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "No such file or directory",
            "Error Domain=", "Error: ",
        ] {
            #expect(!stderr.contains(raw), "\(name): system or library error text reaches the user:\n\(stderr)")
        }
        let golden = source.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(stderr.utf8).write(to: golden) }
        #expect(stderr == (try String(contentsOf: golden, encoding: .utf8)), "\(name): standard error differs from expected.txt")
    }
}
