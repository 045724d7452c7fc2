import TakoBasics
import TakoPlanFormat
import Testing
@testable import TakoPlanner

@Suite struct ExpressionPlanningTests {
    func subscriberWithFilter(_ filter: String) -> String {
        subscriber(to: "acme/lib").replacingOccurrences(of: "    workflow: integrate\n", with: "    workflow: integrate\n    filters: [\"\(filter)\"]\n")
    }

    @Test func filtersOverKnownValuesDecideTheEdgeWhenThePlanIsMade() throws {
        let world = World(files: ["acme/lib": publisher(),
                                  "acme/a": subscriberWithFilter("semver.major(event.payload.version) >= 2"),
                                  "acme/b": subscriberWithFilter("event.payload.version.startsWith('1.')")])
        let (outcome, text) = world.plan("acme/lib", "release", inputs: ["version": "1.4.0"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(plan.runs.map(\.repo) == ["acme/lib", "acme/b"])
        #expect(outcome.explanations.contains { $0.contains("acme/a is not triggered: the filter 'semver.major(event.payload.version) >= 2' is false for this event") })
        let major2 = try #require(world.plan("acme/lib", "release", inputs: ["version": "2.0.0"]).0.plan)
        #expect(major2.runs.map(\.repo) == ["acme/lib", "acme/a"])
    }

    @Test func aFilterOnRunTimeValuesIsRefusedForNow() {
        let (outcome, text) = World(files: ["acme/lib": publisher(), "acme/a": subscriberWithFilter("event.payload.id != ''")])
            .plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(outcome.plan == nil)
        #expect(text.contains("this filter reads values that exist only at run time (event.payload.id)"), "\(text)")
    }

    @Test func aFilterThatFailsIsAnErrorNotFalse() {
        let (outcome, text) = World(files: ["acme/lib": publisher(), "acme/a": subscriberWithFilter("semver.major(event.payload.version) > 0")])
            .plan("acme/lib", "release", inputs: ["version": "banana"])
        #expect(outcome.plan == nil)
        #expect(text.contains("error: the filter 'semver.major(event.payload.version) > 0' fails for this event: semver.major: "), "\(text)")
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
