import Foundation
import TakoTestSupport
import Testing

/// The examples of docs/diagnostics.md for the IDs only a cache can show (`takoc plan`, `takoc
/// check --cache-dir`): each folder of
/// `Tests/Golden/diagnostics/plan/ID/` holds OWNER/REPO folders (made into git repositories
/// and cached, as `make demo` does) and `args`; the real `takoc ARGS --cache-dir CACHE` must print
/// exactly `expected.txt` on standard error and report ID. `TAKO_UPDATE_GOLDEN=1` rewrites
/// `expected.txt`; then regenerate the page (DiagnosticsDocTests, same variable).
@Suite struct PlanDiagnosticsTests {
    static let folder = Binaries.packageRoot.appendingPathComponent("Tests/Golden/diagnostics/plan")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: cases) func planPrintsTheExample(_ id: String) async throws {
        let example = Self.folder.appendingPathComponent(id)
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "../Tests/Golden/diagnostics/plan/\(id)", in: work)
        // `args` is the command line: `takoc plan ...`, or `takoc check FILES` (run among the
        // repositories, so that the files are the cached ones).
        let words = CommandWords.split(try String(contentsOf: example.appendingPathComponent("args"), encoding: .utf8))
        try #require(words.first == "takoc", "\(id): args must start with takoc")
        let args = Array(words.dropFirst())
        let cache = ["--cache-dir", work.appendingPathComponent("cache").path]
        let r =
            args.first == "check"
            ? try await Binaries.runAsync("takoc", args + cache, cwd: work.appendingPathComponent("remotes"))
            : try await Binaries.runAsync("takoc", args + cache + ["-o", work.appendingPathComponent("plan.json").path], cwd: work)
        #expect([0, 1].contains(r.status), "\(id): exit \(r.status)\n\(r.stderr)")
        let stderr = r.stderr.replacingOccurrences(of: work.path, with: "$WORK")
        #expect(stderr.contains("[\(id)]"), "\(id): the example does not report its ID\n\(stderr)")
        let golden = example.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(stderr.utf8).write(to: golden) }
        #expect(stderr == (try String(contentsOf: golden, encoding: .utf8)), "\(id): output differs from expected.txt")
    }

    @Test func thereArePlanExamples() {
        #expect(Self.cases.count >= 10)
    }
}
