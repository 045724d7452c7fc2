import TakoBasics
import TakoPlanFormat
import Testing

@testable import TakoPlanner

@Suite struct ExpressionPlanningTests {
    func subscriberWithFilter(_ filter: String) -> String {
        subscriber(to: "acme/lib").replacingOccurrences(
            of: "    workflow: integrate\n", with: "    workflow: integrate\n    filters: [\"\(filter)\"]\n")
    }

    @Test func filtersOverKnownValuesDecideTheEdgeWhenThePlanIsMade() throws {
        let world = World(files: [
            "acme/lib": publisher(),
            "acme/a": subscriberWithFilter("semver.major(event.payload.version) >= 2"),
            "acme/b": subscriberWithFilter("event.payload.version.startsWith('1.')"),
        ])
        let (outcome, text) = world.plan("acme/lib", "release", inputs: ["version": "1.4.0"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(plan.runs.map(\.repo) == ["acme/lib", "acme/b"])
        #expect(
            outcome.explanations.contains {
                $0.contains("acme/a is not triggered: the filter 'semver.major(event.payload.version) >= 2' is false for this event")
            })
        let major2 = try #require(world.plan("acme/lib", "release", inputs: ["version": "2.0.0"]).0.plan)
        #expect(major2.runs.map(\.repo) == ["acme/lib", "acme/a"])
    }

    func subscriberWithFilters(_ filters: [String], fanOut: String? = nil) -> String {
        let list = filters.map { "      - \"\($0)\"\n" }.joined()
        return subscriber(to: "acme/lib", fanOut: fanOut).replacingOccurrences(
            of: "    workflow: integrate\n", with: "    filters:\n\(list)    workflow: integrate\n")
    }

    @Test func aFilterOnRunTimeValuesBecomesTheChildRunsCondition() throws {
        let (outcome, text) = World(files: ["acme/lib": publisher(), "acme/a": subscriberWithFilter("event.payload.id != ''")])
            .plan("acme/lib", "release", inputs: ["version": "1"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(text.isEmpty, "\(text)")
        #expect(plan.runs.map(\.condition) == [nil, "event.payload.id != ''"])
        #expect(
            outcome.explanations.contains(
                "acme/a/tako.yml:12:15: acme/a 'integrate' (r2) is left for run time: the filter 'event.payload.id != ''' reads event.payload.id, "
                    + "which exists only when r1/notify runs; tako exec decides it before the run starts"), "\(outcome.explanations)")
    }

    @Test func filtersDecidedTrueAreDroppedAndTheRestAreJoinedInFileOrder() throws {
        let files = [
            "acme/lib": publisher(),
            "acme/a": subscriberWithFilters(["event.payload.id.startsWith('b')", "event.payload.version == '1'", "payload.id != 'bad'"]),
        ]
        let plan = try #require(World(files: files).plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        #expect(plan.runs[1].condition == "(event.payload.id.startsWith('b')) && (payload.id != 'bad')")
        // A filter false when the plan is made drops the run, whatever the others would say at run time.
        let (dropped, _) = World(files: files).plan("acme/lib", "release", inputs: ["version": "2"])
        #expect(dropped.plan?.runs.map(\.repo) == ["acme/lib"])
        #expect(
            dropped.explanations.contains { $0.contains("acme/a is not triggered: the filter 'event.payload.version == '1'' is false") })
    }

    @Test func theSubtreeOfAConditionalRunIsPlannedUnderIt() throws {
        let files = [
            "acme/lib": publisher(), "acme/a": subscriberWithFilters(["event.payload.id != ''"], fanOut: "tested"),
            "acme/b": subscriber(to: "acme/a", event: "tested"),
        ]
        let plan = try #require(World(files: files).plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        #expect(plan.runs.map(\.repo) == ["acme/lib", "acme/a", "acme/b"])
        #expect(plan.runs.map(\.condition) == [nil, "event.payload.id != ''", nil])
        #expect(plan.runs[2].parent == "r2/step-2")
        let tree = PlanTree.render(plan)
        #expect(tree.contains("r2 acme/a · integrate  ← built 1.0.0 (acme/a/tako.yml:14:5)  [if event.payload.id != '']\n"), "\(tree)")
        #expect(
            PlanGraph.text(plan).contains(
                "  r2 acme/a · integrate  ← built  [if event.payload.id != '']\n    r3 acme/b · integrate  ← tested\n"),
            "\(PlanGraph.text(plan))")
        #expect(
            PlanGraph.mermaid(plan).contains("  n0 -.->|\"built<br/>if event.payload.id != ''\"| n1\n  n1 -->|\"tested\"| n2\n"),
            "\(PlanGraph.mermaid(plan))")
        #expect(
            PlanGraph.dot(plan).contains("  n0 -> n1 [label=\"built\\nif event.payload.id != ''\", style=dashed];"),
            "\(PlanGraph.dot(plan))")
    }

    @Test func aConditionalRunIsNotTheSameSubtreeAsAnUnconditionalOne() throws {
        var plan = try #require(
            World(files: ["acme/lib": publisher(), "acme/a": subscriber(to: "acme/lib")])
                .plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        var twin = plan.runs[1]
        twin.id = "r3"
        twin.condition = "event.payload.id == 'x'"
        plan.runs.append(twin)
        plan.runs[0].steps[1].fanOut?.children = ["r2", "r3"]
        let tree = PlanTree.render(plan)
        #expect(!tree.contains("same as"), "\(tree)")
        #expect(tree.contains("r3 acme/a · integrate  ← built 1.0.0 (acme/a/tako.yml:9:5)  [if event.payload.id == 'x']\n"), "\(tree)")
    }

    @Test func aFilterThatFailsIsAnErrorNotFalse() {
        let (outcome, text) = World(files: [
            "acme/lib": publisher(), "acme/a": subscriberWithFilter("semver.major(event.payload.version) > 0"),
        ])
        .plan("acme/lib", "release", inputs: ["version": "banana"])
        #expect(outcome.plan == nil)
        #expect(
            text.contains("error: the filter 'semver.major(event.payload.version) > 0' fails for this event: semver.major: "), "\(text)")
    }

    @Test func aFilterReadingAPayloadKeyNobodySendsIsAnError() {
        let (_, text) = World(files: ["acme/lib": publisher(), "acme/a": subscriberWithFilter("event.payload.chanel == 'lts'")])
            .plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(text.contains("acme/lib sends no payload key 'chanel' with 'built'"), "\(text)")
    }

    @Test func conditionsAreDecidedNowOrLeftForRunTime() throws {
        let lib = """
            version: "1"
            workflows:
              release:
                inputs:
                  version: { type: string, required: true }
                  dry: { type: boolean, default: false }
                steps:
                  - id: build
                    run: echo built
                    produces: { outputs: { sha: from_stdout } }
                  - id: always
                    if: "!inputs.dry"
                    run: echo always
                  - id: never
                    if: inputs.dry || inputs.version == '0'
                    run: echo never
                  - id: later
                    if: steps.build.outputs.sha != ''
                    run: echo later
            """
        let plan = try #require(World(files: ["acme/lib": lib]).plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        #expect(plan.runs[0].steps.map(\.condition) == [nil, nil, "false", "steps.build.outputs.sha != ''"])
        #expect(plan.runs[0].inputTypes == ["version": "string", "dry": "boolean"])
    }
}

/// Small things of what takoc prints: `--explain` in source order, plural forms.
@Suite struct PlanTextTests {
    @Test func explanationsAreInFileAndLineOrder() {
        let lines = ["b/tako.yml:2:1: x", "a/tako.yml:10:5: late", "a/tako.yml:9:12: early", "a/tako.yml:9:3: first", "no position"]
        #expect(
            Explanations.inSourceOrder(lines)
                == ["a/tako.yml:9:3: first", "a/tako.yml:9:12: early", "a/tako.yml:10:5: late", "b/tako.yml:2:1: x", "no position"])
    }

    @Test func aPlanOfOneRunSaysSoInTheSingular() throws {
        let plan = try #require(
            World(files: ["acme/lib": publisher()])
                .plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        #expect(PlanTree.render(plan).hasPrefix("plan acme/lib 'release': 1 run in 1 repository, 2 steps\n"), "\(PlanTree.render(plan))")
    }
}
