import Foundation
import TakoTestSupport
import Testing

/// `takoc graph --org` over a cache of real clones: the same bytes as the golden files the
/// planner's tests check, the focus, and its usage errors.
@Suite(.serialized) struct OrgGraphEndToEndTests {
    static let golden = Binaries.packageRoot.appendingPathComponent("Tests/Golden/org-graph/examples")

    @Test func theReleaseTrainsOrganisation() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        let cache = work.appendingPathComponent("cache").path
        for (format, ext) in [("text", "txt"), ("dot", "dot"), ("mermaid", "mmd"), ("svg", "svg")] {
            let r = try await Binaries.runAsync("takoc", ["graph", "--org", "--cache-dir", cache, "--format", format])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(
                r.stdout == (try String(contentsOf: Self.golden.appendingPathComponent("release-train.\(ext)"), encoding: .utf8)),
                "\(format)")
        }
        let focus = try await Binaries.runAsync(
            "takoc", ["graph", "--org", "--cache-dir", cache, "--focus", "acme/legacy-reports", "--depth", "1"])
        #expect(focus.status == 0)
        #expect(focus.stdout.hasPrefix("organisation: 2 repositories, 1 publication, 1 subscription, 1 edge\nacme/core-lib\n"))

        let unknown = try await Binaries.runAsync("takoc", ["graph", "--org", "--cache-dir", cache, "--focus", "acme/billin"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "takoc: error: --focus acme/billin: no such repository with a tako.yml in the cache; did you mean 'acme/billing'?\n")
        let mixed = try await Binaries.runAsync("takoc", ["graph", "--org", "--workflow", "release", "--cache-dir", cache])
        #expect(mixed.status == 2)
        #expect(
            mixed.stderr.hasPrefix("takoc: error: --org draws every cached repository; it takes no --workflow, --root, --repo or --input\n")
        )
        let depthAlone = try await Binaries.runAsync("takoc", ["graph", "--workflow", "release", "--depth", "2", "--cache-dir", cache])
        #expect(depthAlone.status == 2)
        let noWorkflow = try await Binaries.runAsync("takoc", ["graph", "--cache-dir", cache])
        #expect(noWorkflow.status == 2)
        #expect(noWorkflow.stderr.hasPrefix("takoc: error: missing expected argument '--workflow <workflow>'\n"))
    }

    @Test func aBrokenRepositoryIsLeftOutAndSaysWhy() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "broken/incompatible-range", in: work)
        let r = try await Binaries.runAsync("takoc", ["graph", "--org", "--cache-dir", work.appendingPathComponent("cache").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try String(contentsOf: Self.golden.appendingPathComponent("broken/incompatible-range.txt"), encoding: .utf8)))
        #expect(r.stdout.contains("[unreachable]"))
    }

    @Test func aRepositoryWithErrorsIsDrawnWithoutItsEventsAndExitsOne() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let example = work.appendingPathComponent("example")
        for (repo, text) in [
            ("acme/lib", "version: \"1\"\nworkflows:\n  release:\n    stpes: [make]\n"),
            (
                "acme/app",
                "version: \"1\"\nworkflows:\n  up:\n    steps: [make]\nsubscriptions:\n  - artifact: acme/lib:default\n    events: [built]\n    workflow: up\n"
            ),
        ] {
            let dir = example.appendingPathComponent(repo)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: dir.appendingPathComponent("tako.yml"))
        }
        let made = try await Binaries.runAsync(
            "/bin/bash",
            [
                Binaries.packageRoot.appendingPathComponent("scripts/make-cache.sh").path,
                Binaries.binDir.appendingPathComponent("takoc").path, example.path, work.path,
            ])
        #expect(made.status == 0, "\(made.stderr)")
        let r = try await Binaries.runAsync("takoc", ["graph", "--org", "--cache-dir", work.appendingPathComponent("cache").path])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("acme/lib/tako.yml:4:5: error: unexpected key 'stpes' in a workflow; did you mean 'steps'? [unknown-key]"))
        #expect(r.stderr.hasSuffix("1 repository drawn without events or subscriptions: 2 errors\n"))
        #expect(r.stdout.contains("acme/lib  [tako.yml has errors: left out]\n"))
        #expect(r.stdout.contains("[unreachable] built: acme/lib's tako.yml has errors"))
    }
}
