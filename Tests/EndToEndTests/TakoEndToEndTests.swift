import Foundation
import TakoPlanFormat
import Testing

/// The release train compiled by `takoc` and run by `tako`, as `make demo` does.
@Suite(.serialized) struct TakoEndToEndTests {
    @Test func theReleaseTrainRunsAndPassesValuesAlong() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        let plan = work.appendingPathComponent("plan.json").path
        let p = try await Binaries.runAsync("takoc", ["plan", "--repo", "acme/core-lib", "--workflow", "release", "--input", "version=2.0.1",
                                          "--cache-dir", work.appendingPathComponent("cache").path, "-o", plan])
        #expect(p.status == 0, "\(p.stderr)")
        let report = work.appendingPathComponent("report.json").path
        let r = try await Binaries.runAsync("tako", ["exec", plan, "--workspace", work.appendingPathComponent("ws").path, "--max-parallel", "2", "--report", report])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("10 succeeded, 0 failed, 0 skipped"))
        let text = try String(contentsOfFile: report, encoding: .utf8)
        // The library's build output travelled through the event payload into billing's input.
        #expect(text.contains("billing tests passed against core-lib 2.0.1 (core-lib-2.0.1-c0ffee)"))
        #expect(text.contains("\"release\" : \"checkout-2.0.1-staging\""))
        // The cache was only read: its clones are still clean, with no files from the steps.
        let clone = work.appendingPathComponent("cache/repos/acme/billing/main/CORE_LIB_VERSION").path
        #expect(!FileManager.default.fileExists(atPath: clone))
    }

    @Test func aFailingStepFailsTheRunWithExitOne() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: "release-train", in: work)
        // An input that the build script turns into a failure is not possible with the example, so
        // plan with an invalid input first: that is a compile error (exit 1) and no plan.
        let bad = try await Binaries.runAsync("takoc", ["plan", "--repo", "acme/core-lib", "--workflow", "release", "--input", "version=banana",
                                            "--cache-dir", work.appendingPathComponent("cache").path, "-o", work.appendingPathComponent("p.json").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: input 'version' is not valid: 'banana' does not match the pattern"))
        #expect(try await Binaries.runAsync("tako", ["exec", work.appendingPathComponent("missing.json").path]).status == 2)
    }
}
