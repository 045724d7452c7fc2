import TakoBasics
import Testing

@testable import TakoPlanFormat

@Suite struct PlanTemplateTests {
    @Test func parsesTextAndHoles() throws {
        let t = try #require(PlanTemplate(parsing: "echo {{ inputs.version }} > {{steps.build.outputs['out-file']}}!"))
        #expect(
            t.parts == [
                .text("echo "), .hole(PlanHole(path: TemplatePath(["inputs", "version"]))), .text(" > "),
                .hole(PlanHole(path: TemplatePath(["steps", "build", "outputs", "out-file"]))), .text("!"),
            ])
        #expect(t.text == "echo {{ inputs.version }} > {{ steps.build.outputs['out-file'] }}!")
    }

    @Test func parsesExpressionsAndPipes() throws {
        let t = try #require(
            PlanTemplate(parsing: #"x {{ inputs.a || inputs.b | shell_quote }} {{ "}}|" + event.type | default("n|a") | upper }}"#))
        let holes = t.holes
        #expect(holes.count == 2)
        #expect(holes[0].expression == "inputs.a || inputs.b")
        #expect(holes[0].path == nil)
        #expect(holes[0].pipes == [.shellQuote])
        #expect(holes[1].expression == #""}}|" + event.type"#)
        #expect(holes[1].pipes == [.default("n|a"), .upper])
        #expect(t.text == #"x {{ inputs.a || inputs.b | shell_quote }} {{ "}}|" + event.type | default("n|a") | upper }}"#)
        #expect(PlanTemplate(parsing: t.text) == t)
    }

    @Test func aPathWithPipesKeepsItsPath() throws {
        let t = try #require(PlanTemplate(parsing: "{{ inputs['version-bump'] | trim }}"))
        #expect(t.holes.first?.path == TemplatePath(["inputs", "version-bump"]))
        #expect(t.holes.first?.plainPath == nil)
    }

    @Test func aSubtractionIsNotAPath() throws {
        let t = try #require(PlanTemplate(parsing: "{{ inputs.count-1 }}"))
        #expect(t.holes.first?.path == nil)
    }

    @Test func fillsKnownHolesAndKeepsTheRest() throws {
        let t = try #require(PlanTemplate(parsing: "a {{ inputs.x }} b {{ event.payload.v }}"))
        let filled = t.filling { $0.path?.segments == ["inputs", "x"] ? "1" : nil }
        #expect(filled.text == "a 1 b {{ event.payload.v }}")
        #expect(filled.renderedText == nil)
        #expect(filled.filling { _ in "2" }.renderedText == "a 1 b 2")
    }

    @Test func rejectsDamagedTemplates() {
        #expect(PlanTemplate(parsing: "{{ inputs.x") == nil)
        #expect(PlanTemplate(parsing: "{{ }}") == nil)
        #expect(PlanTemplate(parsing: "{{ inputs.x | nonsense }}") == nil)
        #expect(PlanTemplate(parsing: "{{ \"}} }}") == nil)
    }
}
