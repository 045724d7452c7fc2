import TakoExpressions
import TakoIR
import TakoPlanFormat

/// One step's declaration → its planned form, with every template either rendered (all its
/// holes known now) or kept whole for `tako exec`.
enum StepPlanning {
    /// `decide` turns the step's `if` into the plan's condition: nil when it is true now, the
    /// expression when it needs run-time values, `false` when it is false now.
    static func plan(
        _ step: StepDecl, repo: String, known: [TemplatePath: String], kinds: [String: InputKind] = [:],
        programs: ProgramCache = ProgramCache(), decide: (StepDecl) -> String?
    ) -> PlannedStep {
        let value = { (t: Template) in Self.value(t, known: known, kinds: kinds, programs: programs) }
        var planned = PlannedStep(
            id: step.id.value, name: step.name, provenance: step.range.description,
            env: Dictionary(uniqueKeysWithValues: step.env.map { ($0.name.value, value($0.value)) }),
            outputs: step.produces.outputs.map(output), timeoutSeconds: step.timeout?.value.seconds,
            continueOnError: step.continueOnError, condition: decide(step),
            onFailure: step.onFailure.map { plan($0, repo: repo, known: known, kinds: kinds, programs: programs, decide: decide) })
        planned.resources = step.resources.map { PlannedResources(cpuMillis: $0.value.cpuMillis, memoryBytes: $0.value.memoryBytes) }
        switch step.action {
        case .run(let command):
            planned.run = value(command)
        case .fanOut(let fan):
            let event = PlannedEvent(
                type: fan.eventType.value, schemaVersion: fan.event.schemaVersion?.value, artifact: "\(repo):\(fan.artifact)",
                payload: Dictionary(uniqueKeysWithValues: fan.event.payload.map { ($0.key.value, value($0.value)) }))
            planned.fanOut = PlannedFanOut(
                event: event, children: [], waitForChildren: fan.waitForChildren,
                concurrencyLimit: fan.concurrencyLimit, failFast: fan.failFast,
                timeoutSeconds: fan.timeout?.value.seconds)
        }
        return planned
    }

    /// Rendered when every hole is known; otherwise the whole template, for run time.
    /// (Never half-filled: a value substituted now could contain `{{` and be read as a hole later.)
    /// A hole that fails now (a bad conversion, say) is left for run time too, where it fails
    /// with the run's context.
    static func value(
        _ template: Template, known: [TemplatePath: String], kinds: [String: InputKind] = [:],
        programs: ProgramCache = ProgramCache()
    ) -> PlannedValue {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let t):
                text += t
            case .hole(let h):
                guard let v = ExpressionPlanning.hole(h, known: known, kinds: kinds, programs: programs) else {
                    return .template(templateText(template))
                }
                text += v
            }
        }
        return .value(text)
    }

    /// The template as the plan writes it: literal text, and each hole canonical
    /// (`{{ EXPR | pipe }}`, the text `PlanTemplate` parses back).
    static func templateText(_ template: Template) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let t): text += t
            case .hole(let h): text += "{{ " + h.text + " }}"
            }
        }
        return text
    }

    static func knownInputs(_ inputs: [String: PlannedValue]) -> [TemplatePath: String] {
        var known: [TemplatePath: String] = [:]
        for (name, v) in inputs {
            if case .value(let s) = v { known[TemplatePath(["inputs", name])] = s }
        }
        return known
    }

    static func output(_ o: OutputDecl) -> PlannedOutput {
        switch o.source {
        case .stdout: PlannedOutput(name: o.name.value, source: .stdout)
        case .stderr: PlannedOutput(name: o.name.value, source: .stderr)
        case .file(let p): PlannedOutput(name: o.name.value, source: .file, path: p)
        case .outputsFile: PlannedOutput(name: o.name.value, source: .outputsFile)
        }
    }
}
