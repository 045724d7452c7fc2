import TakoPlanFormat

/// A Kubernetes Secret's key: where a secret the plan names comes from on the cluster.
public struct SecretKey: Sendable, Hashable {
    public var secret: String
    public var key: String

    public init(secret: String, key: String) {
        self.secret = secret
        self.key = key
    }
}

/// What `tako export argo` was asked for, after the command line was checked.
public struct ArgoOptions: Sendable {
    /// A `WorkflowTemplate` instead of a `Workflow`.
    public var template = false
    /// The image that holds `tako`, git and sh (Containerfile).
    public var image: String
    public var namespace: String?
    public var serviceAccount: String?
    /// `k=v` labels of the workflow, in the order given.
    public var labels: [(String, String)] = []
    /// Secret name (as the plan's runs name it) → where the cluster keeps it.
    public var secrets: [String: SecretKey] = [:]
    /// `--max-parallel`: the workflow's `parallelism`.
    public var maxParallel: Int?
    /// Repository (`owner/repo`) → the URL its runs' checkouts clone.
    public var repositoryURLs: [String: String] = [:]
    /// The SSH key the git input artifacts use (`sshPrivateKeySecret`).
    public var gitSSHKey: SecretKey?
    /// The shared workspace volume: its size and storage class.
    public var workspaceSize = "10Gi"
    public var storageClass: String?
    /// Where the pods read the plan: the ConfigMap `tako-plan-DIGEST12` (default) or this URL.
    public var planURL: String?
    /// Bytes of the plan file, to check that a ConfigMap can hold it.
    public var planBytes: Int

    public init(image: String, planBytes: Int) {
        self.image = image
        self.planBytes = planBytes
    }
}

public struct ArgoExportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case usage, plan, tooLarge }
    public let kind: Kind
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// 2 for a usage or plan problem, 3 for a plan too large for one Workflow (docs/argo.md).
    public var exitCode: Int32 { kind == .tooLarge ? 3 : 2 }
}

/// The exported manifest: its YAML and its size as the API server stores it.
public struct ArgoManifest: Sendable {
    public var value: YAMLValue
    public var yaml: String
    /// Bytes of the object as compact JSON (what etcd keeps).
    public var storedBytes: Int
    /// The ConfigMap the pods read the plan from (nil with a plan URL).
    public var planConfigMap: String?
}

/// `tako export argo`: a plan as an Argo Workflow (docs/argo.md has the mapping, decision
/// 0025 the shape). Every run is a DAG template: a checkout task (Argo's git input artifact
/// at the planned commit, copied into the run's folder of a shared workspace volume), then
/// a task per step that runs `tako step` in that folder; a fan-out is a task that renders
/// the event and a DAG template of the child runs, each behind its condition's task.
public enum ArgoExport {
    /// One Kubernetes object (a Workflow, a ConfigMap) in etcd: 1 MiB.
    public static let maxObjectBytes = 1 << 20
    /// Where the pods find things.
    static let planPath = "/tako/plan/plan.json"
    static let workspace = "/tako/workspace"
    static let outputs = "/tako/out"
    static let source = "/tako/src"

    public static func manifest(of plan: Plan, options: ArgoOptions) throws(ArgoExportError) -> ArgoManifest {
        try check(plan, options)
        var builder = Builder(plan: plan, options: options)
        let value = builder.workflow()
        let stored = YAMLEmitter.json(value).utf8.count
        guard stored <= maxObjectBytes else {
            let perRun = stored / max(1, plan.runs.count)
            throw ArgoExportError(
                .tooLarge,
                "the workflow of this plan takes \(stored) bytes, more than the \(maxObjectBytes) bytes "
                    + "one Kubernetes object may hold (about \(perRun) bytes for each of its \(plan.runs.count) runs, so about "
                    + "\(maxObjectBytes / max(1, perRun)) runs fit); plan a smaller part of the train (a narrower --workflow or "
                    + "fewer repositories) or run it with tako exec")
        }
        let header = [
            "Made by tako export argo from the plan \(plan.digest) (\(plan.root.repo) \(plan.root.workflow)); do not edit.",
            options.planURL.map { "The pods read the plan from \($0)." }
                ?? "Create the plan's ConfigMap first: kubectl create configmap \(builder.configMap) --from-file=plan.json=PLAN.json",
        ]
        return ArgoManifest(
            value: value, yaml: YAMLEmitter.document(value, header: header), storedBytes: stored,
            planConfigMap: options.planURL == nil ? builder.configMap : nil)
    }

    /// What must hold before anything is written.
    static func check(_ plan: Plan, _ options: ArgoOptions) throws(ArgoExportError) {
        if options.planURL == nil && options.planBytes > maxObjectBytes {
            throw ArgoExportError(
                .tooLarge,
                "the plan is \(options.planBytes) bytes and a ConfigMap holds at most \(maxObjectBytes); "
                    + "put the plan where the pods can fetch it over HTTP and give --plan-url URL")
        }
        var problems: [String] = []
        for repository in plan.repositories where plan.runs.contains(where: { $0.repo == repository.name }) {
            if repository.commit == nil {
                problems.append(
                    "repository \(repository.name) is the --root checkout at '\(repository.path)', which is not a git "
                        + "repository: its runs have no commit to check out on the cluster; commit it and plan from the cache")
            } else if options.repositoryURLs[repository.name] == nil {
                problems.append(
                    "no URL to clone \(repository.name) from: give --repo-url \(repository.name)=URL or --git-url 'https://HOST/{repo}.git'"
                )
            }
        }
        var missing: [String: [String]] = [:]
        for run in plan.runs {
            if plan.repository(named: run.repo) == nil {
                problems.append("run \(run.id) is of repository \(run.repo), which the plan does not list; the plan is damaged")
            }
            for name in run.secrets where options.secrets[name] == nil { missing[name, default: []].append(run.id) }
            if run.condition != nil && run.parent == nil {
                problems.append("run \(run.id) has a condition but no fan-out starts it; the plan is damaged")
            }
        }
        for (name, runs) in missing.sorted(by: { $0.key < $1.key }) {
            problems.append(
                "run\(runs.count == 1 ? "" : "s") \(runs.prefix(5).joined(separator: ", "))\(runs.count > 5 ? ", …" : "") "
                    + "take\(runs.count == 1 ? "s" : "") the secret \(name): give --secret-from \(name)=SECRET/KEY (a Kubernetes Secret and its key)"
            )
        }
        if let first = problems.first {
            throw ArgoExportError(
                .usage,
                problems.count == 1
                    ? first
                    : "the plan cannot be exported:\n" + problems.map { "  - " + $0 }.joined(separator: "\n"))
        }
    }
}

/// Builds the manifest's tree.
struct Builder {
    let plan: Plan
    let options: ArgoOptions
    /// Command-step templates by timeout (nil: none).
    var stepTemplates: Set<Int?> = []
    var handlerTemplates: Set<Int?> = []

    init(plan: Plan, options: ArgoOptions) {
        self.plan = plan
        self.options = options
    }

    var digest12: String { String((plan.digest.split(separator: ":").last.map(String.init) ?? plan.digest).prefix(12)) }
    var configMap: String { "tako-plan-" + digest12 }

    mutating func workflow() -> YAMLValue {
        var metadata: [(String, YAMLValue)] = []
        let base = "tako-" + ArgoNames.dns(plan.root.workflow)
        if options.template {
            metadata.append(("name", .string(base + "-" + digest12)))
        } else {
            metadata.append(("generateName", .string(base + "-")))
        }
        if let namespace = options.namespace { metadata.append(("namespace", .string(namespace))) }
        if !options.labels.isEmpty { metadata.append(("labels", .map(options.labels.map { ($0.0, .string($0.1)) }))) }
        metadata.append(
            (
                "annotations",
                .map([
                    ("tako-plan-digest", .string(plan.digest)),
                    ("tako-root", .string("\(plan.root.repo) \(plan.root.workflow)")),
                ])
            ))
        var spec: [(String, YAMLValue)] = [("entrypoint", .string("main"))]
        if let account = options.serviceAccount { spec.append(("serviceAccountName", .string(account))) }
        if let parallel = options.maxParallel { spec.append(("parallelism", .int(parallel))) }
        var claim: [(String, YAMLValue)] = [
            ("accessModes", .list([.string("ReadWriteMany")])),
            ("resources", .map([("requests", .map([("storage", .string(options.workspaceSize))]))])),
        ]
        if let storageClass = options.storageClass { claim.append(("storageClassName", .string(storageClass))) }
        spec.append(("volumeClaimTemplates", .list([.map([("metadata", .map([("name", .string("workspace"))])), ("spec", .map(claim))])])))
        // A failed workflow keeps its workspace, so `argo retry` finds the checkouts and the
        // files earlier steps wrote, as `tako exec --resume` does.
        spec.append(("volumeClaimGC", .map([("strategy", .string("OnWorkflowSuccess"))])))
        if options.planURL == nil {
            spec.append(("volumes", .list([.map([("name", .string("plan")), ("configMap", .map([("name", .string(configMap))]))])])))
        }
        var templates: [YAMLValue] = [main()]
        for run in plan.runs {
            templates.append(runTemplate(run))
            for step in run.steps {
                if let fanOut = step.fanOut { templates.append(fanOutTemplate(run, step, fanOut)) }
            }
        }
        templates.append(checkoutTemplate())
        for timeout in stepTemplates.sorted(by: Self.order) { templates.append(stepTemplate(timeout: timeout, emits: false)) }
        if plan.runs.contains(where: { $0.steps.contains { $0.fanOut != nil } }) {
            templates.append(stepTemplate(timeout: nil, emits: true))
        }
        if plan.runs.contains(where: { $0.condition != nil }) { templates.append(conditionTemplate()) }
        spec.append(("templates", .list(templates)))
        return .map([
            ("apiVersion", .string("argoproj.io/v1alpha1")),
            ("kind", .string(options.template ? "WorkflowTemplate" : "Workflow")),
            ("metadata", .map(metadata)),
            ("spec", .map(spec)),
        ])
    }

    static func order(_ a: Int?, _ b: Int?) -> Bool { (a ?? -1) < (b ?? -1) }

    /// The entry point: the root runs, side by side.
    func main() -> YAMLValue {
        let tasks: [YAMLValue] = plan.runs.filter { $0.parent == nil }.map { run in
            .map([("name", .string(ArgoNames.run(run.id))), ("template", .string(ArgoNames.run(run.id)))])
        }
        return .map([("name", .string("main")), ("dag", .map([("failFast", .bool(false)), ("tasks", .list(tasks))]))])
    }

    // MARK: A run

    /// A run's DAG: checkout, then its steps in order (the dependencies say when the next
    /// step starts: after a success or a skip, or after a tolerated failure and its
    /// `on_failure` steps), a fan-out's children after the step that publishes.
    mutating func runTemplate(_ run: PlannedRun) -> YAMLValue {
        var tasks: [YAMLValue] = []
        let repository = plan.repository(named: run.repo)
        tasks.append(
            task(
                "checkout", template: "tako-checkout",
                arguments: [
                    ("run", run.id), ("repo", options.repositoryURLs[run.repo] ?? ""), ("revision", repository?.commit ?? ""),
                ]))
        var gate = "checkout"
        let event = run.parent == nil ? "null" : "{{inputs.parameters.event}}"
        for (index, step) in run.steps.enumerated() {
            let earlier = Array(run.steps[..<index])
            let name = ArgoNames.step(step.id)
            let values = Self.values(event: event, earlier: earlier)
            var extra: [(String, YAMLValue)] = []
            if step.continueOnError { extra.append(("continueOn", .map([("failed", .bool(true))]))) }
            if step.fanOut != nil {
                tasks.append(
                    task(
                        name, template: "tako-emit", depends: gate,
                        arguments: [("run", run.id), ("step", step.id), ("values", values)], extra: extra))
                var children: [(String, YAMLValue)] = [
                    ("when", .string("'{{tasks.\(name).outputs.parameters.status}}' == 'succeeded'"))
                ]
                children += extra
                tasks.append(
                    task(
                        ArgoNames.children(step.id), template: ArgoNames.fanOut(run.id, step.id), depends: name,
                        arguments: [("event", "{{tasks.\(name).outputs.parameters.event}}")], extra: children))
            } else {
                stepTemplates.insert(step.timeoutSeconds)
                tasks.append(
                    task(
                        name, template: ArgoNames.stepTemplate(step.timeoutSeconds), depends: gate,
                        arguments: [("run", run.id), ("step", step.id), ("values", values)], extra: extra))
            }
            // on_failure steps, in order, once the step (or its fan-out) failed; their own
            // failure changes nothing.
            var previousHandler: String?
            for handler in step.onFailure {
                let id = "\(step.id)/on_failure/\(handler.id)"
                let handlerName = ArgoNames.handler(step.id, handler.id)
                let trigger =
                    previousHandler.map { "\($0).Succeeded || \($0).Failed" }
                    ?? (step.fanOut != nil ? "\(name).Failed || \(ArgoNames.children(step.id)).Failed" : "\(name).Failed")
                stepTemplates.insert(handler.timeoutSeconds)
                tasks.append(
                    task(
                        handlerName, template: ArgoNames.stepTemplate(handler.timeoutSeconds), depends: trigger,
                        arguments: [("run", run.id), ("step", id), ("values", values)],
                        extra: [("continueOn", .map([("failed", .bool(true))]))]))
                previousHandler = handlerName
            }
            gate = Self.gate(after: step)
        }
        var template: [(String, YAMLValue)] = [("name", .string(ArgoNames.run(run.id)))]
        if run.parent != nil { template.append(("inputs", .map([("parameters", .list([.map([("name", .string("event"))])]))]))) }
        template.append(("dag", .map([("failFast", .bool(false)), ("tasks", .list(tasks))])))
        return .map(template)
    }

    /// When the step after `step` may start: `step` (or, when it waits for them, its
    /// children) succeeded or was skipped; with `continue_on_error`, also failed, once its
    /// `on_failure` steps are done.
    static func gate(after step: PlannedStep) -> String {
        let node = step.fanOut?.waitForChildren == true ? ArgoNames.children(step.id) : ArgoNames.step(step.id)
        var outcomes = ["\(node).Succeeded", "\(node).Skipped"]
        if step.continueOnError {
            outcomes.append("\(node).Failed")
            // The fan-out's step failed: its children never ran.
            if node != ArgoNames.step(step.id) { outcomes.append("\(node).Omitted") }
            if let last = step.onFailure.last {
                let handler = ArgoNames.handler(step.id, last.id)
                outcomes += ["\(handler).Succeeded", "\(handler).Failed"]
            }
        }
        return "(" + outcomes.joined(separator: " || ") + ")"
    }

    /// The run-time values a step reads, as one JSON object whose parts Argo fills in: the
    /// event the run got and each earlier step's `result` output parameter.
    static func values(event: String, earlier: [PlannedStep]) -> String {
        let steps = earlier.map { YAMLEmitter.quoted($0.id) + ":{{tasks.\(ArgoNames.step($0.id)).outputs.parameters.result}}" }
        return "{\"event\":\(event),\"steps\":{\(steps.joined(separator: ","))}}"
    }

    // MARK: A fan-out

    /// The children of a fan-out: a DAG of their runs, at most `concurrency_limit` at once,
    /// `fail_fast`, bounded by its timeout; a run with a condition behind its condition task.
    func fanOutTemplate(_ run: PlannedRun, _ step: PlannedStep, _ fanOut: PlannedFanOut) -> YAMLValue {
        var tasks: [YAMLValue] = []
        for childID in fanOut.children {
            let child = plan.run(id: childID)
            let name = ArgoNames.run(childID)
            if child?.condition != nil {
                let condition = ArgoNames.condition(childID)
                tasks.append(
                    task(condition, template: "tako-condition", arguments: [("run", childID), ("event", "{{inputs.parameters.event}}")]))
                tasks.append(
                    task(
                        name, template: name, depends: condition, arguments: [("event", "{{inputs.parameters.event}}")],
                        extra: [("when", .string("'{{tasks.\(condition).outputs.parameters.decision}}' == 'true'"))]))
            } else {
                tasks.append(task(name, template: name, arguments: [("event", "{{inputs.parameters.event}}")]))
            }
        }
        var template: [(String, YAMLValue)] = [
            ("name", .string(ArgoNames.fanOut(run.id, step.id))),
            ("inputs", .map([("parameters", .list([.map([("name", .string("event"))])]))])),
        ]
        if let limit = fanOut.concurrencyLimit { template.append(("parallelism", .int(limit))) }
        if let timeout = fanOut.timeoutSeconds { template.append(("activeDeadlineSeconds", .string(String(timeout)))) }
        template.append(("dag", .map([("failFast", .bool(fanOut.failFast)), ("tasks", .list(tasks))])))
        return .map(template)
    }

    func task(
        _ name: String, template: String, depends: String? = nil, arguments: [(String, String)],
        extra: [(String, YAMLValue)] = []
    ) -> YAMLValue {
        var fields: [(String, YAMLValue)] = [("name", .string(name)), ("template", .string(template))]
        if let depends { fields.append(("depends", .string(depends))) }
        fields += extra
        fields.append(
            ("arguments", .map([("parameters", .list(arguments.map { .map([("name", .string($0.0)), ("value", .string($0.1))]) }))])))
        return .map(fields)
    }

    // MARK: The pods

    /// A container of the image with the plan and the workspace mounted, and the secrets.
    func container(command: [String], args: [String], secrets: Bool) -> YAMLValue {
        var fields: [(String, YAMLValue)] = [
            ("image", .string(options.image)),
            ("command", .list(command.map { .string($0) })),
            ("args", .list(args.map { .string($0) })),
        ]
        if secrets && !options.secrets.isEmpty {
            fields.append(
                (
                    "env",
                    .list(
                        options.secrets.sorted { $0.key < $1.key }.map { name, from in
                            .map([
                                ("name", .string(name)),
                                (
                                    "valueFrom",
                                    .map([
                                        (
                                            "secretKeyRef",
                                            .map([
                                                ("name", .string(from.secret)), ("key", .string(from.key)),
                                            ])
                                        )
                                    ])
                                ),
                            ])
                        })
                ))
        }
        var mounts: [YAMLValue] = []
        if options.planURL == nil {
            mounts.append(.map([("name", .string("plan")), ("mountPath", .string("/tako/plan")), ("readOnly", .bool(true))]))
        }
        mounts.append(.map([("name", .string("workspace")), ("mountPath", .string(ArgoExport.workspace))]))
        mounts.append(.map([("name", .string("out")), ("mountPath", .string(ArgoExport.outputs))]))
        fields.append(("volumeMounts", .list(mounts)))
        return .map(fields)
    }

    /// The plan as an HTTP input artifact, when it does not come from the ConfigMap.
    var planArtifacts: [YAMLValue] {
        guard let url = options.planURL else { return [] }
        return [.map([("name", .string("plan")), ("path", .string(ArgoExport.planPath)), ("http", .map([("url", .string(url))]))])]
    }

    static let outVolume: (String, YAMLValue) = ("volumes", .list([.map([("name", .string("out")), ("emptyDir", .map([]))])]))

    func inputs(_ parameters: [String], artifacts: [YAMLValue] = []) -> (String, YAMLValue) {
        var fields: [(String, YAMLValue)] = [("parameters", .list(parameters.map { .map([("name", .string($0))]) }))]
        let all = artifacts + planArtifacts
        if !all.isEmpty { fields.append(("artifacts", .list(all))) }
        return ("inputs", .map(fields))
    }

    /// The run's folder of the workspace: the git input artifact at the planned commit,
    /// copied there whole (a new copy each time this task runs).
    func checkoutTemplate() -> YAMLValue {
        var git: [(String, YAMLValue)] = [
            ("repo", .string("{{inputs.parameters.repo}}")), ("revision", .string("{{inputs.parameters.revision}}")),
        ]
        if let key = options.gitSSHKey {
            git.append(("sshPrivateKeySecret", .map([("name", .string(key.secret)), ("key", .string(key.key))])))
        }
        let source: YAMLValue = .map([("name", .string("source")), ("path", .string(ArgoExport.source)), ("git", .map(git))])
        let script = "rm -rf \"$1\" && mkdir -p \"$(dirname \"$1\")\" && cp -a \(ArgoExport.source) \"$1\""
        return .map([
            ("name", .string("tako-checkout")),
            inputs(["run", "repo", "revision"], artifacts: [source]),
            (
                "container",
                container(
                    command: ["sh", "-c"], args: [script, "sh", "\(ArgoExport.workspace)/runs/{{inputs.parameters.run}}"], secrets: false)
            ),
            Self.outVolume,
        ])
    }

    /// `tako step` of a command step (`emits`: of a fan-out, which renders the event): its
    /// `result` (status and outputs), its `status`, and a fan-out's `event`, as files Argo
    /// reads into output parameters.
    func stepTemplate(timeout: Int?, emits: Bool) -> YAMLValue {
        var fields: [(String, YAMLValue)] = [
            ("name", .string(emits ? "tako-emit" : ArgoNames.stepTemplate(timeout))),
            inputs(["run", "step", "values"]),
        ]
        var parameters: [YAMLValue] = [
            Self.output("result", "result.json", default: "{\"outputs\":{},\"status\":\"failed\"}"),
            Self.output("status", "status", default: "failed"),
        ]
        if emits { parameters.append(Self.output("event", "event.json", default: nil)) }
        fields.append(("outputs", .map([("parameters", .list(parameters))])))
        // A template's deadline is an IntOrString, which the schema types as a string.
        if let timeout { fields.append(("activeDeadlineSeconds", .string(String(timeout)))) }
        fields.append(
            (
                "container",
                container(
                    command: ["tako"],
                    args: [
                        "step", "--plan", ArgoExport.planPath, "--run", "{{inputs.parameters.run}}", "--step", "{{inputs.parameters.step}}",
                        "--values", "{{inputs.parameters.values}}", "--workdir", "\(ArgoExport.workspace)/runs/{{inputs.parameters.run}}",
                        "--outputs-to", ArgoExport.outputs,
                    ], secrets: true)
            ))
        fields.append(Self.outVolume)
        return .map(fields)
    }

    /// `tako step --condition`: a run's condition over the event, `decision` true or false.
    func conditionTemplate() -> YAMLValue {
        .map([
            ("name", .string("tako-condition")),
            inputs(["run", "event"]),
            ("outputs", .map([("parameters", .list([Self.output("decision", "decision", default: nil)]))])),
            (
                "container",
                container(
                    command: ["tako"],
                    args: [
                        "step", "--plan", ArgoExport.planPath, "--run", "{{inputs.parameters.run}}", "--condition",
                        "--values", "{\"event\":{{inputs.parameters.event}},\"steps\":{}}", "--outputs-to", ArgoExport.outputs,
                    ], secrets: true)
            ),
            Self.outVolume,
        ])
    }

    static func output(_ name: String, _ file: String, default fallback: String?) -> YAMLValue {
        var from: [(String, YAMLValue)] = [("path", .string(ArgoExport.outputs + "/" + file))]
        if let fallback { from.append(("default", .string(fallback))) }
        return .map([("name", .string(name)), ("valueFrom", .map(from))])
    }
}

/// Names of templates and tasks: letters, digits and `-` (what Argo accepts in a name and in
/// a `depends` expression). An ID with any other character gets `-` there and a short hash
/// of the ID, so two IDs never share a name.
enum ArgoNames {
    static func run(_ id: String) -> String { "run-" + safe(id) }
    static func step(_ id: String) -> String { "step-" + safe(id) }
    static func children(_ id: String) -> String { "children-" + safe(id) }
    static func handler(_ step: String, _ id: String) -> String { "step-" + safe(step) + "-on-failure-" + safe(id) }
    static func condition(_ run: String) -> String { "if-" + safe(run) }
    static func fanOut(_ run: String, _ step: String) -> String { "fan-" + safe(run) + "-" + safe(step) }
    static func stepTemplate(_ timeout: Int?) -> String { timeout.map { "tako-step-\($0)s" } ?? "tako-step" }

    static func safe(_ id: String) -> String {
        let mapped = String(
            id.unicodeScalars.map { c -> Character in
                c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-") ? Character(c) : "-"
            })
        return mapped == id ? id : mapped + "-" + hash(id)
    }

    /// FNV-1a, 32 bits, as 8 hex digits.
    static func hash(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            h ^= UInt32(byte)
            h = h &* 0x0100_0193
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A DNS-1123 label part: lower-case letters, digits and `-`.
    static func dns(_ text: String) -> String {
        let lowered = String(
            text.lowercased().unicodeScalars.map { c -> Character in
                c.isASCII && (("a"..."z").contains(c) || ("0"..."9").contains(c)) ? Character(c) : "-"
            })
        let trimmed = String(lowered.drop { $0 == "-" }.prefix(40).reversed().drop { $0 == "-" }.reversed())
        return trimmed.isEmpty ? "plan" : trimmed
    }
}
