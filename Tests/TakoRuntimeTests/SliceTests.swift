import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

@Suite struct SliceTests {
    @Test func stepsRunInOrderAndPassOutputsOn() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, inputs: ["version-bump": .value("minor")],
            steps: [
                Plans.step("build", "echo '  1.2.0  '", outputs: [PlannedOutput(name: "version", source: .stdout)]),
                Plans.step(
                    "tag",
                    "echo tag={{ steps.build.outputs.version }} >> \"$TAKO_OUTPUTS\"; echo \"$TAKO_INPUT_VERSION_BUMP\" > bump.txt",
                    outputs: [
                        PlannedOutput(name: "tag", source: .outputsFile),
                        PlannedOutput(name: "bump", source: .file, path: "bump.txt"),
                    ]),
                Plans.step(
                    "env", "echo \"$TAKO_RUN_ID $TAKO_STEP_ID $TAKO_REPO $TAKO_WORKFLOW $TAKO_ATTEMPT\"",
                    outputs: [PlannedOutput(name: "line", source: .stdout)]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("root", "build")?.outputs["version"] == "1.2.0")
        #expect(outcome.step("root", "tag")?.outputs == ["tag": "1.2.0", "bump": "minor"])
        #expect(outcome.step("root", "env")?.outputs["line"] == "root env acme/app wf 1")
    }

    /// $TAKO_OUTPUTS exists, empty, before a step that reads outputs from it; for any other
    /// step it is made by the step's first write (and what that step writes there is not an
    /// output); it is gone after every step.
    @Test func theOutputsFileExistsWhenTheStepReadsOutputsFromIt() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir,
            steps: [
                Plans.step(
                    "reads", "test -f \"$TAKO_OUTPUTS\" && test ! -s \"$TAKO_OUTPUTS\" && echo ok=yes >> \"$TAKO_OUTPUTS\"",
                    outputs: [PlannedOutput(name: "ok", source: .outputsFile)]),
                Plans.step(
                    "writes", "test ! -e \"$TAKO_OUTPUTS\" && echo x=1 >> \"$TAKO_OUTPUTS\" && echo \"$TAKO_OUTPUTS\"",
                    outputs: [PlannedOutput(name: "path", source: .stdout)]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("root", "reads")?.outputs == ["ok": "yes"])
        let path = try #require(outcome.step("root", "writes")?.outputs["path"])
        #expect(!path.isEmpty && !FileManager.default.fileExists(atPath: path))
    }

    @Test func stepEnvironmentLayersRunThenStepThenTakoVariables() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, inputs: ["who": .value("you")], env: ["A": .value("run"), "B": .template("run-{{ inputs.who }}")],
            steps: [
                Plans.step("first", "echo 7", outputs: [PlannedOutput(name: "n", source: .stdout)]),
                Plans.step(
                    "show", "echo \"$A $B $C $TAKO_STEP_ID $INHERITED\"", outputs: [PlannedOutput(name: "line", source: .stdout)],
                    env: [
                        "A": .value("step"), "C": .template("n{{ steps.first.outputs.n }}"),
                        "TAKO_STEP_ID": .value("spoofed"),
                    ]),
            ])
        var environment = ProcessInfo.processInfo.environment
        environment["INHERITED"] = "from-tako"
        environment["A"] = "caller"
        let outcome = try await execute(plan, in: dir, environment: environment, passEnv: ["INHERITED", "A"])
        #expect(outcome.step("root", "show")?.outputs["line"] == "step run-you n7 show from-tako")
    }

    @Test func fanOutPassesThePayloadToChildrenAndWaits() async throws {
        let dir = TempDir()
        let log = dir.file("log")
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run(
                    "root",
                    steps: [
                        Plans.step("build", "echo 2.0.0", outputs: [PlannedOutput(name: "version", source: .stdout)]),
                        Plans.fanOut(
                            "notify", children: ["a", "b"], payload: ["version": .template("v{{ steps.build.outputs.version }}")]),
                        Plans.step("after", "echo after >> \(log)"),
                    ]),
                Plans.run(
                    "a", parent: "root/notify", inputs: ["version": .template("{{ event.payload.version }}")],
                    steps: [Plans.step("use", "sleep 0.2; echo a-$TAKO_INPUT_VERSION >> \(log)")]),
                Plans.run(
                    "b", parent: "root/notify", inputs: ["version": .template("{{ event.payload.version }}")],
                    steps: [Plans.step("use", "sleep 0.2; echo b-{{ inputs.version }} >> \(log)")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        let lines = dir.lines("log")
        #expect(Set(lines.prefix(2)) == ["a-v2.0.0", "b-v2.0.0"])
        #expect(lines.last == "after")
    }

    @Test func aFailedStepFailsTheExecAndSkipsTheRest() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir,
            steps: [
                Plans.step("bad", "echo oops >&2; exit 3"),
                Plans.step("never", "touch never"),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "bad")?.status == .failed)
        #expect(outcome.step("root", "bad")?.exitCode == 3)
        #expect(outcome.step("root", "bad")?.tail == ["oops"])
        #expect(outcome.step("root", "never")?.status == .skipped)
        #expect(!FileManager.default.fileExists(atPath: dir.file("never")))
        #expect(Summary.render(outcome).contains("⊘ never"))
    }

    @Test func aFailedChildFailsTheFanOutAndTheParent() async throws {
        let dir = TempDir()
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("notify", children: ["a", "b"]), Plans.step("after", "true")]),
                Plans.run("a", parent: "root/notify", steps: [Plans.step("ok", "true")]),
                Plans.run("b", parent: "root/notify", steps: [Plans.step("bad", "exit 1")]),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "notify")?.status == .failed)
        #expect(outcome.step("root", "after")?.status == .skipped)
        #expect(outcome.run("a")?.status == .succeeded)
    }

    @Test func conditionsAreRefusedWithoutTakoCEL() async throws {
        let dir = TempDir()
        var step = Plans.step("maybe", "true")
        step.condition = "inputs.x == 'y'"
        let plan = Plans.oneRun(in: dir, steps: [step])
        do {
            _ = try await execute(plan, in: dir, conditions: UnavailableConditionEvaluator())
            Issue.record("a condition was ignored")
        } catch {
            #expect("\(error)".contains("conditions need TakoCEL, not available in this build"))
        }
    }
}
