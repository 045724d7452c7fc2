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
        return plan(repositories: [repository] + extraRepositories, runs: runs, maxDepth: 10)
    }

    /// A sealed plan whose root is workflow `wf` of the first repository.
    public static func plan(repositories: [PlannedRepository], runs: [PlannedRun], maxDepth: Int) -> Plan {
        PlanFile.seal(
            Plan(
                root: PlanRoot(repo: repositories[0].name, workflow: "wf", inputs: [:]),
                repositories: repositories, runs: runs, edges: [],
                limits: PlanLimits(maxDepth: maxDepth)))
    }

    /// A plan of one run, `root`, with these steps, in the folder `dir`.
    public static func oneRun(
        in dir: TempDir, inputs: [String: PlannedValue] = [:], env: [String: PlannedValue] = [:], secrets: [String] = [],
        steps: [PlannedStep]
    ) -> Plan {
        plan(root: dir.path, runs: [run("root", inputs: inputs, env: env, secrets: secrets, steps: steps)])
    }

    /// That plan written into `dir` (as `name`); returns its path.
    public static func writeOneRun(
        in dir: TempDir, secrets: [String] = [], name: String = "plan.json", steps: [PlannedStep]
    ) -> String {
        write(oneRun(in: dir, secrets: secrets, steps: steps), in: dir, name: name)
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

/// The report `tako exec --report` wrote, read as JSON (empty where it is not a JSON object).
public struct ExecReport {
    public let json: [String: Any]

    public init(at path: String) throws {
        json = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]) ?? [:]
    }

    public var runs: [[String: Any]] { json["runs"] as? [[String: Any]] ?? [] }

    public func run(_ id: String) -> [String: Any]? { runs.first { $0["id"] as? String == id } }

    public func step(_ run: String, _ step: String) -> [String: Any]? {
        (self.run(run)?["steps"] as? [[String: Any]])?.first { $0["id"] as? String == step }
    }
}
