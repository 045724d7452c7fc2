import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// `tako export argo` and `tako step` as a user runs them: the examples planned from real
/// clones, exported, compared with their golden manifests, validated against Argo's own JSON
/// Schema (strictly: a key the schema does not list is an error), and run pod by pod the way
/// Argo's controller would (scripts/simulate-argo.py) to compare with `tako exec`.
@Suite struct ArgoExportTests {
    static let examples = ["api-evolution", "release-train", "rollout"]

    /// Argo's schema in the shared data, or nil (and the validation is skipped) when absent.
    static var schema: String? {
        let path =
            ProcessInfo.processInfo.environment["TAKO_ARGO_SCHEMA"]
            ?? Binaries.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/argo/workflows.schema.json").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static var pythonReady: Bool {
        (try? ProcessRunner.runBlocking("/usr/bin/env", ["python3", "-c", "import jsonschema, yaml"]))?.status == 0
    }

    /// Validates the manifests; records the problems the validator names.
    static func validate(_ manifests: [String]) async throws {
        guard let schema else {
            print("skipped: Argo's schema is not at ../shared/argo/workflows.schema.json (or $TAKO_ARGO_SCHEMA)")
            return
        }
        guard pythonReady else {
            print("skipped: python3 with jsonschema and yaml is not installed (make deps installs them)")
            return
        }
        let script = Binaries.packageRoot.appendingPathComponent("scripts/validate-argo.py").path
        let r = try await Binaries.runAsync("/usr/bin/env", ["python3", script, schema] + manifests, timeout: 600)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// The example planned from a fresh cache: (scratch folder, plan path).
    static func planned(_ example: String) async throws -> (URL, String) {
        let work = try Binaries.scratch()
        try await Binaries.makeCache(example: example, in: work)
        let dir = Binaries.packageRoot.appendingPathComponent("Examples/\(example)")
        let words = CommandWords.split(try String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8))
        let plan = work.appendingPathComponent("plan.json").path
        let r = try await Binaries.runAsync(
            "takoc", Array(words.dropFirst()) + ["--cache-dir", work.appendingPathComponent("cache").path, "-o", plan])
        try #require(r.status == 0, "\(r.stderr)")
        return (work, plan)
    }

    @Test(arguments: examples) func exampleManifestMatchesItsGoldenFileAndValidates(_ example: String) async throws {
        let (work, plan) = try await Self.planned(example)
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("workflow.yaml").path
        let r = try await Binaries.runAsync(
            "tako",
            [
                "export", "argo", plan, "-o", out, "--git-url", "https://git.example.com/{repo}.git",
                "--namespace", "ci", "--label", "team=platform", "--max-parallel", "8",
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let digest = try PlanFile.decode(Data(contentsOf: URL(fileURLWithPath: plan))).digest
        let hex = String(digest.dropFirst("sha256:".count))
        let text = try String(contentsOfFile: out, encoding: .utf8)
            .replacingOccurrences(of: hex, with: "$DIGEST").replacingOccurrences(of: hex.prefix(12), with: "$DIGEST12")
        let golden = Binaries.packageRoot.appendingPathComponent("Examples/\(example)/expected-argo.yaml")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(text.utf8).write(to: golden) }
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)), "\(example): manifest differs from expected-argo.yaml")
        let template = work.appendingPathComponent("template.yaml").path
        let t = try await Binaries.runAsync(
            "tako",
            [
                "export", "argo", plan, "-o", template, "--template", "--git-url", "https://git.example.com/{repo}.git",
                "--plan-url", "https://plans.example.com/plan.json", "--secret-from", "UNUSED=s/k",
                "--git-ssh-key", "git/ssh", "--storage-class", "nfs", "--service-account", "tako",
            ])
        #expect(t.status == 0, "\(t.stderr)")
        try await Self.validate([out, template])
    }

    /// A synthetic plan: a root that fans out to `count - 1` runs (a quarter of them behind a
    /// run condition), each with a step with a timeout and a step that tolerates failure (every
    /// other one with an `on_failure` step), in one of 50 repositories. `lean`: four runs in
    /// five have the first step only.
    static func synthetic(runs count: Int, lean: Bool = false) -> Plan {
        let repos = (0..<50).map {
            PlannedRepository(
                name: "org/repo-\($0)", source: .cache, path: "/cache/org/repo-\($0)/main",
                branch: "main", commit: String(repeating: "ab", count: 20), files: [])
        }
        var runs: [PlannedRun] = []
        let children = (2...count).map { "r\($0)" }
        runs.append(
            PlannedRun(
                id: "r1", repo: "org/repo-0", workflow: "release", parent: nil, trigger: nil, inputs: [:],
                provenance: "org/repo-0/tako.yml:1:1",
                steps: [
                    Plans.step("build", "echo 1.2.3", outputs: [PlannedOutput(name: "version", source: .stdout)]),
                    Plans.fanOut(
                        "announce", children: children, payload: ["version": .template("{{ steps.build.outputs.version }}")],
                        limit: 20, timeout: 3600),
                ]))
        for (index, id) in children.enumerated() {
            let handlers = index % 2 == 0 ? [Plans.step("report", "echo failed")] : []
            let rich = !lean || index % 5 == 0
            var run = PlannedRun(
                id: id, repo: "org/repo-\(index % 50)", workflow: "integrate", parent: "r1/announce",
                trigger: PlannedTrigger(eventType: "built", schemaVersion: "1.0.0", artifact: "acme/app:default", subscription: "x"),
                inputs: ["version": .template("{{ event.payload.version }}")], provenance: "org/repo/tako.yml:1:1",
                steps: [
                    Plans.step("bump", "echo {{ inputs.version | shell_quote }} > VERSION", timeout: 600)
                ] + (rich ? [Plans.step("test", "./test.sh", continueOnError: true, onFailure: handlers)] : []))
            if index % 4 == 0 { run.condition = "event.payload.version.startsWith('1.')" }
            runs.append(run)
        }
        return PlanFile.seal(
            Plan(
                root: PlanRoot(repo: "org/repo-0", workflow: "release", inputs: [:]), repositories: repos,
                runs: runs, edges: [], limits: PlanLimits(maxDepth: 10)))
    }

    @Test func aThousandRunPlanExportsAndValidatesAndTooLargeAPlanIsRefused() async throws {
        let dir = TempDir(prefix: "tako-16-argo-")
        let plan = Plans.write(Self.synthetic(runs: 1000, lean: true), in: dir)
        let out = dir.file("workflow.yaml")
        let r = try await Binaries.runAsync(
            "tako",
            [
                "export", "argo", plan, "-o", out, "--git-url", "https://git.example.com/{repo}.git",
                "--plan-url", "https://plans.example.com/plan.json",
            ])
        #expect(r.status == 0, "\(r.stderr)")
        let rich = Plans.write(Self.synthetic(runs: 200), in: dir, name: "rich.json")
        let richOut = dir.file("rich.yaml")
        let q = try await Binaries.runAsync(
            "tako", ["export", "argo", rich, "-o", richOut, "--template", "--git-url", "https://git.example.com/{repo}.git"])
        #expect(q.status == 0, "\(q.stderr)")
        // The measured sizes (docs/argo.md, Limits).
        print("1,000 runs, four in five with one step: \(r.stderr)200 runs of two steps: \(q.stderr)")
        try await Self.validate([out, richOut])

        // Past one Kubernetes object: exit 3, the measured size and how many runs fit.
        let large = Plans.write(Self.synthetic(runs: 2500), in: dir, name: "large.json")
        let refused = try await Binaries.runAsync(
            "tako",
            [
                "export", "argo", large, "-o", dir.file("large.yaml"),
                "--git-url", "https://git.example.com/{repo}.git", "--plan-url", "https://p/plan.json",
            ])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("more than the 1048576 bytes one Kubernetes object may hold"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("large.yaml")))
        // The plan itself is over a ConfigMap's size without --plan-url.
        let noURL = try await Binaries.runAsync("tako", ["export", "argo", large, "--git-url", "https://git.example.com/{repo}.git"])
        #expect(noURL.status == 3)
        #expect(
            noURL.stderr.contains(
                "a ConfigMap holds at most 1048576; put the plan where the pods can fetch it over HTTP and give --plan-url URL"),
            "\(noURL.stderr)")
    }

    @Test func missingURLsAndSecretsAreNamed() async throws {
        let dir = TempDir(prefix: "tako-16-argo-")
        var plan = Self.synthetic(runs: 3)
        plan.runs[1].secrets = ["DEPLOY_TOKEN"]
        let path = Plans.write(PlanFile.seal(plan), in: dir)
        let r = try await Binaries.runAsync("tako", ["export", "argo", path])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("no URL to clone org/repo-0 from: give --repo-url org/repo-0=URL or --git-url 'https://HOST/{repo}.git'"),
            "\(r.stderr)")
        #expect(r.stderr.contains("run r2 takes the secret DEPLOY_TOKEN: give --secret-from DEPLOY_TOKEN=SECRET/KEY"), "\(r.stderr)")
        let usage = try await Binaries.runAsync("tako", ["export", "argo", path, "--secret-from", "DEPLOY_TOKEN"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--secret-from takes NAME=SECRET/KEY"), "\(usage.stderr)")
        let given = try await Binaries.runAsync(
            "tako",
            [
                "export", "argo", path, "--secret-from", "DEPLOY_TOKEN=deploy/token",
                "--git-url", "https://g/{repo}.git",
            ])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(
            given.stdout.replacingOccurrences(of: " ", with: "")
                .contains("-name:DEPLOY_TOKEN\nvalueFrom:\nsecretKeyRef:\nname:deploy\nkey:token"), "\(given.stdout)")
        #expect(!given.stdout.contains("DEPLOY_TOKEN="))
    }

    /// Every pod of the exported workflow run in an order its DAG allows, output parameters
    /// passed as files the way Argo passes them, against `tako exec` of the same plan: the
    /// same runs started, and every step with the same rendered command, status, outputs and
    /// output lines.
    @Test(arguments: ["release-train", "rollout", "api-evolution"]) func podsRunAsTakoExecRuns(_ example: String) async throws {
        guard Self.pythonReady else {
            print("skipped: python3 with yaml is not installed (make deps installs it)")
            return
        }
        let (work, plan) = try await Self.planned(example)
        defer { try? FileManager.default.removeItem(at: work) }
        // No URL given: each repository's cached clone's origin, the example's remotes.
        try await Self.compareWithExec(example, plan: plan, work: work, export: [])
    }

    /// The same for a plan made to render every kind of value into commands: templates with
    /// pipes over inputs, over an earlier step's outputs and over the event; a step and a run
    /// whose CEL conditions are false and a run whose condition is true; outputs passed from
    /// one run to the next through a fan-out's payload.
    @Test func templatesPipesConditionsAndOutputsAcrossRunsRenderAsUnderTakoExec() async throws {
        guard Self.pythonReady else {
            print("skipped: python3 with yaml is not installed (make deps installs it)")
            return
        }
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let repo = work.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try "channel: stable\n".write(to: repo.appendingPathComponent("settings"), atomically: true, encoding: .utf8)
        for command in [
            ["init", "-q", "-b", "main"], ["add", "settings"],
            ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "settings"],
        ] {
            let r = try await Binaries.runAsync("/usr/bin/env", ["git", "-C", repo.path] + command)
            try #require(r.status == 0, "git \(command): \(r.stderr)")
        }
        let head = try await Binaries.runAsync("/usr/bin/env", ["git", "-C", repo.path, "rev-parse", "HEAD"])
        let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var skippedStep = Plans.step("prerelease", "echo {{ steps.build.outputs.version | upper }} is a prerelease")
        skippedStep.condition = "steps.build.outputs.version.contains('-rc')"
        var started = Plans.run(
            "r2", parent: "r1/notify", inputs: ["version": .template("{{ event.payload.version }}")],
            env: ["CHANNEL": .template("{{ event.payload.channel | lower }}")],
            steps: [
                Plans.step(
                    "use", "echo \"using $CHANNEL\" {{ inputs.version | shell_quote }} {{ event.payload.note | json }}",
                    outputs: [PlannedOutput(name: "line", source: .stdout)]),
                Plans.step("check", "test -n {{ steps.use.outputs.line | shell_quote }}"),
            ])
        started.condition = "event.payload.version.startsWith('1.')"
        var notStarted = Plans.run("r3", parent: "r1/notify", steps: [Plans.step("never", "echo {{ event.payload.version }}")])
        notStarted.condition = "event.payload.version.startsWith('2.')"
        var planned = Plans.plan(
            root: repo.path,
            runs: [
                Plans.run(
                    "r1", inputs: ["name": .value("Core Lib")],
                    steps: [
                        Plans.step(
                            "build", "echo 1.4.0; echo building {{ inputs.name | lower | url_encode }} >&2",
                            outputs: [PlannedOutput(name: "version", source: .stdout)]),
                        Plans.step("tag", "echo tag v{{ steps.build.outputs.version | shell_quote }} for {{ inputs.name | upper }}"),
                        skippedStep,
                        Plans.fanOut(
                            "notify", children: ["r2", "r3"],
                            payload: [
                                "version": .template("{{ steps.build.outputs.version }}"),
                                "channel": .template("{{ inputs.name | upper }}"),
                                "note": .value("it's out"),
                            ]),
                    ]),
                started, notStarted,
            ])
        planned.repositories[0].commit = commit
        planned = PlanFile.seal(planned)
        let plan = work.appendingPathComponent("plan.json").path
        try PlanFile.encode(planned).write(to: URL(fileURLWithPath: plan))
        try await Self.compareWithExec(
            "templates", plan: plan, work: work, export: ["--repo-url", "\(Plans.repo)=\(repo.path)"], minimumCommands: 4)
    }

    /// `tako step`'s line on standard error before its process starts: `RUN/STEP: runs "…"`,
    /// the rendered command as one JSON string.
    static func announcedCommand(_ stderr: String, run: String, step: String) throws -> String? {
        let prefix = "tako: \(run)/\(step): runs "
        guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return try JSONDecoder().decode(String.self, from: Data(line.dropFirst(prefix.count).utf8))
    }

    /// Exports `plan`, runs the manifest pod by pod (scripts/simulate-argo.py) and the plan
    /// with `tako exec`, and compares them step by step. `minimumCommands`: how many rendered
    /// commands at least the two must have compared, so that a comparison of nothing fails.
    static func compareWithExec(
        _ example: String, plan: String, work: URL, export: [String], minimumCommands: Int = 1
    ) async throws {
        let manifest = work.appendingPathComponent("workflow.yaml").path
        let exported = try await Binaries.runAsync("tako", ["export", "argo", plan, "-o", manifest] + export)
        try #require(exported.status == 0, "\(exported.stderr)")
        let simulated = work.appendingPathComponent("sim")
        try FileManager.default.createDirectory(at: simulated, withIntermediateDirectories: true)
        let script = Binaries.packageRoot.appendingPathComponent("scripts/simulate-argo.py").path
        let sim = try await Binaries.runAsync(
            "/usr/bin/env",
            [
                "python3", script, manifest, "--tako", Binaries.path("tako"), "--plan", plan,
                "--work", simulated.path,
            ], timeout: 600)
        try #require(sim.status == 0, "\(sim.stderr)")
        let report = work.appendingPathComponent("report.json").path
        let exec = try await Binaries.runAsync(
            "tako", ["exec", plan, "--report", report, "--workspace", work.appendingPathComponent("ws").path])
        try #require(exec.status == 0, "\(exec.stdout)\(exec.stderr)")

        let decoded = try PlanFile.decode(Data(contentsOf: URL(fileURLWithPath: plan)))
        let argo = try JSONSerialization.jsonObject(with: Data(sim.stdout.utf8)) as! [String: Any]
        let took = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        #expect(argo["phase"] as? String == "Succeeded")
        let execRuns = took["runs"] as! [[String: Any]]
        let argoRuns = argo["runs"] as! [String: String]
        // The runs started: those tako exec did not skip are the run templates Argo entered.
        let started = Set(execRuns.filter { $0["status"] as? String != "skipped" }.map { $0["id"] as! String })
        #expect(Set(argoRuns.keys) == started)
        #expect(!started.isEmpty)
        let pods = (argo["pods"] as! [[String: Any]]).filter { ($0["condition"] as? Bool) == false }
        var compared = 0
        var commands = 0
        for run in execRuns where started.contains(run["id"] as! String) {
            let id = run["id"] as! String
            for step in run["steps"] as! [[String: Any]] {
                let stepID = step["id"] as! String
                let pod = pods.first { $0["run"] as? String == id && $0["step"] as? String == stepID }
                guard let pod else {
                    Issue.record("\(example): \(id)/\(stepID) ran under tako exec but has no pod")
                    continue
                }
                let outputs = pod["outputs"] as! [String: String]
                let result = try JSONSerialization.jsonObject(with: Data((outputs["result"] ?? "{}").utf8)) as! [String: Any]
                #expect(result["status"] as? String == step["status"] as? String, "\(example): \(id)/\(stepID) status")
                #expect(
                    (result["outputs"] as? [String: String] ?? [:]) == (step["outputs"] as? [String: String] ?? [:]),
                    "\(example): \(id)/\(stepID) outputs")
                // The command each side rendered and ran: the report's `command`, the pod's line
                // before its process; a step neither ran (skipped, a fan-out) has none on both.
                let podCommand = try Self.announcedCommand(pod["stderr"] as! String, run: id, step: stepID)
                #expect(podCommand == step["command"] as? String, "\(example): \(id)/\(stepID) rendered command")
                if podCommand != nil { commands += 1 }
                // The step's own lines: the pod's output, the exec's log without time stamps and attempt lines.
                if let log = step["log"] as? String {
                    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
                        .map { String($0.drop { $0 != " " }.dropFirst()) }.filter { !$0.hasPrefix("── ") }
                    let podLines = (pod["stdout"] as! String).split(separator: "\n").map(String.init)
                    // A step with an output from stdout or stderr has its streams read from two pipes,
                    // so lines of the two may come in another order (decision 0033).
                    let planned = decoded.run(id: id)?.steps.first { $0.id == stepID }
                    let twoPipes = planned?.outputs.contains { $0.source == .stdout || $0.source == .stderr } ?? false
                    #expect(twoPipes ? podLines.sorted() == lines.sorted() : podLines == lines, "\(example): \(id)/\(stepID) output lines")
                }
                compared += 1
            }
        }
        #expect(compared == pods.count, "\(example): every pod is a step tako exec ran")
        #expect(commands >= minimumCommands, "\(example): only \(commands) rendered commands compared")
    }
}
