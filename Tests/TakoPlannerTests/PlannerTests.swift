import TakoBasics
import TakoPlanFormat
import Testing

@testable import TakoPlanner

@Suite struct PlannerTests {
    @Test func fanOutReachesEverySubscriberInRepositoryOrder() throws {
        let world = World(files: ["acme/lib": publisher(), "acme/b": subscriber(to: "acme/lib"), "acme/a": subscriber(to: "acme/lib")])
        let (outcome, text) = world.plan("acme/lib", "release", inputs: ["version": "1.2.0"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(plan.runs.map(\.id) == ["r1", "r2", "r3"])
        #expect(plan.runs.map(\.repo) == ["acme/lib", "acme/a", "acme/b"])
        #expect(plan.runs[1].parent == "r1/notify")
        #expect(plan.runs[1].trigger?.eventType == "built")
        #expect(plan.runs[1].trigger?.artifact == "acme/lib:default")
        // Known at plan time: filled in. Produced by a step: left for tako exec.
        #expect(plan.runs[0].steps[0].run == .value("echo 1.2.0"))
        #expect(plan.runs[1].inputs["v"] == .value("1.2.0"))
        #expect(plan.runs[0].steps[1].fanOut?.event.payload["id"] == .template("{{ steps.build.outputs.id }}"))
        #expect(plan.runs[0].steps[1].fanOut?.children == ["r2", "r3"])
        #expect(plan.edges.contains(PlannedEdge(from: "r1/build", to: "r1/notify", kind: .step)))
        #expect(plan.edges.contains(PlannedEdge(from: "r1/notify", to: "r3", kind: .fanOut)))
        #expect(plan.digest == PlanFile.digest(of: plan))
    }

    @Test func runTimeValuesFlowThroughAsTemplates() throws {
        let world = World(files: ["acme/lib": publisher(), "acme/a": subscriber(to: "acme/lib", input: "id")])
        let plan = try #require(world.plan("acme/lib", "release", inputs: ["version": "1.2.0"]).0.plan)
        #expect(plan.runs[1].inputs["v"] == .template("{{ event.payload.id }}"))
        #expect(plan.runs[1].steps[0].run == .template("echo {{ inputs.v }}"))
    }

    @Test func aDiamondBecomesTwoRuns() throws {
        let twoEvents = publisher(
            event: "built",
            extraSteps: """
                      - uses: tako/fan-out@v1
                        with:
                          event_type: tested
                          schema_version: "1.0.0"
                          payload: { version: "{{ inputs.version }}" }
                """)
        let both = """
            version: "1"
            workflows:
              integrate:
                inputs:
                  v: { type: string, required: true }
                steps:
                  - run: echo {{ inputs.v }}
            subscriptions:
              - artifact: acme/lib:default
                events: [built]
                workflow: integrate
                inputs: { v: "{{ event.payload.version }}" }
              - artifact: acme/lib:default
                events: [tested]
                workflow: integrate
                inputs: { v: "{{ event.payload.version }}" }
            """
        let (outcome, text) = World(files: ["acme/lib": twoEvents, "acme/app": both]).plan(
            "acme/lib", "release", inputs: ["version": "2.0.0"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(plan.runs.map(\.repo) == ["acme/lib", "acme/app", "acme/app"])
        #expect(plan.runs.map { $0.trigger?.eventType } == [nil, "built", "tested"])
        // Reached by different events: two runs, and the tree shows both in full.
        #expect(!PlanTree.render(plan).contains("same as"))
    }

    @Test func aCycleIsAnErrorNamingEveryHop() {
        let world = World(files: [
            "acme/a": subscriber(to: "acme/c", event: "c_done", fanOut: "a_done"),
            "acme/b": subscriber(to: "acme/a", event: "a_done", fanOut: "b_done"),
            "acme/c": subscriber(to: "acme/b", event: "b_done", fanOut: "c_done"),
        ])
        let (outcome, text) = world.plan("acme/a", "integrate", inputs: ["v": "1"])
        #expect(outcome.plan == nil)
        #expect(
            text.contains(
                "error: fan-out cycle: acme/a 'integrate' → acme/b 'integrate' → acme/c 'integrate' → acme/a 'integrate' [fan-out-cycle]"))
        for hop in [
            "acme/a/tako.yml:8:9: note: acme/a 'integrate' fans out 'a_done' here",
            "acme/b/tako.yml:14:5: note: acme/b subscribes to it here, starting 'integrate'",
            "acme/c/tako.yml:8:9: note: acme/c 'integrate' fans out 'c_done' here",
            "acme/a/tako.yml:14:5: note: acme/a subscribes to it here, starting 'integrate'",
        ] {
            #expect(text.contains(hop), "missing hop: \(hop)\n\(text)")
        }
    }

    @Test func laterMatchingSubscriptionsInOneFileAreShadowedWithAWarning() throws {
        let twice =
            subscriber(to: "acme/lib") + """

                  - artifact: acme/lib:default
                    events: [built]
                    workflow: integrate
                    inputs: { v: "{{ event.payload.version }}" }
                """
        let (outcome, text) = World(files: ["acme/lib": publisher(), "acme/a": twice]).plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(try #require(outcome.plan).runs.count == 2)
        #expect(
            text.contains(
                "warning: this subscription also matches 'built' from acme/lib:default, but the earlier one in this file triggers"))
    }

    @Test func aPayloadKeyThePublisherDoesNotSendIsAnError() {
        let (outcome, text) = World(files: ["acme/lib": publisher(), "acme/a": subscriber(to: "acme/lib", input: "verison")])
            .plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(outcome.plan == nil)
        #expect(
            text.contains(
                "error: acme/lib sends no payload key 'verison' with 'built' (it sends only 'version', 'id'); did you mean 'version'? [unknown-payload-key]"
            ))
        #expect(text.contains("acme/lib/tako.yml:15:11: note: the event is declared here"))
    }

    @Test func depthIsLimited() {
        let world = World(files: [
            "acme/a": publisher(event: "e1"),
            "acme/b": subscriber(to: "acme/a", event: "e1", fanOut: "e2"),
            "acme/c": subscriber(to: "acme/b", event: "e2", fanOut: "e3"),
            "acme/d": subscriber(to: "acme/c", event: "e3"),
        ])
        #expect(world.plan("acme/a", "release", inputs: ["version": "1"], maxDepth: 3).0.plan?.runs.count == 4)
        let (outcome, text) = world.plan("acme/a", "release", inputs: ["version": "1"], maxDepth: 2)
        #expect(outcome.plan == nil)
        #expect(text.contains("the fan-out goes deeper than 2 levels"))
    }

    @Test func rootInputsAreCheckedWhenThePlanIsMade() {
        let world = World(files: ["acme/lib": publisher()])
        #expect(
            world.plan("acme/lib", "release").1.contains(
                "error: workflow 'release' of acme/lib requires input 'version'; give it with --input version=VALUE [missing-input]"))
        #expect(
            world.plan("acme/lib", "release", inputs: ["version": "1", "verison": "2"]).1
                .contains(
                    "error: workflow 'release' of acme/lib has no input 'verison' (it takes 'version'); did you mean 'version'? [unknown-input]"
                ))
        #expect(
            world.plan("acme/lib", "relase").1.contains("acme/lib has no workflow 'relase' (it defines 'release'); did you mean 'release'?")
        )
    }

    @Test func planningIsDeterministicToTheByte() {
        let world = World(files: ["acme/lib": publisher(), "acme/b": subscriber(to: "acme/lib"), "acme/a": subscriber(to: "acme/lib")])
        let first = world.plan("acme/lib", "release", inputs: ["version": "1"]).0.plan.map(PlanFile.encode)
        for _ in 0..<5 {
            #expect(world.plan("acme/lib", "release", inputs: ["version": "1"]).0.plan.map(PlanFile.encode) == first)
        }
    }
}

@Suite struct SchemaRangeTests {
    func world(publisherVersion: String, range: String) -> World {
        let sub = subscriber(to: "acme/lib").replacingOccurrences(
            of: "    events: [built]\n", with: "    events: [built]\n    schema_version: \"\(range)\"\n")
        let pub = publisher().replacingOccurrences(of: "schema_version: \"1.0.0\"", with: "schema_version: \"\(publisherVersion)\"")
        return World(files: ["acme/lib": pub, "acme/a": sub])
    }

    @Test func aRangeThatAcceptsTheVersionMatches() throws {
        for range in ["^1.0.0", "[1.0.0...2.0.0)", ">=1.0, <2", "1.x", "~1.0.0"] {
            let (outcome, text) = world(publisherVersion: "1.0.0", range: range).plan("acme/lib", "release", inputs: ["version": "1"])
            #expect(outcome.plan?.runs.count == 2, "\(range): \(text)")
            #expect(text.isEmpty, "\(range): \(text)")
        }
    }

    @Test func aRangeThatExcludesTheDeclaredVersionIsAnErrorWithANoteAtThePublisher() {
        let (outcome, text) = world(publisherVersion: "1.0.0", range: "^2.0.0").plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(outcome.plan == nil)
        #expect(
            text.contains(
                "acme/a/tako.yml:11:21: error: schema range '^2.0.0' does not accept version 1.0.0 of 'built' from acme/lib [incompatible-schema]"
            ), "\(text)")
        #expect(text.contains("acme/lib/tako.yml:15:11: note: the publisher declares its schema version here"))
    }

    @Test func aPublisherRangeDisjointIsAnErrorAndPartialOverlapAWarning() {
        let disjoint = world(publisherVersion: "^1.2", range: "^2.0.0").plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(disjoint.0.plan == nil)
        #expect(disjoint.1.contains("schema range '^2.0.0' accepts none of the versions '^1.2' of 'built' from acme/lib"))
        let partial = world(publisherVersion: "^1.2", range: ">=1.2.0 <1.5.0").plan("acme/lib", "release", inputs: ["version": "1"])
        #expect(partial.0.plan?.runs.count == 2)
        #expect(
            partial.1.contains(
                "warning: 'built' from acme/lib may come with schema versions that '>=1.2.0 <1.5.0' does not accept, for example 1.5.0 (the publisher declares '^1.2') [partial-schema-overlap]"
            ), "\(partial.1)")
    }
}

@Suite struct PlanTreeTests {
    @Test func aRepeatedSubtreeCollapses() throws {
        var plan = try #require(
            World(files: ["acme/lib": publisher(), "acme/a": subscriber(to: "acme/lib")])
                .plan("acme/lib", "release", inputs: ["version": "1"]).0.plan)
        // The same child twice under one fan-out (as a diamond through one subscription would give).
        var twin = plan.runs[1]
        twin.id = "r3"
        plan.runs.append(twin)
        plan.runs[0].steps[1].fanOut?.children = ["r2", "r3"]
        let tree = PlanTree.render(plan)
        #expect(tree.contains("r3 acme/a · integrate  ← built 1.0.0 (acme/a/tako.yml:9:5)  — same as r2\n"), "\(tree)")
    }
}
