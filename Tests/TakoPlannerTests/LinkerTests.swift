import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoResolve
import Testing

@testable import TakoPlanner

/// `takoc plan` and `takoc check --cache-dir` read the same link stage, so they see the
/// same fan-outs: one inside an `on_failure` step included (check used to skip it).
@Suite struct LinkerTests {
    /// acme/lib announces `rolled_back` only from the `on_failure` step of its release.
    static let lib = """
        version: "1"
        workflows:
          release:
            steps:
              - id: deploy
                run: ./deploy.sh
                on_failure:
                  - id: announce
                    uses: tako/fan-out@v1
                    with:
                      event_type: rolled_back
                      schema_version: "1.0.0"
                      payload:
                        reason: deploy failed
        """

    static func app(readsKey key: String) -> String {
        """
        version: "1"
        workflows:
          cleanup:
            inputs:
              why: { type: string, required: true }
            steps:
              - run: echo {{ inputs.why | shell_quote }}
        subscriptions:
          - artifact: acme/lib:default
            events: [rolled_back]
            schema_version: "^1.0.0"
            workflow: cleanup
            inputs:
              why: "{{ event.payload.\(key) }}"
        """
    }

    static func manifest(_ repo: String, _ text: String) throws -> ManifestDecl {
        let lowered = Lowering.lower(path: "\(repo)/tako.yml", bytes: Array(text.utf8))
        #expect(!lowered.diagnostics.hasErrors, "\(lowered.diagnostics)")
        return try #require(lowered.manifest)
    }

    /// What each command reports about acme/app's subscription, by ID.
    static func both(_ appText: String) throws -> (check: [DiagnosticID], plan: [DiagnosticID], linked: LinkedWorkspace) {
        let lib = try manifest("acme/lib", Self.lib)
        let app = try manifest("acme/app", appText)
        let workspace = Workspace(manifests: ["acme/lib": lib, "acme/app": app])
        // takoc check --cache-dir acme/app/tako.yml, with acme/lib in the cache.
        let check = PublisherCatalog(linked: Linker.linkAll(Workspace(manifests: ["acme/lib": lib]))).check(app).map(\.id)
        // takoc plan from acme/lib's release.
        let request = PlanRequest(rootRepo: "acme/lib", workflow: "release")
        let linked = Linker.link(workspace, from: [request.root])
        let outcome = Planner.plan(request, linked: linked, repositories: [:])
        let plan = outcome.diagnostics.filter { $0.range?.file == "acme/app/tako.yml" }.map(\.id)
        return (check, plan, linked)
    }

    @Test func anOnFailureFanOutIsLinkedForBothCommands() throws {
        let (check, plan, linked) = try Self.both(Self.app(readsKey: "reason"))
        #expect(check == [])
        #expect(plan == [])
        let site = FanOutSite(workflow: WorkflowRef(repo: "acme/lib", workflow: "release"), step: "announce")
        let fanOut = try #require(linked.fanOut(at: site))
        #expect(fanOut.resolution.matches.map(\.subscriber.repo) == ["acme/app"])
        #expect(
            linked.workflows == [WorkflowRef(repo: "acme/lib", workflow: "release"), WorkflowRef(repo: "acme/app", workflow: "cleanup")])
    }

    @Test func bothCommandsReportTheSameProblemWithIt() throws {
        let (check, plan, _) = try Self.both(Self.app(readsKey: "cause"))
        #expect(check == [.unknownPayloadKey])
        #expect(plan == check)
    }

    @Test func theWalkIncludesNestedOnFailureStepsInOrder() throws {
        let lib = try Self.manifest("acme/lib", Self.lib)
        let workflow = try #require(lib.workflow(named: "release"))
        #expect(Linker.allSteps(workflow.steps).map(\.id.value) == ["deploy", "announce"])
        #expect(Linker.fanOuts(of: workflow).map(\.step.id.value) == ["announce"])
    }
}
