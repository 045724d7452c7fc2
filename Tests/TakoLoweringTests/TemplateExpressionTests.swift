import TakoBasics
import TakoIR
import Testing

@testable import TakoLowering

/// Holes that are CEL expressions, pipes, the Go tool's spellings, and the shell-injection
/// warning (language.md §7).
@Suite struct TemplateExpressionTests {
    let head = """
        version: "1"
        workflows:
          w:
            inputs: { name: { type: string }, count: { type: number }, flag: { type: boolean }, version-bump: { type: string } }
            steps:
              - id: build
                run: ./build.sh
                produces: { outputs: { tag: from_stdout } }

        """

    func lower(_ steps: String) -> (ids: [DiagnosticID], diagnostics: [Diagnostic], holes: [TemplateHole]) {
        let lowered = Lowering.lower(path: "t.yml", bytes: Array((head + steps).utf8))
        var holes: [TemplateHole] = []
        for step in lowered.manifest?.workflows.first?.steps ?? [] {
            if case .run(let t) = step.action { holes += t.holes }
            for e in step.env { holes += e.value.holes }
        }
        return (lowered.diagnostics.map(\.id), lowered.diagnostics, holes)
    }

    @Test func anExpressionIsCheckedAndKeptWithItsReads() throws {
        let r = lower(
            "      - run: |\n          echo {{ inputs.count + 1.0 }} {{ inputs.flag ? 'yes' : 'no' }} {{ steps.build.outputs.tag.upperAscii() | shell_quote }}\n"
        )
        #expect(r.ids == [])
        #expect(r.holes.map(\.expression) == ["inputs.count + 1.0", "inputs.flag ? 'yes' : 'no'", "steps.build.outputs.tag.upperAscii()"])
        #expect(r.holes[0].path == nil)
        #expect(r.holes[0].reads == ["inputs.count"])
        #expect(r.holes[2].reads == ["steps.build.outputs.tag"])
        #expect(r.holes[2].pipes == [.shellQuote])
        #expect(r.holes[2].text == "steps.build.outputs.tag.upperAscii() | shell_quote")
    }

    @Test func goSpellingsWithPipesBecomeCanonicalPaths() throws {
        let r = lower(
            "      - run: echo {{ .Inputs.name | shell_quote }} {{ .inputs.version-bump | default(\"patch\") | upper }} {{ .Steps.build.tag | shell_quote }}\n"
        )
        #expect(r.ids == [])
        #expect(
            r.holes.map(\.text) == [
                "inputs.name | shell_quote", "inputs['version-bump'] | default(\"patch\") | upper", "steps.build.outputs.tag | shell_quote",
            ])
        #expect(r.holes.map(\.path) == [["inputs", "name"], ["inputs", "version-bump"], ["steps", "build", "outputs", "tag"]])
    }

    @Test func typeErrorsArePlacedInsideTheHole() throws {
        let r = lower("      - run: echo {{ steps.build.outputs.tag + 1 }}\n")
        #expect(r.ids == [.celNoMatchingOverload])
        // The `+`, after `      - run: echo {{ steps.build.outputs.tag `.
        #expect(r.diagnostics[0].range?.start == SourceLocation(line: 9, column: 46))
    }

    @Test func aListNeedsJSON() throws {
        #expect(lower("      - run: echo {{ inputs.name.split(',') }}\n").ids == [.templateType])
        #expect(lower("      - run: echo {{ inputs.name.split(',') | json | shell_quote }}\n").ids == [])
        #expect(lower("      - run: echo {{ inputs.name.split(',') | upper }}\n").ids == [.templateType])
    }

    @Test func unknownPipesAndGoStyleArgumentsAreExplained() throws {
        let bad = lower("      - run: echo {{ inputs.name | shell_qoute }}\n")
        #expect(bad.ids == [.templatePipe])
        #expect(bad.diagnostics[0].message.contains("did you mean 'shell_quote'"))
        #expect(bad.diagnostics[0].range?.start == SourceLocation(line: 9, column: 36))
        let goStyle = lower("      - run: echo {{ inputs.name | default \"x\" }}\n")
        #expect(goStyle.ids == [.templatePipe])
        #expect(goStyle.diagnostics[0].message.contains("default(\"TEXT\")"))
        #expect(lower("      - run: echo {{ inputs.name | }}\n").ids == [.templatePipe])
        #expect(lower("      - run: echo {{ | upper }}\n").ids == [.templateSyntax])
    }

    @Test func aClosingBraceInsideAStringDoesNotCloseTheHole() throws {
        let r = lower("      - run: 'echo {{ \"}}\" + inputs.name | shell_quote }}'\n")
        #expect(r.ids == [])
        #expect(r.holes.first?.expression == "\"}}\" + inputs.name")
    }

    @Test func theDottedFormIsForPathsOnly() throws {
        let r = lower("      - run: echo {{ .Inputs.name + 'x' }}\n")
        #expect(r.ids == [.templateSyntax])
    }

    @Test func untrustedValuesInRunNeedShellQuote() throws {
        #expect(lower("      - run: ./deploy.sh {{ steps.build.outputs.tag }}\n").ids == [.shellInjection])
        #expect(lower("      - run: ./deploy.sh {{ steps.build.outputs.tag.trim() }}\n").ids == [.shellInjection])
        #expect(lower("      - run: ./deploy.sh {{ steps.build.outputs.tag | shell_quote | json }}\n").ids == [.shellInjection])
        #expect(lower("      - run: ./deploy.sh {{ steps.build.outputs.tag | trim | shell_quote }}\n").ids == [])
        // The fix the warning suggests: through env, where the shell does not read it as code.
        #expect(lower("      - run: ./deploy.sh \"$TAG\"\n        env: { TAG: \"{{ steps.build.outputs.tag }}\" }\n").ids == [])
        // Inputs are the workflow's own (typed, validated) values, not untrusted ones.
        #expect(lower("      - run: echo {{ inputs.name }}\n").ids == [])
    }

    @Test func eventIsInScopeInAWorkflowAFileSubscriptionStarts() throws {
        let yaml = """
            version: "1"
            workflows:
              on-release:
                steps:
                  - run: echo {{ event.payload.version | shell_quote }} {{ event.source }}
                  - run: echo {{ event.payload.version }}
            subscriptions:
              - artifact: acme/lib:default
                events: [library_built]
                workflow: on-release

            """
        let lowered = Lowering.lower(path: "t.yml", bytes: Array(yaml.utf8))
        #expect(lowered.diagnostics.map(\.id) == [.shellInjection])
        #expect(lowered.diagnostics.first?.range?.start.line == 6)
    }

    @Test func aValueWithThousandsOfBadHolesStopsAfterTheFirstTwenty() throws {
        let r = lower("      - run: \"" + String(repeating: "{{ nope }}", count: 5000) + "\"\n")
        #expect(r.ids.count == Lowerer.maxFailedHoles + 1)
        #expect(r.diagnostics.last?.message.contains("the rest of its holes are not checked") == true)
    }
}
