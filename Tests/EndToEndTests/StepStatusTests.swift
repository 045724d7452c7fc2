import Foundation
import TakoTestSupport
import Testing

/// `steps.ID.status` in a step's `if`, for steps that declare no outputs (docs/exec.md lists
/// it for every earlier step): checked by takoc, left for run time in the plan, decided by
/// tako exec.
@Suite struct StepStatusTests {
    @Test func aConditionReadsTheStatusOfAStepWithoutOutputs() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let root = work.appendingPathComponent("acme/status")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("cache"), withIntermediateDirectories: true)
        try Data(
            """
            version: "1"
            workflows:
              w:
                steps:
                  - id: a
                    run: echo a
                  - id: b
                    if: steps.a.status == 'succeeded'
                    run: touch b-ran
                  - if: steps.b.status == 'failed'
                    run: touch never-ran

            """.utf8
        ).write(to: root.appendingPathComponent("tako.yml"))
        let check = try await Binaries.runAsync("takoc", ["check", root.appendingPathComponent("tako.yml").path])
        #expect(check.status == 0, "\(check.stderr)")
        let plan = work.appendingPathComponent("plan.json")
        let p = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--root", root.path, "--workflow", "w", "--cache-dir",
                work.appendingPathComponent("cache").path, "-o", plan.path,
            ])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("[if steps.a.status == 'succeeded']"), "\(p.stdout)")
        let r = try await Binaries.runAsync("tako", ["exec", plan.path, "--workspace", work.appendingPathComponent("ws").path])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("2 succeeded, 0 failed, 1 skipped"), "\(r.stdout)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("b-ran").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("never-ran").path))
    }
}
