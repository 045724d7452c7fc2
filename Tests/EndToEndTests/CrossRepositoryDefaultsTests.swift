import Foundation
import TakoTestSupport
import Testing

/// `takoc check` as a pull request check over a real cache (the release train's): the cache
/// from `$TAKO_CACHE_DIR` as `takoc plan` reads it, "did you mean" for a misspelled
/// publisher, and `--max-warnings` failing the check.
@Suite struct CrossRepositoryDefaultsTests {
    static let file = """
        version: "1"
        workflows:
          integrate:
            inputs: { version: { required: true } }
            steps: [make test]
        subscriptions:
          - artifact: acme/core-lbi:core-lib
            events: [library_built]
            workflow: integrate
            inputs:
              version: "{{ event.payload.version }}"

        """

    @Test func checkReadsTheCacheOfTheEnvironmentAndSuggestsThePublisher() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        let path = work.appendingPathComponent("tako.yml")
        try Data(Self.file.utf8).write(to: path)
        let cache = work.appendingPathComponent("cache").path

        // No cache named: the file alone, no warning.
        let alone = try await Binaries.runAsync("takoc", ["check", path.path])
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stderr == "1 file checked: 0 errors, 0 warnings\n")

        // $TAKO_CACHE_DIR, as takoc plan reads it.
        let fromEnv = try await Binaries.runAsync("takoc", ["check", "tako.yml"], cwd: work, environment: ["TAKO_CACHE_DIR": cache])
        #expect(fromEnv.status == 0, "\(fromEnv.stderr)")
        #expect(
            fromEnv.stderr == """
                tako.yml:7:15: warning: acme/core-lbi is not in the cache; did you mean 'acme/core-lib'? (If not, add it with 'takoc cache add', so that this subscription can be checked against it) [unknown-publisher]
                    - artifact: acme/core-lbi:core-lib
                                ^~~~~~~~~~~~~~~~~~~~~~
                1 file checked: 0 errors, 1 warning

                """)
        // --cache-dir wins over the environment.
        let empty = work.appendingPathComponent("empty-cache")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let option = try await Binaries.runAsync(
            "takoc", ["check", "tako.yml", "--cache-dir", empty.path], cwd: work, environment: ["TAKO_CACHE_DIR": cache])
        #expect(option.stderr.contains("acme/core-lbi is not in the cache, so this subscription cannot be checked"), "\(option.stderr)")
    }

    @Test func maxWarningsFailsTheCheck() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        try Data(Self.file.utf8).write(to: work.appendingPathComponent("tako.yml"))
        let cache = ["--cache-dir", work.appendingPathComponent("cache").path]

        let within = try await Binaries.runAsync("takoc", ["check", "tako.yml", "--max-warnings", "1"] + cache, cwd: work)
        #expect(within.status == 0, "\(within.stderr)")
        let over = try await Binaries.runAsync("takoc", ["check", "tako.yml", "--max-warnings", "0"] + cache, cwd: work)
        #expect(over.status == 1)
        #expect(
            over.stderr.hasSuffix("1 file checked: 0 errors, 1 warning\ntakoc: 1 warning is more than --max-warnings 0 allows\n"),
            "\(over.stderr)")
        // In JSON the document on standard output stays whole; the exit status says it.
        let json = try await Binaries.runAsync(
            "takoc", ["check", "tako.yml", "--max-warnings", "0", "--format", "json"] + cache, cwd: work)
        #expect(json.status == 1)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(json.stdout)")
        let negative = try await Binaries.runAsync("takoc", ["check", "tako.yml", "--max-warnings=-1"], cwd: work)
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--max-warnings must be 0 or more"), "\(negative.stderr)")
    }
}
