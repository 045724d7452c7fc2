import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoResolve
import Testing

@testable import TakoPlanner

extension PlanOutcome {
    /// What `takoc plan --explain` prints, unsorted.
    var explanations: [String] { Explanations.lines(self) }
}

/// A world of repositories written as YAML strings, planned without any I/O.
struct World {
    var files: [String: String]

    func plan(_ repo: String, _ workflow: String, inputs: [String: String] = [:], maxDepth: Int = 10) -> (PlanOutcome, String) {
        var manifests: [String: ManifestDecl] = [:]
        var sources: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        var repositories: [String: PlannedRepository] = [:]
        for (name, text) in files {
            let lowered = Lowering.lower(path: "\(name)/tako.yml", bytes: Array(text.utf8))
            sources.append(lowered.source)
            diagnostics += lowered.diagnostics
            if let m = lowered.manifest { manifests[name] = m }
            repositories[name] = PlannedRepository(
                name: name, source: .cache, path: "/cache/\(name)/main", branch: "main",
                commit: String(repeating: "0", count: 40), files: [])
        }
        #expect(!diagnostics.hasErrors, "\(DiagnosticRenderer(sources: sources).render(diagnostics, as: .text))")
        let request = PlanRequest(rootRepo: repo, workflow: workflow, inputs: inputs, maxDepth: maxDepth)
        var outcome = Planner.plan(
            request, linked: Linker.link(Workspace(manifests: manifests), from: [request.root]), repositories: repositories)
        // As takoc emits it: sealed.
        outcome.plan = outcome.plan.map(PlanFile.seal)
        return (outcome, DiagnosticRenderer(sources: sources).render(outcome.diagnostics, as: .text))
    }
}

/// A repository that fans out `event` (payload `version`) from workflow `release`.
func publisher(event: String = "built", extraSteps: String = "") -> String {
    """
    version: "1"
    workflows:
      release:
        inputs:
          version: { type: string, required: true }
        steps:
          - id: build
            run: echo {{ inputs.version }}
            produces:
              outputs:
                id: from_stdout
          - id: notify
            uses: tako/fan-out@v1
            with:
              event_type: \(event)
              schema_version: "1.0.0"
              payload:
                version: "{{ inputs.version }}"
                id: "{{ steps.build.outputs.id }}"
    \(extraSteps)
    """
}

/// A repository subscribed to `publisherRepo`'s `event`, running workflow `integrate`.
func subscriber(to publisherRepo: String, event: String = "built", fanOut: String? = nil, input: String = "version") -> String {
    var lines = [
        "version: \"1\"",
        "workflows:",
        "  integrate:",
        "    inputs:",
        "      v: { type: string, required: true }",
        "    steps:",
        "      - run: echo {{ inputs.v }}",
    ]
    if let fanOut {
        lines += [
            "      - uses: tako/fan-out@v1",
            "        with:",
            "          event_type: \(fanOut)",
            "          schema_version: \"1.0.0\"",
            "          payload: { version: \"{{ inputs.v }}\" }",
        ]
    }
    lines += [
        "subscriptions:",
        "  - artifact: \(publisherRepo):default",
        "    events: [\(event)]",
        "    workflow: integrate",
        "    inputs:",
        "      v: \"{{ event.payload.\(input) }}\"",
    ]
    return lines.joined(separator: "\n") + "\n"
}
