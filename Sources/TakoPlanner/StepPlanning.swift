import TakoIR
import TakoPlanFormat

/// One step's declaration → its planned form, with every template either rendered (all its
/// holes known now) or kept whole for `tako exec`.
enum StepPlanning {
    /// `decide` turns the step's `if` into the plan's condition: nil when it is true now, the
    /// expression when it needs run-time values, `false` when it is false now.
    static func plan(_ step: StepDecl, repo: String, known: [TemplatePath: String], decide: (StepDecl) -> String?) -> PlannedStep {
        var planned = PlannedStep(
            id: step.id.value, name: step.name, provenance: step.range.description,
            env: Dictionary(uniqueKeysWithValues: step.env.map { ($0.name.value, value($0.value, known: known)) }),
            outputs: step.produces.outputs.map(output), timeoutSeconds: step.timeout?.value.seconds,
            continueOnError: step.continueOnError, condition: decide(step),
            onFailure: step.onFailure.map { plan($0, repo: repo, known: known, decide: decide) })
        switch step.action {
        case .run(let command):
            planned.run = value(command, known: known)
        case .fanOut(let fan):
            let event = PlannedEvent(type: fan.eventType.value, schemaVersion: fan.event.schemaVersion?.value, artifact: "\(repo):\(fan.artifact)",
                                     payload: Dictionary(uniqueKeysWithValues: fan.event.payload.map { ($0.key.value, value($0.value, known: known)) }))
            planned.fanOut = PlannedFanOut(event: event, children: [], waitForChildren: fan.waitForChildren,
                                           concurrencyLimit: fan.concurrencyLimit, failFast: fan.failFast,
                                           timeoutSeconds: fan.timeout?.value.seconds)
        }
        return planned
    }

    /// Rendered when every hole is known; otherwise the whole template, for run time.
    /// (Never half-filled: a value substituted now could contain `{{` and be read as a hole later.)
    static func value(_ template: Template, known: [TemplatePath: String]) -> PlannedValue {
        let planTemplate = PlanTemplate(parts: template.parts.map { part in
            switch part {
            case .text(let t): .text(t)
            case .hole(let h): .hole(TemplatePath(h.segments))
            }
        })
        if planTemplate.holes.allSatisfy({ known[$0] != nil }),
           let rendered = planTemplate.filling({ known[$0] }).renderedText {
            return .value(rendered)
        }
        return .template(planTemplate.text)
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
