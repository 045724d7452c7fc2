import Foundation
import TakoTestSupport
import Testing

/// A synthetic organisation from `scripts/gen-org.py` (the one `make bench-plan` times),
/// small enough for the test suite but large enough that `takoc` reads and lowers its
/// repositories on several threads.
@Suite struct OrganisationScaleTests {
    @Test func aGeneratedOrganisationCompilesAndPlansTheSameEveryTime() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let org = work.appendingPathComponent("org")
        let generated = try await Binaries.runAsync(
            "/usr/bin/env",
            [
                "python3", Binaries.packageRoot.appendingPathComponent("scripts/gen-org.py").path,
                "--repos", "200", "--out", org.path, "--verify", "2",
            ])
        try #require(generated.status == 0, "gen-org.py failed: \(generated.stderr)")
        let shape = try JSONSerialization.jsonObject(with: Data(contentsOf: org.appendingPathComponent("org.json"))) as? [String: Any]
        let expectedRuns = try #require(shape?["expected_runs"] as? Int)

        let clones = org.appendingPathComponent("cache/repos/acme")
        let files = try FileManager.default.contentsOfDirectory(atPath: clones.path).sorted().map {
            clones.appendingPathComponent("\($0)/main/tako.yml").path
        }
        #expect(files.count == 200)
        let check = try await Binaries.runAsync("takoc", ["check"] + files)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect((check.stdout + check.stderr).contains("200 files checked: 0 errors, 0 warnings"), "\(check.stdout)\(check.stderr)")

        let args = [
            "plan", "--repo", "acme/core-lib", "--workflow", "release", "--input", "version=2.3.0", "--input", "channel=stable",
            "--cache-dir", org.appendingPathComponent("cache").path, "--format", "json",
        ]
        let first = try await Binaries.runAsync("takoc", args)
        #expect(first.status == 0, "\(first.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect((plan?["runs"] as? [Any])?.count == expectedRuns)
        for _ in 0..<2 {
            let again = try await Binaries.runAsync("takoc", args)
            #expect(again.status == 0)
            #expect(again.stdout == first.stdout, "two plans of the same organisation differ")
        }

        // Written with -o, as JSON (the runs encoded in pieces on every core) or beside the
        // tree, the file holds the same bytes; a plan file that was there keeps its mode.
        let written = work.appendingPathComponent("plan.json")
        try Data("{\"format_version\": \"1.0\", \"digest\": \"\", \"runs\": []}\n".utf8).write(to: written)
        #expect(chmod(written.path, 0o600) == 0)
        for format in ["json", "text"] {
            let toFile = try await Binaries.runAsync("takoc", Array(args.dropLast(2)) + ["--format", format, "-o", written.path])
            #expect(toFile.status == 0, "\(toFile.stderr)")
            #expect(try String(contentsOf: written, encoding: .utf8) == first.stdout, "-o with --format \(format)")
            let mode = try FileManager.default.attributesOfItem(atPath: written.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.contains(".takoc-") }.isEmpty)
    }
}
