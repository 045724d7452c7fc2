import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// `takoc` as a user runs it: real git repositories in a cache, real files, exit codes.
@Suite struct TakocEndToEndTests {
    /// Examples with an `args` file (the `takoc plan` command line; the golden layout of a
    /// folder of repositories, see Tests/Golden/README.md): planned from a cache of real
    /// clones, the plan must equal `expected-plan.json` (only the temporary cache path and the
    /// digest that covers it are normalised), or the diagnostics must equal `expected.txt`
    /// with exit status 1.
    static var plannedExamples: [String] {
        let root = Binaries.packageRoot.appendingPathComponent("Examples").resolvingSymlinksInPath()
        let e = FileManager.default.enumerator(atPath: root.path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            if p.hasSuffix("/args") && !p.contains("/acme/") { out.append(String(p.dropLast("/args".count))) }
        }
        return out.sorted()
    }

    @Test(arguments: plannedExamples) func exampleMatchesItsGoldenFile(_ example: String) async throws {
        let dir = Binaries.packageRoot.appendingPathComponent("Examples/\(example)")
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: example, in: work)
        let words = CommandWords.split(try String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8))
        try #require(words.prefix(2) == ["takoc", "plan"], "\(example): args must be a takoc plan command")
        let args = Array(words.dropFirst(2))
        let plan = work.appendingPathComponent("plan.json")
        let r = try await Binaries.runAsync(
            "takoc", ["plan"] + args + ["--cache-dir", work.appendingPathComponent("cache").path, "-o", plan.path])
        let update = ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil
        let expectedPlan = dir.appendingPathComponent("expected-plan.json")
        let expectedText = dir.appendingPathComponent("expected.txt")
        if FileManager.default.fileExists(atPath: expectedText.path) {
            #expect(r.status == 1)
            #expect(!FileManager.default.fileExists(atPath: plan.path))
            if update { try Data(r.stderr.utf8).write(to: expectedText) }
            #expect(r.stderr == (try String(contentsOf: expectedText, encoding: .utf8)), "\(example): diagnostics differ from expected.txt")
            return
        }
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: plan)
        let decoded = try PlanFile.decode(bytes)
        var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: work.path, with: "$WORK")
        text = text.replacingOccurrences(of: decoded.digest, with: "sha256:$DIGEST")
        if update { try Data(text.utf8).write(to: expectedPlan) }
        #expect(text == (try String(contentsOf: expectedPlan, encoding: .utf8)), "\(example): plan differs from expected-plan.json")

        // Same inputs, same bytes.
        let again = try await Binaries.runAsync(
            "takoc", ["plan"] + args + ["--cache-dir", work.appendingPathComponent("cache").path, "--format", "json"])
        #expect(Data(again.stdout.utf8) == bytes)
    }

    @Test func plannedExamplesAreFound() async {
        #expect(Self.plannedExamples == ["api-evolution", "broken/cycle", "broken/incompatible-range", "release-train", "rollout"])
    }

    @Test func graphRendersTheSameDAG() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        let args = [
            "graph", "--repo", "acme/core-lib", "--workflow", "release", "--input", "version=1.4.0",
            "--cache-dir", work.appendingPathComponent("cache").path, "--format",
        ]
        let text = try await Binaries.runAsync("takoc", args + ["text"])
        #expect(text.status == 0)
        #expect(
            text.stdout == """
                r1 acme/core-lib · release
                  r2 acme/billing · integrate  ← library_built
                    r3 acme/storefront · smoke  ← service_deployed
                  r4 acme/checkout · integrate  ← library_built
                    r5 acme/storefront · smoke  ← service_deployed

                """)
        let dot = try await Binaries.runAsync("takoc", args + ["dot"])
        // The fan-out step's own `if`, left for run time, dashes the edge and labels it.
        #expect(
            dot.stdout.contains(
                "n3 -> n4 [label=\"service_deployed\\nif steps.deploy.outputs.release.startsWith('checkout-')\", style=dashed];"))
        let mermaid = try await Binaries.runAsync("takoc", args + ["mermaid"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR\n"))
    }

    @Test func aMalformedFileGetsFileLineColumnAndExitOne() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("version: \"1\"\nworkflows:\n  build:\n    steps:\n      - run: [unclosed\n".utf8).write(
            to: work.appendingPathComponent("tako.yml"))
        let r = try await Binaries.runAsync("takoc", ["check"], cwd: work)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("tako.yml:6:1: error: did not find expected ',' or ']' [yaml-syntax]\n"))
        #expect(r.stderr.contains("tako.yml:5:14: note: while parsing a flow sequence"))
        #expect(r.stderr.hasSuffix("1 file checked: 1 error, 0 warnings\n"))

        let json = try await Binaries.runAsync("takoc", ["check", "--format", "json", "tako.yml"], cwd: work)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"id\" : \"yaml-syntax\""))
        let github = try await Binaries.runAsync("takoc", ["check", "--format", "github", "tako.yml"], cwd: work)
        #expect(github.stdout.hasPrefix("::error file=tako.yml,line=6,col=1,title=yaml-syntax::did not find expected ',' or ']'"))
    }

    @Test func aCleanFileExitsZeroAndWarningsDoNotFail() async throws {
        let file = Binaries.packageRoot.appendingPathComponent("Examples/release-train/acme/core-lib/tako.yml")
        let r = try await Binaries.runAsync("takoc", ["check", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "1 file checked: 0 errors, 0 warnings\n")
    }

    @Test func usageAndIOErrorsExitTwo() async throws {
        #expect(try await Binaries.runAsync("takoc", ["check", "/nonexistent/tako.yml"]).status == 2)
        #expect(try await Binaries.runAsync("takoc", ["plan"]).status == 2)
        #expect(try await Binaries.runAsync("takoc", ["plan", "--workflow", "x", "--input", "novalue"]).status == 2)
        let missing = try await Binaries.runAsync(
            "takoc", ["plan", "--repo", "acme/none", "--workflow", "x", "--cache-dir", "/nonexistent-cache"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("acme/none is not in the cache"))
        #expect(try await Binaries.runAsync("takoc", ["--version"]).stdout == "0.1.0\n")
    }

    @Test func cacheAddAndListUseRealClones() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        let list = try await Binaries.runAsync("takoc", ["cache", "list", "--cache-dir", work.appendingPathComponent("cache").path])
        #expect(list.status == 0)
        #expect(
            list.stdout.split(separator: "\n").map { $0.split(separator: "\t").prefix(2).joined(separator: " ") }
                == ["acme/billing main", "acme/checkout main", "acme/core-lib main", "acme/legacy-reports main", "acme/storefront main"])
        let again = try await Binaries.runAsync(
            "takoc",
            [
                "cache", "add", "file://" + work.appendingPathComponent("remotes/acme/billing").path,
                "--cache-dir", work.appendingPathComponent("cache").path,
            ])
        #expect(again.status == 2)
        let sync = try await Binaries.runAsync(
            "takoc", ["cache", "sync", "--verbose", "--cache-dir", work.appendingPathComponent("cache").path])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.hasSuffix("5 repositories: 0 updated, 5 unchanged, 0 failed\n"))
        // The commit `cache list` shows (its third column), abbreviated as sync prints it.
        let coreLib = list.stdout.split(separator: "\n").first { $0.hasPrefix("acme/core-lib\t") }?.split(separator: "\t")
        let commit = try #require(coreLib.map { $0[2] })
        #expect(sync.stdout.contains("acme/core-lib (main): unchanged at \(commit.prefix(7))"), "\(sync.stdout)")
    }
}
