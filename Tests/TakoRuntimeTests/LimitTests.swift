import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

/// Concurrency measured from the steps' own timestamps (`date +%s%N` at start and end).
@Suite struct LimitTests {
    static func timedStep(_ log: String, seconds: String = "0.3") -> PlannedStep {
        Plans.step(
            "work", "echo \"$(date +%s%N) + $TAKO_RUN_ID\" >> \(log); sleep \(seconds); echo \"$(date +%s%N) - $TAKO_RUN_ID\" >> \(log)")
    }

    static func fanOutPlan(_ dir: TempDir, children: Int, limit: Int?, seconds: String = "0.3") -> Plan {
        let log = dir.file("times")
        let ids = (1...children).map { "child\($0)" }
        return Plans.plan(
            root: dir.path,
            runs: [Plans.run("root", steps: [Plans.fanOut("fan", children: ids, limit: limit)])]
                + ids.map { Plans.run($0, parent: "root/fan", steps: [timedStep(log, seconds: seconds)]) })
    }

    /// The largest number of steps running at once, from `NANOS +|- RUN` lines.
    static func peak(_ lines: [String]) -> Int {
        let events = lines.compactMap { line -> (Int, Int)? in
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let t = Int(parts[0]) else { return nil }
            return (t, parts[1] == "+" ? 1 : -1)
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var running = 0
        var peak = 0
        for (_, delta) in events {
            running += delta
            peak = max(peak, running)
        }
        return peak
    }

    @Test func concurrencyLimitBoundsAFanOutsChildren() async throws {
        let dir = TempDir()
        let outcome = try await execute(Self.fanOutPlan(dir, children: 6, limit: 2), in: dir, maxParallel: 8)
        #expect(outcome.exitCode == 0)
        let lines = dir.lines("times")
        #expect(lines.count == 12)
        #expect(Self.peak(lines) <= 2)
    }

    @Test func maxParallelBoundsEveryStep() async throws {
        let dir = TempDir()
        let outcome = try await execute(Self.fanOutPlan(dir, children: 6, limit: nil, seconds: "0.6"), in: dir, maxParallel: 3)
        #expect(outcome.exitCode == 0)
        #expect(Self.peak(dir.lines("times")) <= 3)
        #expect(Self.peak(dir.lines("times")) >= 2)
    }

    @Test func childrenReallyOverlapWhenLimitsAllow() async throws {
        let dir = TempDir()
        // Long enough that all four start before the first ends, even on a loaded machine.
        let outcome = try await execute(Self.fanOutPlan(dir, children: 4, limit: nil, seconds: "1.5"), in: dir, maxParallel: 8)
        #expect(outcome.exitCode == 0)
        #expect(Self.peak(dir.lines("times")) == 4)
    }

    @Test func notWaitingForChildrenLetsTheParentGoOnAndTheExecStillWaits() async throws {
        let dir = TempDir()
        let log = dir.file("log")
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run(
                    "root", steps: [Plans.fanOut("fan", children: ["child"], wait: false), Plans.step("after", "echo parent >> \(log)")]),
                Plans.run("child", parent: "root/fan", steps: [Plans.step("slow", "sleep 1; echo child >> \(log)")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(dir.lines("log") == ["parent", "child"])
        #expect(outcome.step("root", "fan")?.status == .succeeded)
    }
}

@Suite struct DetachedChildrenTests {
    @Test func aFailedChildThatWasNotWaitedForStillFailsTheExec() async throws {
        let dir = TempDir()
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["child"], wait: false), Plans.step("after", "touch after")]),
                Plans.run("child", parent: "root/fan", steps: [Plans.step("bad", "sleep 0.2; exit 1")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "after")?.status == .succeeded)
        #expect(outcome.step("root", "fan")?.status == .failed)
        #expect(outcome.run("root")?.status == .failed)
    }
}
