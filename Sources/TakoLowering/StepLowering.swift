import Foundation
import TakoBasics
import TakoExpressions
import TakoIR
import TakoSemver
import TakoSyntax

extension Lowerer {
    static let fanOutBuiltin = "tako/fan-out@v1"
    static let reservedBuiltins = ["tako/checkout@v1", "tako/update-dependency@v1", "tako/create-pull-request@v1", "tako/poll@v1"]

    /// The steps of a workflow. Ids are collected first so that a reference to a later
    /// step's output says "not yet" rather than "unknown".
    mutating func steps(_ node: YAMLNode, inputs: [InputDecl], artifacts: [String], subscribed: Bool) -> [StepDecl] {
        guard let items = sequence(node, what: "'steps'") else { return [] }
        var context = StepContext(
            inputs: inputs.map { $0.name.value }, artifacts: artifacts,
            ids: items.enumerated().map { Self.declaredID($1) ?? "step-\($0 + 1)" })
        context.inputKinds = inputs.map { ($0.name.value, InputKind(rawValue: $0.type.rawValue) ?? .string) }
        context.subscribed = subscribed
        var out: [StepDecl] = []
        for (index, item) in items.enumerated() {
            if let step = step(item, index: index, implicitPrefix: "step-", context: &context) { out.append(step) }
        }
        return out
    }

    private static func declaredID(_ node: YAMLNode) -> String? {
        node.mapping?.first { $0.key.scalar?.value == "id" }?.value.scalar?.value
    }

    private mutating func step(_ node: YAMLNode, index: Int, implicitPrefix: String, context: inout StepContext) -> StepDecl? {
        let implicitID = "\(implicitPrefix)\(index + 1)"
        // A bare string is a run step.
        if let s = node.scalar, !s.isNull {
            let id = Located(implicitID, at: node.range)
            guard context.claim(id, lowerer: &self) else { return nil }
            let run = template(node, scope: context.scope(for: id.value, what: StepContext.runCommand))
            context.finish(id.value, outputs: [])
            return run.map {
                StepDecl(
                    id: id, idIsImplicit: true, name: nil, action: .run($0), env: [], timeout: nil,
                    continueOnError: false, produces: ProducesDecl(), onFailure: [], range: node.range)
            }
        }
        guard let fields = fields(node, KeyTables.step) else { return nil }
        let explicitID = fields["id"].flatMap { name($0, what: "step id") }
        let id = explicitID ?? Located(implicitID, at: node.range)
        guard context.claim(id, lowerer: &self) else { return nil }
        let scope = context.scope(for: id.value, what: StepContext.runCommand)
        let condition = fields["if"].flatMap { expression($0, scope: context.conditionScope, what: "the 'if' of step '\(id.value)'") }

        var produces = ProducesDecl()
        if let node = fields["produces"] { produces = self.produces(node, stepID: id.value, context: context) }
        var action: StepAction?
        switch (fields["run"], fields["uses"]) {
        case (let run?, nil):
            if let with = fields.keyRange("with") {
                report(.invalidKey, "'with' applies only to a step with 'uses'", at: with)
            }
            action = template(run, scope: scope).map(StepAction.run)
        case (nil, let uses?):
            if fields["produces"] != nil, let r = fields.keyRange("produces") {
                report(.invalidKey, "a '\(Self.fanOutBuiltin)' step produces nothing itself; declare events on an earlier step", at: r)
            }
            action = builtin(uses, with: fields["with"], withKey: fields.keyRange("with"), stepID: id.value, context: context).map(
                StepAction.fanOut)
        case (nil, nil):
            report(.missingKey, "step '\(id.value)' needs 'run' (a shell command) or 'uses' (a built-in step)", at: node.range)
        case (_?, _?):
            report(
                .invalidKey, "step '\(id.value)' has both 'run' and 'uses'; a step does exactly one",
                at: fields.keyRange("uses") ?? node.range)
        }
        var env: [EnvEntry] = []
        if let node = fields["env"] { env = self.env(node, scope: context.scope(for: id.value, what: "a step's env")) }
        let timeout = fields["timeout"].flatMap { duration($0, what: "'timeout'") }
        let continueOnError = fields["continue_on_error"].flatMap { bool($0, what: "'continue_on_error'") } ?? false
        let resources = fields["resources"].flatMap { self.resources($0) }
        var onFailure: [StepDecl] = []
        if let f = fields["on_failure"], let items = sequence(f, what: "'on_failure'") {
            // Recovery steps see what the failed step's predecessors produced, not the failed step's outputs.
            var nested = context.nested(
                failing: id.value, ids: items.enumerated().map { Self.declaredID($1) ?? "\(id.value)-on-failure-\($0 + 1)" })
            for (i, item) in items.enumerated() {
                if let s = step(item, index: i, implicitPrefix: "\(id.value)-on-failure-", context: &nested) { onFailure.append(s) }
            }
            context.absorbIDs(from: nested)
        }
        context.finish(
            id.value, outputs: produces.outputs.map { $0.name.value }, events: produces.events, artifact: produces.artifact?.value)
        guard let action else { return nil }
        if fields["if"] != nil && condition == nil { return nil }
        var decl = StepDecl(
            id: id, idIsImplicit: explicitID == nil, name: fields["name"].flatMap { string($0, what: "'name'")?.value },
            condition: condition, action: action, env: env, timeout: timeout, continueOnError: continueOnError, produces: produces,
            onFailure: onFailure, range: node.range)
        decl.resources = resources
        return decl
    }

    /// `resources: { cpu: 2, memory: 4Gi }`, in the units of Kubernetes requests.
    mutating func resources(_ node: YAMLNode) -> Located<ResourceRequest>? {
        guard let fields = fields(node, KeyTables.resources) else { return nil }
        var request = ResourceRequest()
        var ok = true
        if let cpu = fields["cpu"] {
            if let text = cpu.scalar?.value, let millis = ResourceQuantity.cpuMillis(text) {
                request.cpuMillis = millis
            } else {
                report(.wrongType, "expected a CPU quantity for 'cpu', such as 2, 0.5 or 500m, found \(describe(cpu))", at: cpu.range)
                ok = false
            }
        }
        if let memory = fields["memory"] {
            if let text = memory.scalar?.value, let bytes = ResourceQuantity.memoryBytes(text) {
                request.memoryBytes = bytes
            } else {
                report(
                    .wrongType, "expected a memory quantity for 'memory', such as 4Gi, 512Mi or 1G, found \(describe(memory))",
                    at: memory.range)
                ok = false
            }
        }
        return ok ? Located(request, at: node.range) : nil
    }

    // MARK: produces

    private mutating func produces(_ node: YAMLNode, stepID: String, context: StepContext) -> ProducesDecl {
        guard let fields = fields(node, KeyTables.produces) else { return ProducesDecl() }
        var result = ProducesDecl()
        if let a = fields["artifact"], let name = string(a, what: "'artifact'") {
            if context.artifacts.contains(name.value) {
                result.artifact = name
            } else {
                report(
                    .unknownArtifact,
                    "artifact '\(name.value)' is not declared under 'artifacts'\(Suggestions.didYouMean(name.value, in: context.artifacts))",
                    at: a.range)
            }
        }
        if let o = fields["outputs"], let pairs = mapping(o, what: "'outputs'") {
            for pair in uniquePairs(pairs, what: "output") {
                guard let name = name(pair.key, what: "output name") else { continue }
                if let source = outputSource(pair.value) { result.outputs.append(OutputDecl(name: name, source: source)) }
            }
        }
        if let e = fields["events"], let items = sequence(e, what: "'events'") {
            var scope = context.scope(for: stepID, what: "a payload value")
            scope.steps.append((stepID, result.outputs.map { $0.name.value }))
            scope.ownOutputsOf = stepID
            for item in items {
                guard let f = self.fields(item, KeyTables.event) else { continue }
                guard let typeNode = f["type"] else {
                    report(.missingKey, "an event needs a 'type'", at: item.range)
                    continue
                }
                guard let type = eventType(typeNode) else { continue }
                if result.events.contains(where: { $0.type.value == type.value }) {
                    report(.duplicateKey, "step '\(stepID)' declares event '\(type.value)' twice", at: typeNode.range)
                    continue
                }
                let version = f["schema_version"].flatMap { string($0, what: "'schema_version'") }
                var versions: VersionRange?
                if let v = version, let node = f["schema_version"] { versions = declaredVersions(node, text: v.value) }
                result.events.append(
                    EventDecl(
                        type: type, schemaVersion: version, schemaVersions: versions,
                        payload: payload(f["payload"], scope: scope), range: item.range))
            }
        }
        return result
    }

    private mutating func outputSource(_ node: YAMLNode) -> OutputDecl.Source? {
        guard let s = node.scalar else {
            report(
                .wrongType, "expected an output source ('from_stdout', 'from_stderr' or 'from_file:PATH'), found \(node.kindDescription)",
                at: node.range)
            return nil
        }
        if s.isNull { return .outputsFile }
        switch s.value {
        case "from_stdout": return .stdout
        case "from_stderr": return .stderr
        default:
            if s.value.hasPrefix("from_file:") {
                let p = Self.trimmingWhitespace(String(s.value.dropFirst("from_file:".count)))
                if p.isEmpty || p.hasPrefix("/") || p.split(separator: "/").contains("..") {
                    report(.pathEscapesRepo, "'from_file:' needs a relative path inside the repository, found '\(p)'", at: node.range)
                    return nil
                }
                return .file(p)
            }
            let hint = Suggestions.didYouMean(s.value, in: ["from_stdout", "from_stderr", "from_file:"])
            report(
                .invalidValue, "unknown output source '\(s.value)'; expected 'from_stdout', 'from_stderr' or 'from_file:PATH'\(hint)",
                at: node.range)
            return nil
        }
    }

    mutating func payload(_ node: YAMLNode?, scope: HoleScope) -> [PayloadEntry] {
        guard let node, let pairs = mapping(node, what: "'payload'") else { return [] }
        var out: [PayloadEntry] = []
        for pair in uniquePairs(pairs, what: "payload key") {
            guard let key = name(pair.key, what: "payload key") else { continue }
            if let t = template(pair.value, scope: scope) { out.append(PayloadEntry(key: key, value: t)) }
        }
        return out
    }
}
