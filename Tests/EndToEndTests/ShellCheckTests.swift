import Foundation
import TakoTestSupport
import Testing

/// `takoc check` runs ShellCheck on the run scripts: each case of `Tests/Golden/shellcheck/`
/// holds OWNER/REPO folders (cached, as `make demo` does) and `args`; the real
/// `takoc ARGS --cache-dir CACHE`, run among the repositories, must print exactly
/// `expected.txt` on standard error and `expected-out.json` (or nothing) on standard output.
/// `TAKO_UPDATE_GOLDEN=1` rewrites both. Needs `shellcheck` on PATH (`make deps`).
@Suite(.enabled(if: ProcessRunner.isInstalled("shellcheck"), "ShellCheck is not installed: run make deps"))
struct ShellCheckTests {
    static let folder = Binaries.packageRoot.appendingPathComponent("Tests/Golden/shellcheck")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 4)
    }

    @Test(arguments: cases) func checkPrintsTheCase(_ name: String) async throws {
        let example = Self.folder.appendingPathComponent(name)
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: example.path, in: work)
        let words = CommandWords.split(try String(contentsOf: example.appendingPathComponent("args"), encoding: .utf8))
        try #require(Array(words.prefix(2)) == ["takoc", "check"], "\(name): args must start with takoc check")
        let r = try await Binaries.runAsync(
            "takoc", Array(words.dropFirst()) + ["--cache-dir", work.appendingPathComponent("cache").path],
            cwd: work.appendingPathComponent("remotes"))
        #expect(r.status == 0, "\(name): ShellCheck's findings are warnings and notes, never errors\n\(r.stderr)")
        #expect(r.stderr.contains("[shellcheck]") || r.stdout.contains("\"shellcheck\""), "\(name): no ShellCheck finding")
        let stderrFile = example.appendingPathComponent("expected.txt")
        let stdoutFile = example.appendingPathComponent("expected-out.json")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil {
            try Data(r.stderr.utf8).write(to: stderrFile)
            if !r.stdout.isEmpty { try Data(r.stdout.utf8).write(to: stdoutFile) }
        }
        #expect(r.stderr == (try String(contentsOf: stderrFile, encoding: .utf8)), "\(name): standard error differs from expected.txt")
        let expectedOut = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
        #expect(r.stdout == expectedOut, "\(name): standard output differs from expected-out.json")
    }

    static let script = """
        version: "1"
        workflows:
          build:
            steps:
              - run: cd out; make  # tako:ignore shellcheck make runs in the checkout when out is missing
              - run: |
                  echo $undefined_name

        """

    static func checkScript(_ arguments: [String], environment: [String: String?] = [:]) async throws -> ProcessResult {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data(script.utf8).write(to: work.appendingPathComponent("tako.yml"))
        return try await Binaries.runAsync("takoc", ["check"] + arguments + ["tako.yml"], cwd: work, environment: environment)
    }

    /// Without `shellcheck` on PATH: one note line, in every format, and nothing fails; the
    /// suppression of a finding that could not be looked for is not "unused".
    @Test func withoutShellCheckANoteSaysSoAndNothingFails() async throws {
        let empty = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: empty) }
        let note =
            "takoc: note: ShellCheck is not installed ('shellcheck' is not on PATH), so the 2 run scripts were not checked; install it (apt-get install shellcheck) or pass --no-shellcheck\n"
        let text = try await Self.checkScript(["--max-warnings", "0"], environment: ["PATH": empty.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr == note + "1 file checked: 0 errors, 0 warnings\n")
        let json = try await Self.checkScript(["--format", "json"], environment: ["PATH": empty.path])
        #expect(json.status == 0)
        #expect(json.stderr == note)
        #expect(json.stdout.contains("\"diagnostics\" : [\n\n  ]") || json.stdout.contains("\"diagnostics\" : []"), "\(json.stdout)")
    }

    @Test func noShellcheckTurnsItOff() async throws {
        let r = try await Self.checkScript(["--no-shellcheck"])
        #expect(r.status == 0)
        #expect(r.stderr == "1 file checked: 0 errors, 0 warnings\n")
    }

    /// `--shellcheck-severity warning` leaves out ShellCheck's info and style findings (notes).
    @Test func severityChoosesTheLeastSevereFinding() async throws {
        let all = try await Self.checkScript([])
        #expect(all.stderr.contains("SC2154 (warning)") && all.stderr.contains("SC2086 (info)"), "\(all.stderr)")
        #expect(!all.stderr.contains("unused-suppression"), "\(all.stderr)")
        let warnings = try await Self.checkScript(["--shellcheck-severity", "warning", "--max-warnings", "0"])
        #expect(warnings.status == 1, "one warning is more than --max-warnings 0 allows")
        #expect(warnings.stderr.contains("SC2154 (warning)") && !warnings.stderr.contains("SC2086"), "\(warnings.stderr)")
    }
}
