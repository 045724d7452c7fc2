import Foundation
import TakoPlanFormat
@testable import TakoRuntime

/// A temporary folder removed when the test ends.
final class TempDir: @unchecked Sendable {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path + "/tako-runtime-tests-" + UUID().uuidString.prefix(8)
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    func lines(_ name: String) -> [String] {
        read(name).split(separator: "\n").map(String.init)
    }
}

/// Plans built by hand: every run in one `source: root` repository (a temp folder), so no git.
enum Plans {
    static let repo = "acme/app"

    static func step(_ id: String, _ command: String, outputs: [PlannedOutput] = [], env: [String: PlannedValue] = [:],
                     timeout: Int? = nil, continueOnError: Bool = false, onFailure: [PlannedStep] = []) -> PlannedStep {
        let value: PlannedValue = command.contains("{{") ? .template(command) : .value(command)
        return PlannedStep(id: id, provenance: "acme/app/tako.yml:1:1", run: value, env: env, outputs: outputs,
                           timeoutSeconds: timeout, continueOnError: continueOnError, onFailure: onFailure)
    }

    static func fanOut(_ id: String, children: [String], payload: [String: PlannedValue] = [:], wait: Bool = true,
                       limit: Int? = nil, failFast: Bool = false, timeout: Int? = nil) -> PlannedStep {
        PlannedStep(id: id, provenance: "acme/app/tako.yml:2:1",
                    fanOut: PlannedFanOut(event: PlannedEvent(type: "built", schemaVersion: "1.0.0", artifact: "acme/app:default",
                                                              payload: payload),
                                          children: children, waitForChildren: wait, concurrencyLimit: limit,
                                          failFast: failFast, timeoutSeconds: timeout))
    }

    static func run(_ id: String, parent: String? = nil, inputs: [String: PlannedValue] = [:], env: [String: PlannedValue] = [:],
                    secrets: [String] = [], repo: String = repo, steps: [PlannedStep]) -> PlannedRun {
        PlannedRun(id: id, repo: repo, workflow: "wf", parent: parent, trigger: nil, inputs: inputs, env: env, secrets: secrets,
                   provenance: "acme/app/tako.yml:1:1", steps: steps)
    }

    static func plan(root: String, runs: [PlannedRun], extraRepositories: [PlannedRepository] = []) -> Plan {
        let repository = PlannedRepository(name: repo, source: .root, path: root, branch: nil, commit: nil, files: [])
        return PlanFile.seal(Plan(root: PlanRoot(repo: repo, workflow: "wf", inputs: [:]),
                                  repositories: [repository] + extraRepositories, runs: runs, edges: [],
                                  limits: PlanLimits(maxDepth: 10)))
    }

    /// Writes the plan into `dir` and returns its path.
    static func write(_ plan: Plan, in dir: TempDir, name: String = "plan.json") -> String {
        let path = dir.file(name)
        try! PlanFile.encode(plan).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs a plan in-process with a checkpoint and workspace inside `dir`.
func execute(_ plan: Plan, in dir: TempDir, maxParallel: Int = 4, resume: Bool = false, failFast: Bool = false,
             environment: [String: String] = ProcessInfo.processInfo.environment,
             conditions: any ConditionEvaluator = CELConditionEvaluator(),
             control: ExecControl = ExecControl()) async throws(ExecError) -> ExecOutcome {
    let options = ExecOptions(planPath: dir.file("plan.json"), workspace: dir.file("ws"), maxParallel: maxParallel,
                              resume: resume, failFast: failFast, killGrace: .milliseconds(500), environment: environment)
    let executor = Executor(plan: plan, options: options, conditions: conditions)
    // Other tests of this process start processes all the time; a child that has been
    // forked but has not exec'd yet still shares the previous exec's checkpoint descriptor,
    // and with it the flock, for a few milliseconds. One tako process has no such race.
    for _ in 0..<40 {
        do {
            return try await executor.execute(control: control)
        } catch where error.kind == .checkpointInUse {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
    return try await executor.execute(control: control)
}

extension ExecOutcome {
    func run(_ id: String) -> RunResult? { runs.first { $0.id == id } }
    func step(_ run: String, _ step: String) -> StepResult? { self.run(run)?.steps.first { $0.id == step } }
}
