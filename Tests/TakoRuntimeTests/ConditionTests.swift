import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

@testable import TakoRuntime

@Suite struct ConditionTests {
    static func conditional(_ id: String, _ command: String, if condition: String) -> PlannedStep {
        var step = Plans.step(id, command)
        step.condition = condition
        return step
    }

    @Test func aFalseConditionSkipsTheStepAndATrueOneRunsIt() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, inputs: ["mode": .value("fast")],
            steps: [
                Plans.step("probe", "echo 3", outputs: [PlannedOutput(name: "n", source: .stdout)]),
                Self.conditional("yes", "touch yes", if: "int(steps.probe.outputs.n) > 2 && inputs.mode == 'fast'"),
                Self.conditional("no", "touch no", if: "steps.probe.outputs.n == '4'"),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("root", "yes")?.status == .succeeded)
        #expect(outcome.step("root", "no")?.status == .skipped)
        #expect(FileManager.default.fileExists(atPath: dir.file("yes")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("no")))
    }

    @Test func aResumedExecDecidesEveryConditionAsTheFirstDid() async throws {
        let dir = TempDir()
        try "no".write(toFile: dir.file("flag"), atomically: true, encoding: .utf8)
        let plan = Plans.oneRun(
            in: dir,
            steps: [
                Plans.step("read", "cat flag", outputs: [PlannedOutput(name: "v", source: .stdout)]),
                Self.conditional("gated", "echo gated >> log", if: "steps.read.outputs.v == 'no'"),
                Plans.step("flaky", "test -f go"),
            ])
        let first = try await execute(plan, in: dir)
        #expect(first.exitCode == 1)
        #expect(first.step("root", "gated")?.status == .succeeded)
        try "yes".write(toFile: dir.file("flag"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true)
        #expect(second.exitCode == 0)
        #expect(second.step("root", "read")?.outputs["v"] == "no")
        #expect(second.step("root", "gated")?.fromCheckpoint == true)
        #expect(dir.lines("log") == ["gated"])
    }

    @Test func aFanOutItsConditionSkippedStaysSkippedOnResume() async throws {
        let dir = TempDir()
        try "no".write(toFile: dir.file("flag"), atomically: true, encoding: .utf8)
        var fan = Plans.fanOut("fan", children: ["child"])
        fan.condition = "env.FLAG == 'yes'"
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [fan, Plans.step("flaky", "test -f go")]),
                Plans.run("child", parent: "root/fan", steps: [Plans.step("s", "touch child-ran")]),
            ])
        var environment = ProcessInfo.processInfo.environment
        environment["FLAG"] = "no"
        let first = try await execute(plan, in: dir, environment: environment, passEnv: ["FLAG"])
        #expect(first.step("root", "fan")?.status == .skipped)
        #expect(first.run("child")?.status == .skipped)
        environment["FLAG"] = "yes"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true, environment: environment, passEnv: ["FLAG"])
        #expect(second.exitCode == 0)
        #expect(second.step("root", "fan")?.status == .skipped)
        #expect(second.step("root", "fan")?.fromCheckpoint == true)
        #expect(!FileManager.default.fileExists(atPath: dir.file("child-ran")))
    }

    @Test func aConditionThatWasTrueStaysTrueForAStepRunAgain() async throws {
        let dir = TempDir()
        var gated = Plans.step("gated", "echo ran >> log; test -f go")
        gated.condition = "env.FLAG == 'yes'"
        let plan = Plans.oneRun(in: dir, steps: [gated])
        var environment = ProcessInfo.processInfo.environment
        environment["FLAG"] = "yes"
        let first = try await execute(plan, in: dir, environment: environment, passEnv: ["FLAG"])
        #expect(first.step("root", "gated")?.status == .failed)
        environment["FLAG"] = "no"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true, environment: environment, passEnv: ["FLAG"])
        #expect(second.step("root", "gated")?.status == .succeeded)
        #expect(dir.lines("log") == ["ran", "ran"])
    }

    @Test func aConditionThatIsNotABoolFailsTheStep() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(in: dir, steps: [Self.conditional("odd", "true", if: "'text'")])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "odd")?.reason?.contains("not a bool") == true)
    }
}

@Suite struct TypedConditionTests {
    @Test func inputsAreTypedAndTheEventAndItsAliasesAreThere() async throws {
        let dir = TempDir()
        var child = Plans.run(
            "child", parent: "root/fan", inputs: ["dry": .value("false"), "retries": .value("3")],
            steps: [
                ConditionTests.conditional(
                    "go", "touch went",
                    if: "!inputs.dry && inputs.retries > 2.0 && event.type == 'built' "
                        + "&& event_type == 'built' && payload.v == '1' && source == 'acme/app'")
            ])
        child.inputTypes = ["dry": "boolean", "retries": "number"]
        let plan = Plans.plan(
            root: dir.path,
            runs: [
                Plans.run("root", steps: [Plans.fanOut("fan", children: ["child"], payload: ["v": .value("1")])]),
                child,
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("child", "go")?.status == .succeeded)
    }

    @Test func aConditionThatCannotCompileStopsTheExecBeforeAnyStep() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, steps: [Plans.step("first", "touch ran"), ConditionTests.conditional("odd", "true", if: "nosuch.function(1)")])
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("a condition that cannot compile was accepted")
        } catch {
            #expect(error.kind == .condition)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
    }
}

/// Templates the plan carries are read before any step runs.
@Suite struct TemplatePreflightTests {
    @Test(arguments: ["echo {{ inputs.x | nosuchpipe }}", "echo {{ nosuch.function( }}", "echo {{ inputs.x"])
    func aTemplateThatCannotBeReadStopsTheExecBeforeAnyStep(_ command: String) async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, inputs: ["x": .value("1")], steps: [Plans.step("first", "touch ran"), Plans.step("second", command)])
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("a damaged template was accepted")
        } catch {
            #expect(error.kind == .plan)
            #expect(error.message.contains("step 'second' of run 'root'"), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
    }

    @Test func expressionHolesAndPipesRunForReal() async throws {
        let dir = TempDir()
        let plan = Plans.oneRun(
            in: dir, inputs: ["name": .value("it's me")],
            steps: [
                Plans.step("probe", "printf ' 2.5.0 '", outputs: [PlannedOutput(name: "v", source: .stdout)]),
                Plans.step(
                    "use",
                    "printf '%s|%s' {{ inputs.name | shell_quote }} {{ steps.probe.outputs.v.trim().split('.')[0] | shell_quote }} > out"
                ),
            ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(dir.read("out") == "it's me|2")
    }
}

@Suite struct RootConditionTests {
    @Test func aConditionOnARunNoFanOutStartsIsRefusedBeforeAnyStep() async throws {
        let dir = TempDir()
        var root = Plans.run("root", steps: [Plans.step("first", "touch ran")])
        root.condition = "event.payload.v == '1'"
        let plan = Plans.plan(root: dir.path, runs: [root])
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("a root run with a condition was accepted")
        } catch {
            #expect(error.kind == .plan)
            #expect(error.message.contains("no event to decide it with"), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("ran")))
    }
}

@Suite struct RuntimeConditionLibraryTests {
    @Test func semverFunctionsAreAvailableAtRunTime() throws {
        let evaluator = CELConditionEvaluator()
        try evaluator.check("semver.major(event.payload.version) >= 2 && semver.satisfies(event.payload.version, '^2')")
        #expect(CELConditionEvaluator.input("3", type: "number").typeName == "double")
        #expect(CELConditionEvaluator.input("true", type: "boolean").typeName == "bool")
        #expect(CELConditionEvaluator.input("yes", type: "boolean").typeName == "string")
    }
}

/// A child run's condition: its subscription's filters the compiler left for run time.
@Suite struct RunConditionTests {
    /// root fans out `v` (from a step's output) to `two` and `one`; `one` would fan out to `leaf`.
    @Test func aFalseConditionSkipsTheRunAndItsSubtreeAndIsNoFailure() async throws {
        let dir = TempDir()
        let outcome = try await execute(Plans.conditionalFanOut(dir), in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.run("two")?.status == .succeeded)
        #expect(dir.read("two").trimmingCharacters(in: .whitespacesAndNewlines) == "2.3.0")
        #expect(outcome.run("one")?.status == .skipped)
        #expect(outcome.run("one")?.reason == "its condition was false: payload.v.startsWith('1.') (payload.v = \"2.3.0\")")
        #expect(outcome.step("one", "s")?.status == .skipped)
        #expect(outcome.run("leaf")?.status == .skipped)
        #expect(outcome.run("leaf")?.reason == "not started: run one did not start")
        #expect(outcome.step("root", "fan")?.status == .succeeded)
        #expect(outcome.step("root", "after")?.status == .succeeded)
        for file in ["one", "leaf"] { #expect(!FileManager.default.fileExists(atPath: dir.file(file))) }
        let summary = Summary.render(outcome)
        #expect(
            summary.contains("⊘ one  acme/app · wf  (its condition was false: payload.v.startsWith('1.') (payload.v = \"2.3.0\"))"),
            "\(summary)")
        #expect(summary.contains("⊘ s: the run's condition was false"), "\(summary)")
        #expect(summary.contains("⊘ leaf  acme/app · wf  (not started: run one did not start)"), "\(summary)")
        // Each decision is journaled as a condition of the run, with no step.
        let records = try Checkpoint.records(at: dir.file("plan.json.checkpoint")).filter { $0.kind == .condition }
        #expect(Set(records.map { "\($0.run ?? "")=\($0.status ?? "")" }) == ["two=true", "one=false"])
        #expect(records.allSatisfy { $0.step == nil })
    }

    @Test func aConditionThatCannotBeEvaluatedFailsTheRun() async throws {
        let dir = TempDir()
        let outcome = try await execute(Plans.conditionalFanOut(dir, one: "event.payload.missing == 'x'"), in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.run("one")?.status == .failed)
        #expect(
            outcome.run("one")?.reason?.hasPrefix("cannot evaluate its condition: the condition 'event.payload.missing == 'x'' failed: ")
                == true,
            "\(outcome.run("one")?.reason ?? "")")
        #expect(outcome.run("leaf")?.status == .skipped)
        #expect(outcome.step("root", "fan")?.status == .failed)
        #expect(outcome.step("root", "fan")?.reason == "child run failed: one")
        #expect(!FileManager.default.fileExists(atPath: dir.file("leaf")))
    }

    @Test func aResumedExecTakesEachRunsDecisionFromTheJournal() async throws {
        let dir = TempDir()
        var plan = Plans.conditionalFanOut(dir, two: "env.ROLL == 'yes'", one: "env.ROLL != 'yes'")
        plan.runs[0].steps[2] = Plans.step("after", "test -f go")
        plan = PlanFile.seal(plan)
        var environment = ProcessInfo.processInfo.environment
        environment["ROLL"] = "yes"
        let first = try await execute(plan, in: dir, environment: environment, passEnv: ["ROLL"])
        #expect(first.exitCode == 1)
        #expect(first.run("two")?.status == .succeeded)
        #expect(first.run("one")?.status == .skipped)
        // Evaluated again, both would flip; the journal keeps them as they were.
        environment["ROLL"] = "no"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true, environment: environment, passEnv: ["ROLL"])
        #expect(second.exitCode == 0)
        #expect(second.run("two")?.status == .succeeded)
        #expect(second.step("two", "s")?.fromCheckpoint == true)
        #expect(second.run("one")?.status == .skipped)
        #expect(second.run("one")?.reason == "its condition was false (decided by an earlier exec): env.ROLL != 'yes'")
        #expect(second.run("leaf")?.status == .skipped)
        #expect(!FileManager.default.fileExists(atPath: dir.file("one")))
        let decisions = try Checkpoint.records(at: dir.file("plan.json.checkpoint")).filter { $0.kind == .condition }
        #expect(decisions.count == 2, "a resumed exec decides nothing again: \(decisions)")
    }

    @Test func aRunConditionThatCannotCompileStopsTheExecBeforeAnyStep() async throws {
        let dir = TempDir()
        do {
            _ = try await execute(Plans.conditionalFanOut(dir, one: "nosuch.function(1)"), in: dir)
            Issue.record("a run condition that cannot compile was accepted")
        } catch {
            #expect(error.kind == .condition)
            #expect(error.message.hasPrefix("run 'one' (acme/app/tako.yml:1:1): "), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("two")))
    }

    @Test func aBuildWithoutCELRefusesAPlanWithARunCondition() async throws {
        let dir = TempDir()
        do {
            _ = try await execute(Plans.conditionalFanOut(dir), in: dir, conditions: UnavailableConditionEvaluator())
            Issue.record("accepted")
        } catch {
            #expect(
                error.message == "run 'two' (acme/app/tako.yml:1:1) has a condition: conditions need TakoCEL, not available in this build")
        }
    }

    @Test func aDryRunShowsTheConditionUndecidedAndWhatItReads() {
        let dir = TempDir()
        let text = DryRun.render(Plans.conditionalFanOut(dir))
        #expect(
            text.contains(
                "\n  run two: acme/app · wf in \(dir.path)  ← root/fan\n"
                    + "    if event.payload.v.startsWith('2.')  (decided when the run would start, from event.payload.v; false skips it and the runs it starts)\n"
            ),
            "\(text)")
    }
}
