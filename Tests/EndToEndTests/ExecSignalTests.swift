import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The real `tako` binary: exit codes, signals, a second exec, secrets, dry run.
@Suite struct ExecBinaryTests {
    static func slowPlan(_ dir: TempDir) -> String {
        Plans.writeOneRun(in: dir, steps: [Plans.step("first", "true"), Plans.step("slow", "test -f go || sleep 30")])
    }

    static func started(_ dir: TempDir, _ step: String) -> Bool {
        let records = (try? Checkpoint.records(at: dir.file("plan.json.checkpoint"))) ?? []
        return records.contains { $0.kind == .stepStarted && $0.step == step }
    }

    /// Waits until `condition` holds, checking every 20 ms for at most `seconds`.
    static func poll(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 50) {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func sigintStopsTheStepsExits130AndResumeFinishes() throws {
        let dir = TempDir()
        let plan = Self.slowPlan(dir)
        let process = try Binaries.start("tako", ["exec", plan, "--workspace", dir.file("ws")], cwd: dir.url)
        #expect(Self.poll { Self.started(dir, "slow") })
        process.send(SIGINT)
        let first = process.wait()
        #expect(first.status == 130)
        #expect(first.stdout.contains("⊘ slow"))
        #expect(first.stderr.contains("tako: interrupted: stopping the running steps"))
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--resume"], in: dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("interrupted earlier"))
        #expect(second.stdout.contains("from checkpoint"))
    }

    @Test func aSecondExecOnOneCheckpointRefusesWithExit2() throws {
        let dir = TempDir()
        let plan = Self.slowPlan(dir)
        let process = try Binaries.start("tako", ["exec", plan, "--workspace", dir.file("ws")], cwd: dir.url)
        #expect(Self.poll { Self.started(dir, "slow") })
        let second = try Binaries.tako(["exec", plan, "--workspace", dir.file("ws"), "--resume"], in: dir)
        #expect(second.status == 2)
        #expect(second.stderr.contains("in use by another tako exec"))
        process.send(SIGTERM)
        #expect(process.wait().status == 130)
    }

    @Test func exitCodesOfContract() throws {
        let dir = TempDir()
        let ok = Plans.writeOneRun(in: dir, name: "ok.json", steps: [Plans.step("a", "true")])
        let bad = Plans.writeOneRun(in: dir, name: "bad.json", steps: [Plans.step("a", "exit 9")])
        #expect(try Binaries.tako(["exec", ok, "--workspace", dir.file("ws")], in: dir).status == 0)
        let failed = try Binaries.tako(["exec", bad, "--workspace", dir.file("ws")], in: dir)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("✗ a"))
        #expect(try Binaries.tako(["exec", dir.file("missing.json")], in: dir).status == 2)
        #expect(try Binaries.tako(["exec", ok, "--max-parallel", "0"], in: dir).status == 2)
        try Data("{\"format_version\": \"9.0\"}".utf8).write(to: URL(fileURLWithPath: dir.file("future.json")))
        let future = try Binaries.tako(["exec", dir.file("future.json")], in: dir)
        #expect(future.status == 2)
        #expect(future.stderr.contains("9.0"))
        #expect(try Binaries.tako(["--version"], in: dir).stdout.contains("."))
    }

    @Test func secretsAreAbsentFromEveryFile() throws {
        let dir = TempDir()
        let secret = "s3cr3t-\(UUID().uuidString)"
        let plan = Plans.writeOneRun(
            in: dir, secrets: ["TAKO_TEST_TOKEN"],
            steps: [
                Plans.step("show", "echo token=$TAKO_TEST_TOKEN", outputs: [PlannedOutput(name: "line", source: .stdout)]),
                Plans.step(
                    "write", "echo \"v=$TAKO_TEST_TOKEN\" >> \"$TAKO_OUTPUTS\"",
                    outputs: [PlannedOutput(name: "v", source: .outputsFile)]),
                Plans.step("leak", "echo \"leaking $TAKO_TEST_TOKEN\" >&2; exit 1"),
            ])
        let environment: [String: String?] = ["TAKO_TEST_TOKEN": secret]
        let result = try Binaries.tako(
            ["exec", plan, "--workspace", dir.file("ws"), "--report", dir.file("report.json")],
            in: dir, environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("leaking ***"))
        let report = dir.read("report.json")
        #expect(report.contains("token=***"))
        let files = dir.everyPath()
        #expect(files.contains("plan.json.checkpoint"))
        for name in files {
            let text = dir.read(name)
            #expect(!text.contains(secret), "the secret is in \(name)")
        }
    }

    /// The real binary, resumed with an environment in which both run conditions would now
    /// flip: the journal decides, not a new evaluation.
    @Test func aResumedExecKeepsEveryRunConditionAsDecided() throws {
        let dir = TempDir()
        var plan = Plans.conditionalFanOut(dir, two: "env.TAKO_TEST_ROLL == 'yes'", one: "env.TAKO_TEST_ROLL != 'yes'")
        plan.runs[0].steps[2] = Plans.step("after", "test -f go")
        let path = Plans.write(PlanFile.seal(plan), in: dir)
        var environment: [String: String?] = ["TAKO_TEST_ROLL": "yes"]
        let first = try Binaries.tako(
            ["exec", path, "--workspace", dir.file("ws"), "--pass-env", "TAKO_TEST_ROLL"], in: dir, environment: environment)
        #expect(first.status == 1, "\(first.stdout)")
        #expect(
            first.stdout.contains(
                "⊘ one  acme/app · wf  (its condition was false: env.TAKO_TEST_ROLL != 'yes' (env.TAKO_TEST_ROLL = \"yes\"))"),
            "\(first.stdout)")
        environment["TAKO_TEST_ROLL"] = "no"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try Binaries.tako(
            ["exec", path, "--workspace", dir.file("ws"), "--resume"], in: dir,
            environment: environment.merging(["TAKO_PASS_ENV": "TAKO_TEST_ROLL"]) { $1 })
        #expect(second.status == 0, "\(second.stdout)")
        #expect(
            second.stdout.contains(
                "⊘ one  acme/app · wf  (its condition was false (decided by an earlier exec): env.TAKO_TEST_ROLL != 'yes')"),
            "\(second.stdout)")
        #expect(second.stdout.contains("⊘ leaf  acme/app · wf  (not started: run one did not start)"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("one")))
        #expect(dir.read("two").trimmingCharacters(in: .whitespacesAndNewlines) == "2.3.0")
    }

    @Test func dryRunPrintsWhatWouldRunAndRunsNothing() throws {
        let dir = TempDir()
        let plan = Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run("root", steps: [Plans.step("make", "touch made"), Plans.fanOut("fan", children: ["child"])]),
                    Plans.run("child", parent: "root/fan", steps: [Plans.step("use", "echo {{ event.payload.v }}")]),
                ]), in: dir)
        let result = try Binaries.tako(["exec", plan, "--dry-run"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains("make: touch made"))
        #expect(result.stdout.contains("use: echo {{ event.payload.v }}"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("made")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("plan.json.checkpoint")))
    }
}

/// The second Ctrl-C reaches the runtime's `killNow` (tested in-process, where a grace period
/// of an hour makes a broken `killNow` hang); here: the notice, and exit 130.
@Suite struct SecondSignalTests {
    @Test func aSecondSIGINTKillsTheStepsWithoutTheGracePeriod() throws {
        let dir = TempDir()
        let plan = Plans.writeOneRun(
            in: dir,
            steps: [Plans.step("stubborn", "trap 'touch got-term' TERM; trap '' INT; touch ready; while true; do sleep 0.05; done")])
        let process = try Binaries.start("tako", ["exec", plan, "--workspace", dir.file("ws")], cwd: dir.url)
        // Its traps are set before the first signal.
        #expect(ExecBinaryTests.poll { FileManager.default.fileExists(atPath: dir.file("ready")) })
        process.send(SIGINT)
        // The step has seen the first stop (SIGTERM, which it ignores) before the second Ctrl-C.
        #expect(ExecBinaryTests.poll { FileManager.default.fileExists(atPath: dir.file("got-term")) })
        process.send(SIGINT)
        let finished = process.wait()
        #expect(finished.status == 130)
        #expect(finished.stderr.contains("press Ctrl-C again"))
        #expect(finished.stdout.contains("stubborn"))
    }
}
