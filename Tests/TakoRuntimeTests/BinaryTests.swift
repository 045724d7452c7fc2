import Foundation
import Testing
import TakoPlanFormat
@testable import TakoRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The real `tako` binary: exit codes, signals, a second exec, secrets, dry run.
@Suite(.serialized, .enabled(if: TakoBinary.path != nil, "the tako binary is not built"))
struct BinaryTests {
    static func slowPlan(_ dir: TempDir) -> String {
        Plans.write(Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Plans.step("first", "true"), Plans.step("slow", "test -f go || sleep 30")]),
        ]), in: dir)
    }

    static func started(_ dir: TempDir, _ step: String) -> Bool {
        let records = (try? Checkpoint.records(at: dir.file("plan.json.checkpoint"))) ?? []
        return records.contains { $0.kind == .stepStarted && $0.step == step }
    }

    @Test func sigintStopsTheStepsExits130AndResumeFinishes() throws {
        let dir = TempDir()
        let plan = Self.slowPlan(dir)
        let process = try TakoBinary.start(["exec", plan, "--workspace", dir.file("ws")], in: dir)
        #expect(TakoBinary.poll { Self.started(dir, "slow") })
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let first = TakoBinary.wait(process, in: dir)
        #expect(first.status == 130)
        #expect(Date().timeIntervalSince(sent) < 15)
        #expect(first.stdout.contains("⊘ slow"))
        #expect(first.stderr.contains("tako: interrupted: stopping the running steps"))
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try TakoBinary.run(["exec", plan, "--workspace", dir.file("ws"), "--resume"], in: dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("interrupted earlier"))
        #expect(second.stdout.contains("from checkpoint"))
    }

    @Test func aSecondExecOnOneCheckpointRefusesWithExit2() throws {
        let dir = TempDir()
        let plan = Self.slowPlan(dir)
        let process = try TakoBinary.start(["exec", plan, "--workspace", dir.file("ws")], in: dir)
        #expect(TakoBinary.poll { Self.started(dir, "slow") })
        let second = try TakoBinary.run(["exec", plan, "--workspace", dir.file("ws"), "--resume"], in: dir, tag: "second")
        #expect(second.status == 2)
        #expect(second.stderr.contains("in use by another tako exec"))
        kill(process.processIdentifier, SIGTERM)
        #expect(TakoBinary.wait(process, in: dir).status == 130)
    }

    @Test func exitCodesOfContract() throws {
        let dir = TempDir()
        let ok = Plans.write(Plans.plan(root: dir.path, runs: [Plans.run("root", steps: [Plans.step("a", "true")])]), in: dir, name: "ok.json")
        let bad = Plans.write(Plans.plan(root: dir.path, runs: [Plans.run("root", steps: [Plans.step("a", "exit 9")])]), in: dir, name: "bad.json")
        #expect(try TakoBinary.run(["exec", ok, "--workspace", dir.file("ws")], in: dir).status == 0)
        let failed = try TakoBinary.run(["exec", bad, "--workspace", dir.file("ws")], in: dir)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("✗ a"))
        #expect(try TakoBinary.run(["exec", dir.file("missing.json")], in: dir).status == 2)
        #expect(try TakoBinary.run(["exec", ok, "--max-parallel", "0"], in: dir).status == 2)
        try Data("{\"format_version\": \"9.0\"}".utf8).write(to: URL(fileURLWithPath: dir.file("future.json")))
        let future = try TakoBinary.run(["exec", dir.file("future.json")], in: dir)
        #expect(future.status == 2)
        #expect(future.stderr.contains("9.0"))
        #expect(try TakoBinary.run(["--version"], in: dir).stdout.contains(".")) 
    }

    @Test func secretsAreAbsentFromEveryFile() throws {
        let dir = TempDir()
        let secret = "s3cr3t-\(UUID().uuidString)"
        let plan = Plans.write(Plans.plan(root: dir.path, runs: [
            Plans.run("root", secrets: ["TAKO_TEST_TOKEN"], steps: [
                Plans.step("show", "echo token=$TAKO_TEST_TOKEN", outputs: [PlannedOutput(name: "line", source: .stdout)]),
                Plans.step("write", "echo \"v=$TAKO_TEST_TOKEN\" >> \"$TAKO_OUTPUTS\"", outputs: [PlannedOutput(name: "v", source: .outputsFile)]),
                Plans.step("leak", "echo \"leaking $TAKO_TEST_TOKEN\" >&2; exit 1"),
            ]),
        ]), in: dir)
        var environment = ProcessInfo.processInfo.environment
        environment["TAKO_TEST_TOKEN"] = secret
        let result = try TakoBinary.run(["exec", plan, "--workspace", dir.file("ws"), "--report", dir.file("report.json")],
                                        in: dir, environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("leaking ***"))
        let report = dir.read("report.json")
        #expect(report.contains("token=***"))
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: dir.path)
        while let name = enumerator?.nextObject() as? String { files.append(name) }
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
        var plan = RunConditionTests.plan(dir, two: "env.TAKO_TEST_ROLL == 'yes'", one: "env.TAKO_TEST_ROLL != 'yes'")
        plan.runs[0].steps[2] = Plans.step("after", "test -f go")
        let path = Plans.write(PlanFile.seal(plan), in: dir)
        var environment = ProcessInfo.processInfo.environment
        environment["TAKO_TEST_ROLL"] = "yes"
        let first = try TakoBinary.run(["exec", path, "--workspace", dir.file("ws")], in: dir, environment: environment)
        #expect(first.status == 1, "\(first.stdout)")
        #expect(first.stdout.contains("⊘ one  acme/app · wf  (its condition was false: env.TAKO_TEST_ROLL != 'yes' (env.TAKO_TEST_ROLL = \"yes\"))"), "\(first.stdout)")
        environment["TAKO_TEST_ROLL"] = "no"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try TakoBinary.run(["exec", path, "--workspace", dir.file("ws"), "--resume"], in: dir, environment: environment, tag: "second")
        #expect(second.status == 0, "\(second.stdout)")
        #expect(second.stdout.contains("⊘ one  acme/app · wf  (its condition was false (decided by an earlier exec): env.TAKO_TEST_ROLL != 'yes')"),
                "\(second.stdout)")
        #expect(second.stdout.contains("⊘ leaf  acme/app · wf  (not started: run one did not start)"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("one")))
        #expect(dir.read("two").trimmingCharacters(in: .whitespacesAndNewlines) == "2.3.0")
    }

    @Test func dryRunPrintsWhatWouldRunAndRunsNothing() throws {
        let dir = TempDir()
        let plan = Plans.write(Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Plans.step("make", "touch made"), Plans.fanOut("fan", children: ["child"])]),
            Plans.run("child", parent: "root/fan", steps: [Plans.step("use", "echo {{ event.payload.v }}")]),
        ]), in: dir)
        let result = try TakoBinary.run(["exec", plan, "--dry-run"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains("make: touch made"))
        #expect(result.stdout.contains("use: echo {{ event.payload.v }}"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("made")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("plan.json.checkpoint")))
    }
}

@Suite(.serialized, .enabled(if: TakoBinary.path != nil, "the tako binary is not built"))
struct SecondSignalTests {
    @Test func aSecondSIGINTKillsTheStepsWithoutTheGracePeriod() throws {
        let dir = TempDir()
        let plan = Plans.write(Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Plans.step("stubborn", "trap '' TERM INT; sleep 30")]),
        ]), in: dir)
        let process = try TakoBinary.start(["exec", plan, "--workspace", dir.file("ws")], in: dir)
        #expect(TakoBinary.poll { BinaryTests.started(dir, "stubborn") })
        usleep(200_000)
        kill(process.processIdentifier, SIGINT)
        usleep(500_000)
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let finished = TakoBinary.wait(process, in: dir)
        #expect(finished.status == 130)
        // The grace period is 5 s; the second Ctrl-C does not wait for it.
        #expect(Date().timeIntervalSince(sent) < 4)
        #expect(finished.stderr.contains("press Ctrl-C again"))
    }
}
