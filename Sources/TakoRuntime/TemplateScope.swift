import TakoPlanFormat

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

    public init(inputs: [String: String] = [:], env: [String: String] = [:], processEnvironment: [String: String] = [:],
                outputs: [String: [String: String]] = [:], unavailableSteps: [String: StepStatus] = [:],
                eventType: String? = nil, payload: [String: String] = [:]) {
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
              let status = unavailableSteps[path.segments[1]] else { return nil }
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
        case .dependsOn(let step, let status): "it reads outputs of step '\(step)', which \(status == .skipped ? "was skipped" : "did not succeed")"
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
            for hole in template.holes where value(of: hole) == nil {
                if let (id, status) = unavailableStep(in: hole) { throw .dependsOn(step: id, status: status) }
                throw .missing("no value for '{{ \(hole) }}' in '\(text)'")
            }
            guard let rendered = template.filling({ self.value(of: $0) }).renderedText else {
                throw .missing("'\(text)' still has holes after rendering")
            }
            return rendered
        }
    }

    func render(_ values: [String: PlannedValue]) throws(RenderFailure) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in values { out[key] = try render(value) }
        return out
    }
}
