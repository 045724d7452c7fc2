import TakoCEL
import TakoExpressions
import TakoPlanFormat
import TakoTemplates

/// The values a run's templates may read when they are rendered: `inputs.X`, `env.X`,
/// `steps.ID.outputs.NAME`, `event.payload.KEY` (and `event.type`).
public struct TemplateScope: Sendable {
    public var inputs: [String: String]
    /// The run's `env`, then tako's own environment.
    public var env: [String: String]
    public var processEnvironment: [String: String]
    public var outputs: [String: [String: String]]
    /// Steps whose outputs do not exist because they failed or were skipped.
    public var unavailableSteps: [String: StepStatus]
    public var eventType: String?
    public var payload: [String: String]
    /// The rest of the event that started the run (for conditions): its schema version,
    /// the publisher's `owner/repo:artifact`, and the publishing repository.
    public var eventSchemaVersion: String?
    public var eventArtifact: String?
    public var eventSource: String?
    /// Declared input types (`string`, `boolean`, `number`), so a condition sees typed values.
    public var inputTypes: [String: String] = [:]

    public init(
        inputs: [String: String] = [:], env: [String: String] = [:], processEnvironment: [String: String] = [:],
        outputs: [String: [String: String]] = [:], unavailableSteps: [String: StepStatus] = [:],
        eventType: String? = nil, payload: [String: String] = [:]
    ) {
        self.inputs = inputs
        self.env = env
        self.processEnvironment = processEnvironment
        self.outputs = outputs
        self.unavailableSteps = unavailableSteps
        self.eventType = eventType
        self.payload = payload
    }

    public func value(of path: TemplatePath) -> String? {
        let s = path.segments
        switch (s.first, s.count) {
        case ("inputs", 2): return inputs[s[1]]
        case ("env", 2): return env[s[1]] ?? processEnvironment[s[1]]
        case ("steps", 4) where s[2] == "outputs": return outputs[s[1]]?[s[3]]
        case ("event", 3) where s[1] == "payload": return payload[s[2]]
        case ("event", 2) where s[1] == "type": return eventType
        case ("event", 2) where s[1] == "schema_version": return eventSchemaVersion
        case ("event", 2) where s[1] == "artifact": return eventArtifact
        case ("event", 2) where s[1] == "source": return eventSource
        default: return nil
        }
    }

    /// The step a hole reads outputs of, when that step failed or was skipped.
    func unavailableStep(in path: TemplatePath) -> (id: String, status: StepStatus)? {
        guard path.segments.count >= 2, path.segments[0] == "steps",
            let status = unavailableSteps[path.segments[1]]
        else { return nil }
        return (path.segments[1], status)
    }
}

/// Why a template could not be rendered.
enum RenderFailure: Error, Sendable {
    /// It reads the outputs of a step that failed or was skipped: the reader is skipped too.
    case dependsOn(step: String, status: StepStatus)
    /// A hole with no value, or text that is not a template (a damaged plan).
    case missing(String)

    var message: String {
        switch self {
        case .dependsOn(let step, let status):
            "it reads outputs of step '\(step)', which \(status == .skipped ? "was skipped" : "did not succeed")"
        case .missing(let why): why
        }
    }
}

extension TemplateScope {
    func render(_ planned: PlannedValue) throws(RenderFailure) -> String {
        switch planned {
        case .value(let v):
            return v
        case .template(let text):
            guard let template = PlanTemplate(parsing: text) else {
                throw .missing("the template '\(text)' is not valid; the plan is damaged")
            }
            var out = ""
            for part in template.parts {
                switch part {
                case .text(let t): out += t
                case .hole(let hole): out += try render(hole, in: text)
                }
            }
            return out
        }
    }

    /// One hole's text: a path is looked up, any other expression evaluated with TakoCEL in
    /// TakoExpressions' environment, then the pipes applied (TemplateRendering).
    private func render(_ hole: PlanHole, in text: String) throws(RenderFailure) -> String {
        let result: Result<String, TemplateRendering.Failure>
        var reads: [TemplatePath] = []
        if let path = hole.path {
            reads = [path]
            let found = value(of: path)
            if let found, hole.pipes.isEmpty { return found }
            // A path's text is the value as given; only `json` needs its type (as at plan time).
            let typedInput = hole.pipes.contains(.json) && path.segments.count == 2 && path.segments[0] == "inputs"
            let typed = found.map { typedInput ? CELConditionEvaluator.input($0, type: inputTypes[path.segments[1]]) : .string($0) }
            result = TemplateRendering.render(typed, pipes: hole.pipes, missing: "no value for '{{ \(hole) }}' in '\(text)'")
        } else {
            let compilation = TakoEnvironment.evaluation.compile(hole.expression)
            guard let program = compilation.program else {
                throw .missing("the hole '{{ \(hole) }}' does not compile: \(compilation.renderedDiagnostics); the plan is damaged")
            }
            reads = program.referencedAttributes.map { TemplatePath($0.split(separator: ".").map(String.init)) }
            result = TemplateRendering.render(program.evaluate(CELConditionEvaluator.values(of: self)), pipes: hole.pipes)
        }
        switch result {
        case .success(let rendered):
            return rendered
        case .failure(let failure):
            for path in reads { if let (id, status) = unavailableStep(in: path) { throw .dependsOn(step: id, status: status) } }
            if hole.path != nil && failure.message.hasPrefix("no value for") { throw .missing(failure.message) }
            throw .missing("'{{ \(hole) }}' in '\(text)': \(failure.message)")
        }
    }

    /// The run's `inputs` and `env` rendered (over the event that started it), for its steps.
    mutating func enter(_ run: PlannedRun) throws(RenderFailure) {
        inputs = try render(run.inputs)
        env = try render(run.env)
    }

    /// What a finished step leaves for the steps after it: its outputs, or why it has none.
    mutating func record(step id: String, status: StepStatus, outputs stepOutputs: [String: String]) {
        if status == .succeeded {
            outputs[id] = stepOutputs
        } else {
            unavailableSteps[id] = status
        }
    }

    func render(_ values: [String: PlannedValue]) throws(RenderFailure) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in values { out[key] = try render(value) }
        return out
    }
}
