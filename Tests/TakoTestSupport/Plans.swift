import Foundation
import TakoPlanFormat

/// Plans built by hand: every run in one `source: root` repository (a temp folder), so no git.
public enum Plans {
    public static let repo = "acme/app"

    public static func step(
        _ id: String, _ command: String, outputs: [PlannedOutput] = [], env: [String: PlannedValue] = [:],
        timeout: Int? = nil, continueOnError: Bool = false, onFailure: [PlannedStep] = []
    ) -> PlannedStep {
        let value: PlannedValue = command.contains("{{") ? .template(command) : .value(command)
        return PlannedStep(
            id: id, provenance: "acme/app/tako.yml:1:1", run: value, env: env, outputs: outputs,
            timeoutSeconds: timeout, continueOnError: continueOnError, onFailure: onFailure)
    }

    public static func fanOut(
        _ id: String, children: [String], payload: [String: PlannedValue] = [:], wait: Bool = true,
        limit: Int? = nil, failFast: Bool = false, timeout: Int? = nil
    ) -> PlannedStep {
        PlannedStep(
            id: id, provenance: "acme/app/tako.yml:2:1",
            fanOut: PlannedFanOut(
                event: PlannedEvent(
                    type: "built", schemaVersion: "1.0.0", artifact: "acme/app:default",
                    payload: payload),
                children: children, waitForChildren: wait, concurrencyLimit: limit,
                failFast: failFast, timeoutSeconds: timeout))
    }

    public static func run(
        _ id: String, parent: String? = nil, inputs: [String: PlannedValue] = [:], env: [String: PlannedValue] = [:],
        secrets: [String] = [], repo: String = repo, steps: [PlannedStep]
    ) -> PlannedRun {
        PlannedRun(
            id: id, repo: repo, workflow: "wf", parent: parent, trigger: nil, inputs: inputs, env: env, secrets: secrets,
            provenance: "acme/app/tako.yml:1:1", steps: steps)
    }

    public static func plan(root: String, runs: [PlannedRun], extraRepositories: [PlannedRepository] = []) -> Plan {
        let repository = PlannedRepository(name: repo, source: .root, path: root, branch: nil, commit: nil, files: [])
        return PlanFile.seal(
            Plan(
                root: PlanRoot(repo: repo, workflow: "wf", inputs: [:]),
                repositories: [repository] + extraRepositories, runs: runs, edges: [],
                limits: PlanLimits(maxDepth: 10)))
    }

    /// Writes the plan into `dir` and returns its path.
    public static func write(_ plan: Plan, in dir: TempDir, name: String = "plan.json") -> String {
        let path = dir.file(name)
        try! PlanFile.encode(plan).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A root that builds "2.3.0" and fans out to run `two` and run `one` (which fans out to
    /// `leaf`), each under a run condition, then a step `after`.
    public static func conditionalFanOut(
        _ dir: TempDir, two: String = "event.payload.v.startsWith('2.')", one: String = "payload.v.startsWith('1.')"
    ) -> Plan {
        var runTwo = Plans.run("two", parent: "root/fan", steps: [Plans.step("s", "echo {{ event.payload.v }} > two")])
        runTwo.condition = two
        var runOne = Plans.run(
            "one", parent: "root/fan",
            steps: [
                Plans.step("s", "touch one"), Plans.fanOut("more", children: ["leaf"]),
            ])
        runOne.condition = one
        return Plans.plan(
            root: dir.path,
            runs: [
                Plans.run(
                    "root",
                    steps: [
                        Plans.step("build", "echo 2.3.0", outputs: [PlannedOutput(name: "v", source: .stdout)]),
                        Plans.fanOut("fan", children: ["two", "one"], payload: ["v": .template("{{ steps.build.outputs.v }}")]),
                        Plans.step("after", "touch after"),
                    ]),
                runTwo, runOne,
                Plans.run("leaf", parent: "one/more", steps: [Plans.step("s", "touch leaf")]),
            ])
    }
}
