import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

@Suite struct FailureTests {
    @Test func failFastStopsTheSiblingsThatHaveNotFinished() async throws {
        let dir = TempDir()
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["bad", "slow"], failFast: true)]),
                Plans.run("bad", parent: "root/fan", steps: [Plans.step("fail", "sleep 0.2; exit 1")]),
                Plans.run(
                    "slow", parent: "root/fan",
                    steps: [Plans.step("wait", "echo $$ > group; trap '' TERM; sleep 30"), Plans.step("later", "true")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(processGroupEnds(dir.file("group")), "the step that ignores SIGTERM is still running")
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "fan")?.status == .failed)
        #expect(outcome.step("slow", "wait")?.status == .cancelled)
        #expect(outcome.step("slow", "later")?.status == .cancelled)
    }

    @Test func globalFailFastStopsEverything() async throws {
        let dir = TempDir()
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["bad", "slow"])]),
                Plans.run("bad", parent: "root/fan", steps: [Plans.step("fail", "sleep 0.2; exit 1")]),
                Plans.run("slow", parent: "root/fan", steps: [Plans.step("wait", "echo $$ > group; sleep 30")]),
            ])
        let outcome = try await execute(plan, in: dir, failFast: true)
        #expect(processGroupEnds(dir.file("group")), "the sibling's step is still running")
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("slow", "wait")?.status == .cancelled)
    }

    @Test func continueOnErrorGoesOnAndSkipsTheStepsThatReadTheFailedOne() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir,
            steps: [
                Plans.step("flaky", "exit 4", outputs: [PlannedOutput(name: "v", source: .stdout)], continueOnError: true),
                Plans.step("reads", "echo {{ steps.flaky.outputs.v }}"),
                Plans.step("independent", "touch ran"),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("root", "flaky")?.status == .failed)
        #expect(outcome.step("root", "reads")?.status == .skipped)
        #expect(outcome.step("root", "reads")?.reason?.contains("flaky") == true)
        #expect(outcome.step("root", "independent")?.status == .succeeded)
        #expect(FileManager.default.fileExists(atPath: dir.file("ran")))
    }

    @Test func onFailureStepsRunWhenTheStepFails() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir,
            steps: [
                Plans.step("bad", "exit 2", onFailure: [Plans.step("cleanup", "echo $TAKO_STEP_ID > cleaned")]),
                Plans.step("good", "true", onFailure: [Plans.step("never", "touch never")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "bad")?.onFailure.map(\.status) == [.succeeded])
        #expect(dir.read("cleaned") == "bad/on_failure/cleanup\n")
        #expect(!FileManager.default.fileExists(atPath: dir.file("never")))
    }

    @Test func aStepTimeoutKillsTheStepEvenWhenItIgnoresSIGTERM() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(in: dir, steps: [Plans.step("slow", "echo $$ > group; trap '' TERM; sleep 30; touch finished", timeout: 1)])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "slow")?.status == .timedOut)
        #expect(processGroupEnds(dir.file("group")), "the step that ignores SIGTERM is still running")
        #expect(!FileManager.default.fileExists(atPath: dir.file("finished")))
    }

    @Test func aFanOutTimeoutStopsTheWholeSubtree() async throws {
        let dir = TempDir()
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["child"], timeout: 1)]),
                Plans.run("child", parent: "root/fan", steps: [Plans.fanOut("deeper", children: ["grandchild"])]),
                Plans.run("grandchild", parent: "child/deeper", steps: [Plans.step("slow", "echo $$ > group; sleep 30")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(processGroupEnds(dir.file("group")), "the grandchild's step is still running")
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "fan")?.status == .timedOut)
        #expect(outcome.step("grandchild", "slow")?.status == .cancelled)
    }

    @Test func anInterruptStopsStepsAndResumeRunsThemAgain() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(in: dir, steps: [Plans.step("first", "true"), Plans.step("slow", "test -f go || sleep 30")])
        let control = ExecControl()
        let checkpoint = dir.file("plan.json.checkpoint")
        Task {
            for _ in 0..<500 {
                let records = (try? Checkpoint.records(at: checkpoint)) ?? []
                if records.contains(where: { $0.kind == .stepStarted && $0.step == "slow" }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(100))
            control.stop(.interrupted)
        }
        let outcome = try await execute(plan, in: dir, control: control)
        #expect(outcome.exitCode == 130)
        #expect(outcome.step("root", "slow")?.status == .interrupted)
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("an interrupted exec was started over without --resume")
        } catch {
            #expect(error.kind == .checkpointUnfinished)
        }
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let resumed = try await execute(plan, in: dir, resume: true)
        #expect(resumed.exitCode == 0)
        #expect(resumed.step("root", "first")?.fromCheckpoint == true)
        #expect(resumed.step("root", "slow")?.wasInterrupted == true)
        #expect(resumed.step("root", "slow")?.attempt == 2)
    }
}

@Suite struct StoppingTests {
    @Test func aStoppedStepLeavesNoProcessOfItsGroupBehind() async throws {
        let dir = TempDir()
        // The shell exits on SIGTERM at once; its background child ignores SIGTERM.
        let plan = Plans.oneRun(
            in: dir, steps: [Plans.step("slow", "echo $$ > group; (trap '' TERM; sleep 30; touch survived) & sleep 30", timeout: 1)])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.step("root", "slow")?.status == .timedOut)
        #expect(processGroupEnds(dir.file("group")), "the background child that ignores SIGTERM outlived its step")
        #expect(!FileManager.default.fileExists(atPath: dir.file("survived")))
    }

    /// A second Ctrl-C (`killNow`) does not wait for the grace period: with a grace period of
    /// an hour, a step that ignores SIGTERM ends only if it does.
    @Test(.timeLimit(.minutes(1))) func killNowEndsAStepThatIgnoresSIGTERMAtOnce() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, steps: [Plans.step("stubborn", "trap 'touch got-term' TERM; echo $$ > group; while true; do sleep 0.05; done")])
        let control = ExecControl()
        Task {
            while !FileManager.default.fileExists(atPath: dir.file("group")) { try await Task.sleep(for: .milliseconds(20)) }
            control.stop(.interrupted)
            while !FileManager.default.fileExists(atPath: dir.file("got-term")) { try await Task.sleep(for: .milliseconds(20)) }
            control.killNow()
        }
        let outcome = try await execute(plan, in: dir, killGrace: .seconds(3600), control: control)
        #expect(outcome.exitCode == 130)
        #expect(outcome.step("root", "stubborn")?.status == .interrupted)
        #expect(processGroupEnds(dir.file("group")))
    }
}
