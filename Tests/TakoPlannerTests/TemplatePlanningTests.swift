import TakoPlanFormat
import Testing

@testable import TakoPlanner

/// Holes with expressions and pipes: rendered when the plan is made if every value they
/// read is known then, kept whole for tako exec otherwise.
@Suite struct TemplatePlanningTests {
    let lib = """
        version: "1"
        workflows:
          release:
            inputs:
              version: { type: string, required: true }
              shards: { type: number, default: 2 }
              tags: { type: string, default: "a, b" }
            env:
              LABEL: "{{ inputs.version | upper }}-{{ inputs.shards * 2.0 }}"
            steps:
              - id: build
                run: |
                  make VERSION={{ inputs.version | shell_quote }} TAGS={{ inputs.tags.split(',').map(t, t.trim()) | json | shell_quote }}
                produces:
                  outputs: { id: from_stdout }
                  events:
                    - type: built
                      payload:
                        id: "{{ steps.build.outputs.id | trim }}"
                        major: "{{ semver.major(inputs.version) }}"
              - uses: tako/fan-out@v1
                id: notify
                with: { event_type: built }
        """
    let app = """
        version: "1"
        workflows:
          integrate:
            inputs: { major: { type: string }, id: { type: string } }
            steps:
              - run: echo {{ inputs.major | default("none") }} {{ inputs.id | shell_quote }} {{ event.payload.id | lower | shell_quote }}
        subscriptions:
          - artifact: acme/lib:default
            events: [built]
            workflow: integrate
            inputs:
              major: "v{{ int(event.payload.major) + 1 }}"
              id: "{{ event.payload.id | upper }}"
        """

    @Test func knownHolesAreRenderedAndTheRestKeptWhole() throws {
        let world = World(files: ["acme/lib": lib, "acme/app": app])
        let (outcome, text) = world.plan("acme/lib", "release", inputs: ["version": "2.1.0"])
        let plan = try #require(outcome.plan, "\(text)")
        #expect(plan.runs[0].env["LABEL"] == .value("2.1.0-4"))
        #expect(plan.runs[0].steps[0].run == .value("make VERSION='2.1.0' TAGS='[\"a\",\"b\"]'\n"))
        let payload = try #require(plan.runs[0].steps[1].fanOut?.event.payload)
        #expect(payload["major"] == .value("2"))
        #expect(payload["id"] == .template("{{ steps.build.outputs.id | trim }}"))
        // The child: one input known now (computed from a known payload value), one left.
        #expect(plan.runs[1].inputs["major"] == .value("v3"))
        #expect(plan.runs[1].inputs["id"] == .template("{{ event.payload.id | upper }}"))
        #expect(
            plan.runs[1].steps[0].run
                == .template(
                    "echo {{ inputs.major | default(\"none\") }} {{ inputs.id | shell_quote }} {{ event.payload.id | lower | shell_quote }}"
                ))
    }

    @Test func theSamePlanEveryTime() throws {
        let world = World(files: ["acme/lib": lib, "acme/app": app])
        let a = try #require(world.plan("acme/lib", "release", inputs: ["version": "2.1.0"]).0.plan)
        let b = try #require(world.plan("acme/lib", "release", inputs: ["version": "2.1.0"]).0.plan)
        #expect(PlanFile.encode(a) == PlanFile.encode(b))
    }

    @Test func payloadKeysReadByExpressionHolesAreCheckedAgainstThePublisher() throws {
        let misspelt = app.replacingOccurrences(of: "{{ event.payload.id | upper }}", with: "{{ event.payload.idd.lowerAscii() }}")
        let (outcome, text) = World(files: ["acme/lib": lib, "acme/app": misspelt]).plan(
            "acme/lib", "release", inputs: ["version": "2.1.0"])
        #expect(outcome.plan == nil)
        #expect(outcome.diagnostics.map(\.id) == [.unknownPayloadKey], "\(text)")
        #expect(text.contains("'idd'"), "\(text)")
    }

    /// A step condition's outcome is shared by runs that read the same values, and only by them.
    @Test func runsShareAConditionsOutcomeOnlyWhenTheyReadTheSameValues() throws {
        func app(_ constant: String) -> String {
            """
            version: "1"
            workflows:
              integrate:
                inputs: { channel: { type: string } }
                steps:
                  - id: ship
                    if: inputs.channel != 'beta'
                    run: ./ship.sh
            subscriptions:
              - artifact: acme/lib:default
                events: [built]
                workflow: integrate
                inputs: { channel: "\(constant)" }
            """
        }
        let world = World(files: ["acme/lib": lib, "acme/a": app("beta"), "acme/b": app("stable"), "acme/c": app("beta")])
        let (outcome, text) = world.plan("acme/lib", "release", inputs: ["version": "2.1.0"])
        let plan = try #require(outcome.plan, "\(text)")
        let ship = Dictionary(uniqueKeysWithValues: plan.runs.dropFirst().map { ($0.repo, $0.steps[0].condition) })
        #expect(ship["acme/a"] == .some("false"))
        #expect(ship["acme/b"] == .some(nil))
        #expect(ship["acme/c"] == .some("false"))
    }
}
