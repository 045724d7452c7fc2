import TakoExpressions
import TakoPlanFormat

/// Preflight for templates: every template of the plan parses and every hole that is an
/// expression compiles, before any step runs. A plan that fails here was damaged, or written
/// by a takoc whose templates this tako cannot read; finding out half-way through a run
/// would leave the steps before it done and the rest not.
enum TemplateCheck {
    static func check(_ plan: Plan) throws(ExecError) {
        for run in plan.runs {
            try check(run.inputs, "an input of run '\(run.id)'")
            try check(run.env, "the env of run '\(run.id)'")
            for step in run.steps + run.steps.flatMap(\.onFailure) {
                let which = "step '\(step.id)' of run '\(run.id)' (\(step.provenance))"
                if let command = step.run { try check(command, "the command of \(which)") }
                try check(step.env, "the env of \(which)")
                if let payload = step.fanOut?.event.payload { try check(payload, "the payload of \(which)") }
            }
        }
    }

    private static func check(_ values: [String: PlannedValue], _ what: String) throws(ExecError) {
        for key in values.keys.sorted() { try check(values[key]!, "\(what) ('\(key)')") }
    }

    private static func check(_ value: PlannedValue, _ what: String) throws(ExecError) {
        guard case .template(let text) = value else { return }
        guard let template = PlanTemplate(parsing: text) else {
            throw ExecError(.plan, "\(what) is not a valid template: '\(text)'; the plan is damaged, or was written by a newer takoc")
        }
        for hole in template.holes where hole.path == nil {
            let compilation = TakoEnvironment.evaluation.compile(hole.expression)
            if compilation.program == nil {
                throw ExecError(.plan, "\(what): the hole '{{ \(hole) }}' does not compile: \(compilation.renderedDiagnostics)")
            }
        }
    }
}
