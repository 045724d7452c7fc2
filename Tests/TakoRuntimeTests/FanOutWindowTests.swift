import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

/// A fan-out without `concurrency_limit` keeps a bounded window of child runs in progress
/// (`Scheduler.childWindow`), starting the next as one ends: every child still runs once,
/// and with `fail_fast` the ones never started are reported as such.
@Suite struct FanOutWindowTests {
    static func plan(_ dir: TempDir, children count: Int, failing: String? = nil, failFast: Bool = false) -> Plan {
        let children = (1...count).map { "c\($0)" }
        var runs = [Plans.run("root", steps: [Plans.fanOut("fan", children: children, failFast: failFast)])]
        for child in children {
            let command = child == failing ? "exit 1" : "echo $TAKO_RUN_ID >> \(dir.file("ran"))"
            runs.append(Plans.run(child, parent: "root/fan", steps: [Plans.step("s", command)]))
        }
        return Plans.plan(root: dir.path, runs: runs)
    }

    @Test func everyChildOfAWideFanOutRunsOnce() async throws {
        let dir = TempDir(prefix: "tako-12b-window-")
        let count = Scheduler.childWindow * 3 + 5
        let outcome = try await execute(Self.plan(dir, children: count), in: dir, maxParallel: 2)
        #expect(outcome.exitCode == 0)
        #expect(dir.lines("ran").sorted() == (1...count).map { "c\($0)" }.sorted())
        #expect(outcome.runs.filter { $0.status == .succeeded }.count == count + 1)
    }

    /// The window takes the children in critical-path order: the one with the longest
    /// remaining path starts first even when it comes last in the plan, past the window.
    @Test func theWindowTakesTheChildrenInCriticalPathOrder() async throws {
        let dir = TempDir(prefix: "tako-12b-window-")
        let count = Scheduler.childWindow + 8
        let children = (1...count).map { "c\($0)" }
        var runs = [Plans.run("root", steps: [Plans.fanOut("fan", children: children)])]
        for child in children {
            let record = Plans.step("s1", "echo $TAKO_RUN_ID >> \(dir.file("ran"))")
            let more = child == "c\(count)" ? (2...5).map { Plans.step("s\($0)", "true") } : []
            runs.append(Plans.run(child, parent: "root/fan", steps: [record] + more))
        }
        let outcome = try await execute(Plans.plan(root: dir.path, runs: runs), in: dir, maxParallel: 1)
        #expect(outcome.exitCode == 0)
        #expect(dir.lines("ran").first == "c\(count)", "\(dir.lines("ran").prefix(3))")
        #expect(dir.lines("ran").count == count)
    }

    @Test func failFastReportsTheChildrenItNeverStarted() async throws {
        let dir = TempDir(prefix: "tako-12b-window-")
        let count = Scheduler.childWindow * 3
        let outcome = try await execute(Self.plan(dir, children: count, failing: "c1", failFast: true), in: dir, maxParallel: 1)
        #expect(outcome.exitCode == 1)
        #expect(outcome.run("c1")?.status == .failed)
        // Every child has a result; the last ones never got a place in the window.
        #expect(outcome.runs.count == count + 1)
        let last = try #require(outcome.run("c\(count)"))
        #expect(last.status == .cancelled, "\(last)")
        #expect(last.reason == "not started: stopped while waiting for a slot")
        #expect(dir.lines("ran").count < count - 1)
    }
}
