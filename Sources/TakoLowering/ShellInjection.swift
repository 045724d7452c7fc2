import TakoBasics
import TakoIR
import TakoTemplates

/// A run command's holes that may carry untrusted values, and its `$NAME` expansions that
/// a command parses again (`eval`, `sh -c`), each with where it stands in the shell's grammar.
struct ShellUse {
    var workflow: String
    var step: String
    var holes: [(hole: TemplateHole, site: ShellScan.Site)]
    var variables: [(name: String, range: SourceRange, site: ShellScan.Site)]
}

/// Where an untrusted value comes from, as messages say it.
struct Taint {
    /// "an event's payload", "input 'a' (from acme/lib:default's event payload)", ...
    var origin: String
    /// "input 'a'", "env 'A'": what the value is called where it passed through, if anywhere.
    var name: String? = nil
    var notes: [DiagnosticNote] = []
    /// The value is one shell-quoted word already: the template is `{{ X | shell_quote }}` alone.
    var quoted = false
}

extension Lowerer {
    /// Whether a run command without holes may still parse a variable again.
    static func mayEvaluateVariables(_ text: String) -> Bool {
        // Byte by byte (`containsBytes`): every run command is asked.
        text.utf8.contains(UInt8(ascii: "$")) && (text.containsBytes("eval") || text.containsBytes("-c"))
    }

    /// Records where the holes of a run command stand (`value`: its text, `pieces`: its
    /// holes' byte ranges, `parts`: the lowered holes in the same order). `range` gives the
    /// file range of bytes of the value.
    mutating func recordShellUse(
        _ value: [UInt8], pieces: [TemplateSyntax.Piece], parts: [Template.Part], step: String,
        range: (Int, Int) -> SourceRange
    ) {
        var outer: [Range<Int>] = []
        for piece in pieces { if case .hole(let o, _) = piece { outer.append(o) } }
        let holes = parts.compactMap { part -> TemplateHole? in if case .hole(let h) = part { h } else { nil } }
        guard holes.count == outer.count else { return }
        let tainted = holes.map(Self.mayBeTainted)
        guard tainted.contains(true) || Self.mayEvaluateVariables(String(decoding: value, as: UTF8.self)) else { return }
        let scan = expressions.shellScan(of: value, holes: outer)
        let kept = holes.indices.filter { tainted[$0] }.map { (hole: holes[$0], site: scan.holeSites[$0]) }
        let variables = scan.variables.filter { $0.site.evaluator != nil }.map {
            (name: $0.name, range: range($0.range.lowerBound, $0.range.upperBound), site: $0.site)
        }
        guard !kept.isEmpty || !variables.isEmpty else { return }
        shellUses.append(ShellUse(workflow: currentWorkflow, step: step, holes: kept, variables: variables))
    }

    /// A hole that reads a payload, a step output, an input or an env entry.
    private static func mayBeTainted(_ hole: TemplateHole) -> Bool {
        hole.readsUntrustedValues || reads(hole, "inputs") || reads(hole, "env")
    }

    /// Whether a hole reads a value under `root` (`inputs`, `env`). A plain path is asked by
    /// its first segment, without joining it: every hole is asked.
    private static func reads(_ hole: TemplateHole, _ root: String) -> Bool {
        if let path = hole.path { return path[0] == root }
        return hole.reads.contains { $0.hasPrefix(root) }
    }

    /// The shell-injection warning for the holes of a run command that has errors elsewhere:
    /// a payload or a step output without `shell_quote`.
    mutating func warnIfUnquoted(_ parts: [Template.Part]) {
        for case .hole(let hole) in parts where hole.readsUntrustedValues && !TemplatePipe.isShellQuoted(hole.pipes) {
            let t = Self.taint(of: hole, inputs: [:], env: [:])!
            let site = ShellScan.Site(quoting: .none, evaluator: nil)
            report(
                .shellInjection, Self.message("'{{ \(hole.source) }}' puts \(t.origin) into a run command", site: site, quoted: false),
                at: hole.range, notes: [Self.fix(for: hole, site: site)])
        }
    }

    /// The shell-injection check of the file: every value that an event's payload or a step's
    /// output controls, directly, through an input that one of the file's subscriptions sets
    /// from a payload, or through an `env` entry, where it reaches a run command in a way that
    /// lets shell syntax in it run.
    mutating func checkShellInjection(workflows: [WorkflowDecl], subscriptions: [SubscriptionDecl]) {
        guard !shellUses.isEmpty else { return }
        // The inputs each workflow's subscriptions set from untrusted values: worked out for a
        // workflow the first time a use of it reads an input or an env entry (most uses read a
        // step's output only, and the descriptions cost more than the check).
        var inputTaint: [String: [String: Taint]] = [:]
        func inputs(of workflow: String) -> [String: Taint] {
            if let known = inputTaint[workflow] { return known }
            var found: [String: Taint] = [:]
            for s in subscriptions where s.workflow.value == workflow {
                for m in s.inputs {
                    guard found[m.name.value] == nil, let t = Self.taint(of: m.value, inputs: [:], env: [:]) else { continue }
                    let from = t.origin == Self.payload ? "\(s.artifact.value)'s event payload" : t.origin
                    found[m.name.value] = Taint(
                        origin: "input '\(m.name.value)' (from \(from))", name: "input '\(m.name.value)'",
                        notes: [DiagnosticNote("the subscription to \(s.artifact.value) sets '\(m.name.value)' here", at: m.value.range)],
                        quoted: t.quoted)
                }
            }
            inputTaint[workflow] = found
            return found
        }
        var byName: [String: WorkflowDecl] = [:]
        for w in workflows where byName[w.name.value] == nil { byName[w.name.value] = w }
        // A workflow's `env` taints the same way for each of its steps: worked out once.
        var workflowEnv: [String: [String: Taint]] = [:]
        for use in shellUses {
            let workflow = byName[use.workflow]
            // Only a use that reads `env` (a hole, or a `$NAME` parsed again) needs the taints
            // of the env entries: most uses read a step's output or an input.
            let readsEnv = !use.variables.isEmpty || use.holes.contains { Self.reads($0.hole, "env") }
            let readsInputs = readsEnv || use.holes.contains { Self.reads($0.hole, "inputs") }
            let inputsHere = readsInputs ? inputs(of: use.workflow) : [:]
            func add(_ entries: [EnvEntry], to env: inout [String: Taint]) {
                for e in entries {
                    let name = e.name.value
                    env[name] = Self.taint(of: e.value, inputs: inputsHere, env: env).map {
                        Taint(
                            origin: "env '\(name)' (from \($0.name ?? $0.origin))", name: "env '\(name)'",
                            notes: $0.notes + [DiagnosticNote("'\(name)' is set here", at: e.value.range)], quoted: $0.quoted)
                    }
                }
            }
            var env: [String: Taint] = [:]
            if readsEnv {
                if let known = workflowEnv[use.workflow] {
                    env = known
                } else {
                    add(workflow?.env ?? [], to: &env)
                    workflowEnv[use.workflow] = env
                }
                if let step = workflow.flatMap({ Self.step(use.step, in: $0.steps) }) { add(step.env, to: &env) }
            }
            for (hole, site) in use.holes {
                guard let t = Self.taint(of: hole, inputs: inputsHere, env: env) else { continue }
                let quoted = TemplatePipe.isShellQuoted(hole.pipes)
                if site.evaluator == nil, site.quoting == .none, quoted { continue }
                report(
                    .shellInjection,
                    Self.message(
                        "'{{ \(([hole.source] + hole.pipes.map(\.description)).joined(separator: " | ")) }}' puts \(t.origin) into a run command",
                        site: site, quoted: quoted),
                    at: hole.range, notes: t.notes + [Self.fix(for: hole, site: site)])
            }
            for v in use.variables {
                guard let t = env[v.name], !t.quoted, let evaluator = v.site.evaluator else { continue }
                report(
                    .shellInjection,
                    "'$\(v.name)' holds \(t.origin) and '\(evaluator)' parses it as shell again; a value with shell syntax in it would run as a command",
                    at: v.range,
                    notes: t.notes + [
                        DiagnosticNote("use \"$\(v.name)\" as data in a command that does not parse it again, not after '\(evaluator)'")
                    ])
            }
        }
    }

    private static let payload = "an event's payload"

    /// Where a hole's value comes from, when it is untrusted.
    private static func taint(of hole: TemplateHole, inputs: [String: Taint], env: [String: Taint]) -> Taint? {
        if hole.readsUntrustedValues {
            return Taint(
                origin: hole.reads.contains { $0.hasPrefix("steps") } ? "a step's output" : payload,
                quoted: TemplatePipe.isShellQuoted(hole.pipes))
        }
        for read in hole.reads {
            let segments = read.split(separator: ".", maxSplits: 2).map(String.init)
            guard segments.count >= 2 else { continue }
            let found = segments[0] == "inputs" ? inputs[segments[1]] : segments[0] == "env" ? env[segments[1]] : nil
            guard var t = found else { continue }
            // A quoted value stays one word only when nothing is done to it.
            t.quoted = TemplatePipe.isShellQuoted(hole.pipes) || (t.quoted && hole.pipes.isEmpty && hole.path != nil)
            return t
        }
        return nil
    }

    /// Where a template's value comes from, when one of its holes is untrusted.
    private static func taint(of template: Template, inputs: [String: Taint], env: [String: Taint]) -> Taint? {
        for hole in template.holes {
            guard var t = taint(of: hole, inputs: inputs, env: env) else { continue }
            t.quoted = t.quoted && template.parts.count == 1
            return t
        }
        return nil
    }

    private static func message(_ what: String, site: ShellScan.Site, quoted: Bool) -> String {
        if let evaluator = site.evaluator {
            return "\(what) that '\(evaluator)' parses as shell again, so that quoting does not keep shell syntax in the value from running"
        }
        let pipe = quoted ? "; '| shell_quote' does not help there" : ""
        switch site.quoting {
        case .none:
            return "\(what) unquoted; a value with shell syntax in it would run as a command"
        case .doubleQuotes:
            return "\(what) inside double quotes, where '$(...)' and backquotes in the value still run\(pipe)"
        case .singleQuotes:
            return
                "\(what) inside single quotes, which a quote in the value ends\(quoted ? "; '| shell_quote' inside single quotes leaves the value unquoted" : "")"
        case .hereDocument(let delimiter, let expands):
            return
                "\(what) inside a here-document, where a line '\(delimiter)' in the value ends the document and the lines after it run as commands\(expands ? ", and '$(...)' in the value runs" : "")\(pipe)"
        case .comment:
            return "\(what) inside a comment, which a newline in the value ends; the lines after it run as commands"
        case .arithmetic:
            return "\(what) inside '$((...))', which a ')' in the value ends\(pipe)"
        }
    }

    /// The fix: the value through `env`, the variable in double quotes.
    private static func fix(for hole: TemplateHole, site: ShellScan.Site) -> DiagnosticNote {
        let kept = ([hole.expression] + hole.pipes.filter { $0 != .shellQuote }.map(\.description)).joined(separator: " | ")
        let env = "pass it through 'env' (env: { VALUE: '{{ \(kept) }}' })"
        if site.evaluator != nil {
            return DiagnosticNote("\(env) and use \"$VALUE\" as data in a command that does not parse it again")
        }
        if site.quoting == .none {
            return DiagnosticNote("\(env) and write \"$VALUE\" in the command, or add '| shell_quote'")
        }
        return DiagnosticNote(
            "\(env) and write \"$VALUE\" in the command; '| shell_quote' is safe only as a word of its own, outside quotes")
    }

    private static func step(_ id: String, in steps: [StepDecl]) -> StepDecl? {
        for s in steps {
            if s.id.value == id { return s }
            if let found = step(id, in: s.onFailure) { return found }
        }
        return nil
    }
}
