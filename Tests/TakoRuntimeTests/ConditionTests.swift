import Foundation
import Testing
import TakoPlanFormat
@testable import TakoRuntime

@Suite struct ConditionTests {
    static func conditional(_ id: String, _ command: String, if condition: String) -> PlannedStep {
        var step = Plans.step(id, command)
        step.condition = condition
        return step
    }

    @Test func aFalseConditionSkipsTheStepAndATrueOneRunsIt() async throws {
        let dir = TempDir()
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", inputs: ["mode": .value("fast")], steps: [
                Plans.step("probe", "echo 3", outputs: [PlannedOutput(name: "n", source: .stdout)]),
                Self.conditional("yes", "touch yes", if: "int(steps.probe.outputs.n) > 2 && inputs.mode == 'fast'"),
                Self.conditional("no", "touch no", if: "steps.probe.outputs.n == '4'"),
            ]),
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
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [
                Plans.step("read", "cat flag", outputs: [PlannedOutput(name: "v", source: .stdout)]),
                Self.conditional("gated", "echo gated >> log", if: "steps.read.outputs.v == 'no'"),
                Plans.step("flaky", "test -f go"),
            ]),
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
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [fan, Plans.step("flaky", "test -f go")]),
            Plans.run("child", parent: "root/fan", steps: [Plans.step("s", "touch child-ran")]),
        ])
        var environment = ProcessInfo.processInfo.environment
        environment["FLAG"] = "no"
        let first = try await execute(plan, in: dir, environment: environment)
        #expect(first.step("root", "fan")?.status == .skipped)
        #expect(first.run("child")?.status == .skipped)
        environment["FLAG"] = "yes"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true, environment: environment)
        #expect(second.exitCode == 0)
        #expect(second.step("root", "fan")?.status == .skipped)
        #expect(second.step("root", "fan")?.fromCheckpoint == true)
        #expect(!FileManager.default.fileExists(atPath: dir.file("child-ran")))
    }

    @Test func aConditionThatWasTrueStaysTrueForAStepRunAgain() async throws {
        let dir = TempDir()
        var gated = Plans.step("gated", "echo ran >> log; test -f go")
        gated.condition = "env.FLAG == 'yes'"
        let plan = Plans.plan(root: dir.path, runs: [Plans.run("root", steps: [gated])])
        var environment = ProcessInfo.processInfo.environment
        environment["FLAG"] = "yes"
        let first = try await execute(plan, in: dir, environment: environment)
        #expect(first.step("root", "gated")?.status == .failed)
        environment["FLAG"] = "no"
        _ = FileManager.default.createFile(atPath: dir.file("go"), contents: nil)
        let second = try await execute(plan, in: dir, resume: true, environment: environment)
        #expect(second.step("root", "gated")?.status == .succeeded)
        #expect(dir.lines("log") == ["ran", "ran"])
    }

    @Test func aConditionThatIsNotABoolFailsTheStep() async throws {
        let dir = TempDir()
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Self.conditional("odd", "true", if: "'text'")]),
        ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 1)
        #expect(outcome.step("root", "odd")?.reason?.contains("not a bool") == true)
    }
}

@Suite struct TypedConditionTests {
    @Test func inputsAreTypedAndTheEventAndItsAliasesAreThere() async throws {
        let dir = TempDir()
        var child = Plans.run("child", parent: "root/fan", inputs: ["dry": .value("false"), "retries": .value("3")],
                              steps: [ConditionTests.conditional("go", "touch went",
                                                                 if: "!inputs.dry && inputs.retries > 2.0 && event.type == 'built' "
                                                                    + "&& event_type == 'built' && payload.v == '1' && source == 'acme/app'")])
        child.inputTypes = ["dry": "boolean", "retries": "number"]
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Plans.fanOut("fan", children: ["child"], payload: ["v": .value("1")])]),
            child,
        ])
        let outcome = try await execute(plan, in: dir)
        #expect(outcome.exitCode == 0)
        #expect(outcome.step("child", "go")?.status == .succeeded)
    }

    @Test func aConditionThatCannotCompileStopsTheExecBeforeAnyStep() async throws {
        let dir = TempDir()
        let plan = Plans.plan(root: dir.path, runs: [
            Plans.run("root", steps: [Plans.step("first", "touch ran"), ConditionTests.conditional("odd", "true", if: "nosuch.function(1)")]),
        ])
        do {
            _ = try await execute(plan, in: dir)
            Issue.record("a condition that cannot compile was accepted")
        } catch {
            #expect(error.kind == .condition)
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
