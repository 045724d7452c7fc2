import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

/// A run-time condition is decided under the deadline of what waits for it: the step's
/// `timeout_seconds`, or for a run's condition the `timeout_seconds` of the fan-out that
/// starts it. The evaluator here does not return until the test lets it, after the exec
/// ended: the exec did not wait for it.
@Suite struct ConditionDeadlineTests {
    /// Blocks every evaluation until `release()`.
    final class StuckEvaluator: ConditionEvaluator, @unchecked Sendable {
        let gate = DispatchSemaphore(value: 0)
        var isAvailable: Bool { true }
        func evaluate(_ condition: String, in scope: TemplateScope) throws -> Bool {
            gate.wait()
            gate.signal()
            return true
        }
        func release() { gate.signal() }
    }

    @Test func aStepsConditionThatIsNeverDecidedTimesTheStepOut() async throws {
        let dir = TempDir(prefix: "tako-12b-cond-")
        var gated = Plans.step("gated", "touch ran", timeout: 1)
        gated.condition = "inputs.x == 'y'"
        let plan = Plans.plan(root: dir.path, runs: [Plans.run("r", steps: [gated, Plans.step("after", "touch after")])])
        let stuck = StuckEvaluator()
        defer { stuck.release() }
        let outcome = try await execute(plan, in: dir, conditions: stuck)
        #expect(outcome.step("r", "gated")?.status == .timedOut)
        #expect(outcome.step("r", "gated")?.reason == "timed out after 1s before its condition was decided")
        #expect(outcome.step("r", "after")?.status == .skipped)
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
        #expect(outcome.exitCode == 1)
    }

    @Test func aRunsConditionIsBoundByItsFanOutsTimeout() async throws {
        let dir = TempDir(prefix: "tako-12b-cond-")
        var child = Plans.run("child", parent: "root/fan", steps: [Plans.step("s", "touch ran")])
        child.condition = "event.type == 'built'"
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["child"], timeout: 1)]), child,
            ])
        let stuck = StuckEvaluator()
        defer { stuck.release() }
        let outcome = try await execute(plan, in: dir, conditions: stuck)
        #expect(outcome.step("root", "fan")?.status == .timedOut)
        #expect(outcome.run("child")?.status == .cancelled)
        #expect(outcome.run("child")?.reason == "stopped before its condition was decided")
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
    }
}
