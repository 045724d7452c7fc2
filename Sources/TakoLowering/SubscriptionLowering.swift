import TakoBasics
import TakoExpressions
import TakoIR
import TakoSemver
import TakoSyntax

extension Lowerer {
    mutating func subscriptions(_ node: YAMLNode, workflows: [WorkflowDecl]) -> [SubscriptionDecl] {
        guard let items = sequence(node, what: "'subscriptions'") else { return [] }
        return items.compactMap { subscription($0, workflows: workflows) }
    }

    private mutating func subscription(_ node: YAMLNode, workflows: [WorkflowDecl]) -> SubscriptionDecl? {
        guard let fields = fields(node, KeyTables.subscription) else { return nil }
        var missing: [String] = []
        for key in ["artifact", "events", "workflow"] where fields[key] == nil { missing.append(key) }
        guard missing.isEmpty else {
            report(.missingKey, "a subscription needs \(missing.map { "'\($0)'" }.joined(separator: ", "))", at: node.range)
            return nil
        }
        let artifact = artifactReference(fields["artifact"]!)
        var events: [Located<String>] = []
        if let items = sequence(fields["events"]!, what: "'events'") {
            for item in items {
                guard let e = eventType(item) else { continue }
                if let first = events.first(where: { $0.value == e.value }) {
                    report(
                        .duplicateKey, "event '\(e.value)' is listed twice", at: item.range,
                        notes: [.firstDefined(e.value, at: first.range)])
                } else {
                    events.append(e)
                }
            }
            if items.isEmpty { report(.missingKey, "'events' needs at least one event type", at: fields["events"]!.range) }
        }
        var range: Located<VersionRange>?
        if let node = fields["schema_version"] { range = self.schemaRange(node) }
        var filters: [ExpressionDecl] = []
        var filtersOK = true
        if let node = fields["filters"], let items = sequence(node, what: "'filters'") {
            for item in items {
                if let f = expression(item, scope: .filter, what: "a filter") { filters.append(f) } else { filtersOK = false }
            }
        }
        var priority: Located<Int>?
        var priorityOK = true
        if let node = fields["priority"] {
            priority = wholeNumber(node, what: "'priority'", in: Self.priorities)
            priorityOK = priority != nil
        }
        guard let workflowName = string(fields["workflow"]!, what: "'workflow'") else { return nil }
        let workflow = workflows.first { $0.name.value == workflowName.value }
        if workflow == nil {
            report(
                .unknownWorkflow,
                "workflow '\(workflowName.value)' is not defined in this file\(Suggestions.didYouMean(workflowName.value, in: workflows.map(\.name.value)))",
                at: workflowName.range)
        }
        let mappings = inputMappings(fields["inputs"], workflow: workflow)
        if let workflow {
            for input in workflow.inputs where input.required && input.defaultValue == nil {
                if !mappings.contains(where: { $0.name.value == input.name.value }) {
                    report(
                        .missingInput,
                        "the subscription does not map input '\(input.name.value)', which workflow '\(workflow.name.value)' requires",
                        at: fields.keyRange("inputs") ?? workflowName.range,
                        notes: [DiagnosticNote("'\(input.name.value)' is declared here", at: input.name.range)])
                }
            }
        }
        guard let artifact, workflow != nil, !events.isEmpty else { return nil }
        if (fields["schema_version"] != nil && range == nil) || !filtersOK || !priorityOK { return nil }
        return SubscriptionDecl(
            artifact: artifact, events: events, schemaRange: range, filters: filters, workflow: workflowName, inputs: mappings,
            priority: priority, range: node.range)
    }

    /// What `priority` may be: ample room to order a few classes of runs, small enough that
    /// nobody takes it for a number of anything.
    static let priorities = -1000...1000

    /// `owner/repo:artifact`.
    private mutating func artifactReference(_ node: YAMLNode) -> Located<ArtifactReference>? {
        guard let text = string(node, what: "'artifact'") else { return nil }
        let parts = text.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, NameRules.isRepoName(parts[0]), NameRules.isName(parts[1]) else {
            let example = NameRules.isRepoName(text.value) ? "'\(text.value):\(ManifestDecl.implicitArtifact)'" : "'acme/core-lib:core-lib'"
            report(
                .invalidArtifactReference, "expected 'owner/repo:artifact', found '\(text.value)'; for example \(example)", at: node.range)
            return nil
        }
        return Located(ArtifactReference(repo: parts[0], artifact: parts[1]), at: node.range)
    }

    private mutating func inputMappings(_ node: YAMLNode?, workflow: WorkflowDecl?) -> [InputMapping] {
        guard let node, let pairs = mapping(node, what: "'inputs'") else { return [] }
        let scope = HoleScope(inputs: nil, allowsSteps: false, allowsEvent: true, what: "a subscription input")
        var out: [InputMapping] = []
        for pair in uniquePairs(pairs, what: "input") {
            guard let name = string(pair.key, what: "an input name") else { continue }
            if let workflow, workflow.input(named: name.value) == nil {
                report(
                    .unknownInput,
                    "workflow '\(workflow.name.value)' has no input '\(name.value)'\(Suggestions.didYouMean(name.value, in: workflow.inputs.map(\.name.value)))",
                    at: pair.key.range)
                continue
            }
            if let t = template(pair.value, scope: scope) { out.append(InputMapping(name: name, value: t)) }
        }
        return out
    }
}
