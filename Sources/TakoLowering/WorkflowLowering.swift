import TakoBasics
import TakoCEL
import TakoExpressions
import TakoIR
import TakoSyntax

extension Lowerer {
    mutating func workflow(_ name: Located<String>, _ node: YAMLNode, artifacts: [String], subscribed: Bool = false) -> WorkflowDecl? {
        guard let fields = fields(node, KeyTables.workflow) else { return nil }
        currentWorkflow = name.value
        var trigger: Located<String>?
        if let on = fields["on"], dialect == .go, on.scalar?.value != "exec" {
            // The Go tool decoded 'on' as any string and never read it.
            report(
                .goIgnoredKey,
                "'on: \(on.scalar?.value ?? on.kindDescription)' in a workflow has no effect: the Go tool never read 'on'; probably meant: a subscription, which starts this workflow when another repository publishes an event ('tako exec' starts any workflow by name)",
                at: fields.keyRange("on") ?? on.range)
            if let key = fields.entries.first(where: { $0.key == "on" })?.pair {
                migration.append(MigrationEdit(.commentOut, at: Self.pairRange(key), because: "'on' had no effect under the Go tool"))
            }
        } else if let on = fields["on"], let value = string(on, what: "'on'") {
            if value.value == "exec" {
                trigger = value
            } else {
                report(
                    .invalidValue,
                    "'on' accepts only 'exec', found '\(value.value)'; other repositories trigger a workflow through subscriptions",
                    at: on.range)
            }
        }
        var inputs: [InputDecl] = []
        if let node = fields["inputs"] { inputs = self.inputs(node) }
        var env: [EnvEntry] = []
        if let node = fields["env"], dialect == .go, node.sequence != nil {
            // The Go tool's workflow 'env' was a list of names it never read.
            report(
                .goIgnoredKey,
                "'env' as a list in a workflow has no effect: the Go tool never read it; probably meant: a mapping of names to values ('env: { NAME: value }'), which this project sets for every step",
                at: fields.keyRange("env") ?? node.range)
            if let pair = fields.entries.first(where: { $0.key == "env" })?.pair {
                migration.append(
                    MigrationEdit(.commentOut, at: Self.pairRange(pair), because: "a workflow's 'env' list had no effect under the Go tool")
                )
            }
        } else if let node = fields["env"] {
            let kinds = inputs.map { ($0.name.value, InputKind(rawValue: $0.type.rawValue) ?? .string) }
            env = self.env(node, scope: HoleScope(inputs: kinds, allowsSteps: false, allowsEvent: subscribed, what: "the workflow's env"))
        }
        var secrets: [Located<String>] = []
        if let node = fields["secrets"], let items = sequence(node, what: "'secrets'") {
            for item in items {
                guard let s = string(item, what: "a secret name") else { continue }
                if secrets.contains(where: { $0.value == s.value }) {
                    report(.duplicateKey, "secret '\(s.value)' is listed twice", at: item.range)
                } else if !Identifier.isValid(s.value) {
                    report(
                        .invalidName, "secret '\(s.value)' must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)", at: item.range)
                } else {
                    secrets.append(s)
                }
            }
        }
        guard let stepsNode = fields["steps"] else {
            report(.missingKey, "workflow '\(name.value)' has no 'steps'; a workflow needs at least one step", at: name.range)
            return nil
        }
        let steps = self.steps(stepsNode, inputs: inputs, artifacts: artifacts, subscribed: subscribed)
        if stepsNode.sequence?.isEmpty ?? (stepsNode.scalar?.isNull == true) {
            report(.missingKey, "workflow '\(name.value)' has no steps; a workflow needs at least one step", at: stepsNode.range)
        }
        return WorkflowDecl(
            name: name, description: fields["description"].flatMap { string($0, what: "'description'")?.value },
            trigger: trigger, inputs: inputs, env: env, secrets: secrets, steps: steps)
    }

    mutating func env(_ node: YAMLNode, scope: HoleScope) -> [EnvEntry] {
        guard let pairs = mapping(node, what: "'env'") else { return [] }
        var out: [EnvEntry] = []
        for pair in uniquePairs(pairs, what: "environment variable") {
            guard let key = string(pair.key, what: "an environment variable name") else { continue }
            guard Identifier.isValid(key.value), !key.value.hasPrefix("TAKO_") else {
                report(
                    .invalidName, "environment variable '\(key.value)' must match [A-Za-z_][A-Za-z0-9_]* and not start with 'TAKO_'",
                    at: pair.key.range)
                continue
            }
            if let t = template(pair.value, scope: scope) { out.append(EnvEntry(name: key, value: t)) }
        }
        return out
    }

    // MARK: inputs

    private mutating func inputs(_ node: YAMLNode) -> [InputDecl] {
        guard let pairs = mapping(node, what: "'inputs'") else { return [] }
        var out: [InputDecl] = []
        for pair in uniquePairs(pairs, what: "input") {
            guard let name = name(pair.key, what: "input name"), let fields = fields(pair.value, KeyTables.input) else { continue }
            var type = InputType.string
            if let t = fields["type"], let s = string(t, what: "'type'") {
                if let parsed = InputType(rawValue: s.value) {
                    type = parsed
                } else {
                    let names = InputType.allCases.map(\.rawValue)
                    report(
                        .invalidValue,
                        "unknown input type '\(s.value)'; expected 'string', 'boolean' or 'number'\(Suggestions.didYouMean(s.value, in: names))",
                        at: t.range)
                }
            }
            let required = fields["required"].flatMap { bool($0, what: "'required'") } ?? false
            var validation = InputValidation()
            if let node = fields["validation"] { validation = self.validation(node, type: type) }
            var defaultValue: Located<InputValue>?
            if let d = fields["default"] {
                defaultValue = inputValue(d, type: type, input: name.value)
                if let v = defaultValue,
                    let problem = validation.problem(with: v.value, matches: { RegularExpression.matches($0, $1) ?? false })
                {
                    report(.invalidDefault, "the default of input '\(name.value)' does not pass its validation: \(problem)", at: d.range)
                }
            }
            out.append(
                InputDecl(
                    name: name, type: type, required: required, defaultValue: defaultValue,
                    description: fields["description"].flatMap { string($0, what: "'description'")?.value },
                    validation: validation))
        }
        return out
    }

    private mutating func inputValue(_ node: YAMLNode, type: InputType, input: String) -> Located<InputValue>? {
        guard let s = node.scalar, !s.isNull || s.style != .plain else {
            report(
                .invalidDefault, "the default of input '\(input)' must be a \(type.rawValue), found \(node.kindDescription)", at: node.range
            )
            return nil
        }
        let quoted = s.style != .plain
        let value: InputValue?
        switch type {
        case .string: value = .string(s.value)
        case .boolean: value = quoted ? nil : InputValue.parse(s.value, as: .boolean)
        case .number: value = quoted ? nil : InputValue.parse(s.value, as: .number)
        }
        guard let value else {
            report(.invalidDefault, "the default of input '\(input)' must be a \(type.rawValue), found '\(s.value)'", at: node.range)
            return nil
        }
        return Located(value, at: node.range)
    }

    private mutating func validation(_ node: YAMLNode, type: InputType) -> InputValidation {
        guard let fields = fields(node, KeyTables.validation) else { return InputValidation() }
        var v = InputValidation()
        if let e = fields["enum"] {
            if type != .string {
                report(.invalidValidation, "'enum' applies only to string inputs", at: fields.keyRange("enum") ?? e.range)
            } else if let items = sequence(e, what: "'enum'") {
                v.enumValues = items.compactMap { string($0, what: "an enum value")?.value }
                if v.enumValues?.isEmpty == true { report(.invalidValidation, "'enum' needs at least one value", at: e.range) }
            }
        }
        for key in ["min", "max"] {
            guard let n = fields[key] else { continue }
            if type != .number {
                report(.invalidValidation, "'\(key)' applies only to number inputs", at: fields.keyRange(key) ?? n.range)
            } else if let d = number(n, what: "'\(key)'") {
                if key == "min" { v.min = d } else { v.max = d }
            }
        }
        if let min = v.min, let max = v.max, min > max {
            report(
                .invalidValidation, "'min' (\(InputValue.number(min).rendered)) is greater than 'max' (\(InputValue.number(max).rendered))",
                at: node.range)
        }
        if let p = fields["pattern"] {
            if type != .string {
                report(.invalidValidation, "'pattern' applies only to string inputs", at: fields.keyRange("pattern") ?? p.range)
            } else if let s = string(p, what: "'pattern'") {
                if let problem = expressions.patternProblem(s.value) {
                    report(.invalidValidation, "'\(s.value)' is not a valid regular expression (RE2): \(problem)", at: p.range)
                } else {
                    v.pattern = s.value
                }
            }
        }
        return v
    }
}
